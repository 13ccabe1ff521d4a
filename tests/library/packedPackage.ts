// Packs this repository with `npm pack` (which builds dist/ through `prepack`) and
// installs the tarball into a scratch Pulumi program in a temporary directory outside
// the repository, the way another team would use the library. No network: the
// tarball is installed with `--offline`; its dependencies (the policy rules' libraries,
// `pg`) are copied from this repository's node_modules first, so npm finds them
// installed, and its peer dependencies (the Pulumi SDKs) are linked from there, so the
// program and the library share one copy of each SDK as they would in a real install.
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { runtimeDependencyClosure } from "../../components/rotation/lambdaCode";

export const REPO_ROOT = path.resolve(__dirname, "../..");
/** The program the consumer test installs the package into (also a usage example). */
export const CONSUMER_PROGRAM = path.join(REPO_ROOT, "examples/library-consumer");
/** Peer dependencies of the package, plus the Node.js types the program compiles against. */
const LINKED_MODULES = ["@pulumi/pulumi", "@pulumi/aws", "@pulumi/random", "@pulumi/vault", "@pulumi/policy", "@pulumiverse/time", "@types/node"];

export interface ScratchProgram {
    /** Where the program lives (a temporary directory outside the repository). */
    readonly dir: string;
    readonly tarball: string;
    /** Files in the tarball, e.g. `package/dist/components/index.js`. */
    readonly packedFiles: string[];
    remove(): void;
}

function npm(args: string[], cwd: string): string {
    // Under `npm test` npm tells its scripts where its CLI is; elsewhere use the one on PATH.
    const cli = process.env.npm_execpath;
    const [command, prefix] = cli !== undefined && path.basename(cli) === "npm-cli.js" ? [process.execPath, [cli]] : ["npm", []];
    return execFileSync(command, [...prefix, ...args], { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, npm_config_update_notifier: "false" } });
}

/**
 * One `npm pack` at a time: the build empties dist/ first, and the unit and real-engine
 * suites run in parallel. A directory is the lock (mkdir is atomic); a stale one is taken over.
 */
function withPackLock<T>(run: () => T): T {
    const lock = path.join(REPO_ROOT, ".cache", "library-pack.lock");
    fs.mkdirSync(path.dirname(lock), { recursive: true });
    const deadline = Date.now() + 300_000;
    for (;;) {
        try {
            fs.mkdirSync(lock);
            break;
        } catch {
            const age = Date.now() - (fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
            if (age > 300_000) fs.rmSync(lock, { recursive: true, force: true });
            if (Date.now() > deadline) throw new Error(`waited 5 min for ${lock}; remove it if no test is packing`);
            Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
        }
    }
    try {
        return run();
    } finally {
        fs.rmSync(lock, { recursive: true, force: true });
    }
}

/** Packs the repository and builds the scratch program around the installed tarball. */
export function createScratchProgram(): ScratchProgram {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "secretset-consumer-"));
    const remove = (): void => fs.rmSync(dir, { recursive: true, force: true });
    try {
        const packOutput = withPackLock(() => npm(["pack", "--json", "--pack-destination", dir], REPO_ROOT));
        const [packed] = JSON.parse(packOutput.slice(packOutput.indexOf("["))) as { filename: string; files: { path: string }[] }[];
        const tarball = path.join(dir, path.basename(packed.filename));

        const program = path.join(dir, "program");
        fs.mkdirSync(program);
        for (const file of ["index.ts", "Pulumi.yaml", "tsconfig.json"]) fs.copyFileSync(path.join(CONSUMER_PROGRAM, file), path.join(program, file));
        fs.writeFileSync(path.join(program, "package.json"), JSON.stringify({ name: "library-consumer", version: "1.0.0", private: true, main: "index.js" }, null, 2));
        // What npm would download: the package's dependencies and theirs, as installed here.
        const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { dependencies?: Record<string, string> };
        for (const name of runtimeDependencyClosure(Object.keys(manifest.dependencies ?? {}), path.join(REPO_ROOT, "node_modules"))) {
            fs.cpSync(path.join(REPO_ROOT, "node_modules", name), path.join(program, "node_modules", name), { recursive: true, dereference: true });
        }
        npm(["install", "--offline", "--no-audit", "--no-fund", "--ignore-scripts", "--legacy-peer-deps", tarball], program);
        for (const name of LINKED_MODULES) {
            const target = path.join(program, "node_modules", name);
            fs.mkdirSync(path.dirname(target), { recursive: true });
            fs.symlinkSync(path.join(REPO_ROOT, "node_modules", name), target, "dir");
        }
        // Compiling type-checks the program against the package's .d.ts files.
        execFileSync(process.execPath, [path.join(REPO_ROOT, "node_modules/typescript/bin/tsc"), "-p", program], { cwd: program, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
        return { dir: program, tarball, packedFiles: packed.files.map((f) => `package/${f.path}`), remove };
    } catch (error) {
        remove();
        const e = error as { message: string; stdout?: string; stderr?: string };
        throw new Error(`building the scratch program failed: ${e.message}\n${e.stdout ?? ""}\n${e.stderr ?? ""}`);
    }
}
