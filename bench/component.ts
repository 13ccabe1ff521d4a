// `npm run bench`: what the SecretSet component costs over registering the same
// cloud resources by hand, under the SDK mocks. Prints figures; asserts nothing.
//
// Each case runs in a child process of its own so its peak memory is its own.
// Error.stackTraceLimit = 0 in the child: the SDK captures a stack trace per
// registration and ts-node's source maps otherwise dominate the time.
import { spawnSync } from "child_process";
import * as path from "path";

const SIZES = [100, 1000];
const MODES = ["component", "bare"] as const;

interface CaseResult {
    mode: string;
    secrets: number;
    resources: number;
    wallMs: number;
    peakRssMb: number;
}

function runCase(mode: (typeof MODES)[number], secrets: number): CaseResult {
    const worker = path.join(__dirname, "componentWorker.ts");
    const child = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", worker, mode, String(secrets)], {
        cwd: path.join(__dirname, ".."),
        encoding: "utf8",
        maxBuffer: 16 * 1024 * 1024,
    });
    if (child.status !== 0) {
        throw new Error(`bench case ${mode} N=${secrets} failed:\n${child.stderr}`);
    }
    const lastLine = child.stdout.trim().split("\n").pop() ?? "";
    return JSON.parse(lastLine) as CaseResult;
}

function main(): void {
    const rows: string[] = [];
    let previousPerSecret: number | undefined;
    console.log("SecretSet component vs bare resources under pulumi mocks (each case in its own process)");
    console.log("N      mode       resources  wall ms   ms/secret  peak RSS MB");
    for (const n of SIZES) {
        const results = MODES.map((mode) => runCase(mode, n));
        for (const r of results) {
            console.log(
                `${String(n).padEnd(6)} ${r.mode.padEnd(10)} ${String(r.resources).padEnd(10)} ${r.wallMs.toFixed(0).padEnd(9)} ${(r.wallMs / n).toFixed(2).padEnd(10)} ${r.peakRssMb.toFixed(0)}`,
            );
        }
        const [component, bare] = results;
        const ratio = component.wallMs / bare.wallMs;
        const perSecret = component.wallMs / n;
        const growth = previousPerSecret === undefined ? "" : `, component ms/secret vs previous N: ${(perSecret / previousPerSecret).toFixed(2)}x`;
        rows.push(`N=${n}: component/bare wall time ratio ${ratio.toFixed(2)} (goal <= 1.50)${growth}`);
        previousPerSecret = perSecret;
    }
    console.log("");
    rows.forEach((row) => console.log(row));
}

main();
