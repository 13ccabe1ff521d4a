// Starts a policy pack as its own process, the way `pulumi preview --policy-pack`
// does: the SDK's Node.js policy host (`@pulumi/pulumi/cmd/run-policy-pack
// <engine-address> <pack-dir>`, run from the pack folder) loads the pack, serves
// the analyzer gRPC service and prints its port on stdout.
import { ChildProcess, spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { InputError } from "./inputError";

export interface PackProcess {
    /** host:port of the analyzer gRPC server. */
    address: string;
    pid: number;
    /** Stops the pack (always call it); returns its peak resident memory and CPU time. */
    stop(): Promise<{ maxRssKb: number; cpuMs: number }>;
}

const TRANSPILE_ONLY_PRELOAD = path.join(__dirname, "transpileOnlyPackHost.js");
const START_TIMEOUT_MS = 60_000;
const OWN_NODE_MODULES = path.resolve(__dirname, "..", "..", "node_modules");

/** The policy host from the pack's own node_modules when it has one, else ours. */
function policyHostPath(packDir: string): string {
    return require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [packDir, __dirname] });
}

/** Peak resident set size from /proc (Linux); 0 where unavailable. */
export function peakRssKbOf(pid: number): number {
    try {
        const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
        const match = /^VmHWM:\s+(\d+)\s+kB/m.exec(status);
        return match ? Number(match[1]) : 0;
    } catch {
        return 0;
    }
}

/** User + system CPU time from /proc (Linux); 0 where unavailable. */
export function cpuMsOf(pid: number): number {
    try {
        // Fields after the parenthesised command name; utime and stime are the 12th and 13th.
        const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
        const clockTicksPerSecond = 100;
        return ((Number(fields[11]) + Number(fields[12])) * 1000) / clockTicksPerSecond;
    } catch {
        return 0;
    }
}

function lastMeaningfulLine(text: string): string {
    const lines = text.split("\n").map((l) => l.trim()).filter((l) => l !== "" && !l.startsWith("at "));
    const error = lines.find((l) => /error/i.test(l));
    return error ?? lines[lines.length - 1] ?? "no output";
}

function stopProcess(child: ChildProcess): Promise<void> {
    return new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const force = setTimeout(() => child.kill("SIGKILL"), 3_000);
        child.once("exit", () => {
            clearTimeout(force);
            resolve();
        });
        child.kill("SIGTERM");
    });
}

export function startPolicyPack(packDir: string): Promise<PackProcess> {
    const dir = path.resolve(packDir);
    if (!fs.existsSync(path.join(dir, "package.json"))) {
        return Promise.reject(new InputError(`Policy pack folder ${dir} has no package.json; pass --policy-pack <dir> of a policy pack.`));
    }
    // The engine address is not used by Node.js packs; the host only requires one.
    const child = spawn(process.execPath, ["-r", TRANSPILE_ONLY_PRELOAD, policyHostPath(dir), "127.0.0.1:0", "."], {
        cwd: dir,
        // stdin stays open: the host exits when it closes, so the pack never outlives the preview.
        stdio: ["pipe", "pipe", "pipe"],
        // A third-party pack without node_modules of its own (or without ts-node or
        // typescript in them) resolves those from ours: NODE_PATH is Node's last resort.
        env: { ...process.env, NODE_OPTIONS: "", NODE_PATH: [OWN_NODE_MODULES, process.env.NODE_PATH].filter(Boolean).join(path.delimiter) },
    });
    return new Promise((resolve, reject) => {
        let stdout = "";
        let stderr = "";
        let settled = false;
        const settle = (action: () => void) => {
            if (!settled) {
                settled = true;
                clearTimeout(timer);
                action();
            }
        };
        const timer = setTimeout(() => {
            settle(() => reject(new InputError(`Policy pack ${dir} did not print its port within ${START_TIMEOUT_MS / 1000} s.`)));
            void stopProcess(child);
        }, START_TIMEOUT_MS);
        child.stderr!.on("data", (chunk) => (stderr += chunk));
        child.stdout!.on("data", (chunk) => {
            stdout += chunk;
            const port = /^(\d+)\s*$/m.exec(stdout)?.[1];
            if (port) {
                settle(() =>
                    resolve({
                        address: `127.0.0.1:${port}`,
                        pid: child.pid!,
                        stop: async () => {
                            const usage = { maxRssKb: peakRssKbOf(child.pid!), cpuMs: cpuMsOf(child.pid!) };
                            await stopProcess(child);
                            return usage;
                        },
                    }),
                );
            }
        });
        child.once("error", (error) => settle(() => reject(new InputError(`Cannot start policy pack ${dir}: ${error.message}`))));
        child.once("exit", (code) =>
            settle(() => reject(new InputError(`Policy pack ${dir} exited (code ${code}) before serving: ${lastMeaningfulLine(stderr + stdout)}`))),
        );
    });
}
