// Shared helpers of the offline-preview tests: fixture paths, running the CLI
// as a process (what a user runs) and a sentinel that must never be printed.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

export const REPO = path.resolve(__dirname, "..", "..");
export const FIXTURES = path.join(__dirname, "fixtures");
export const FIXTURE_PROGRAM = path.join(FIXTURES, "program", "index.ts");
export const FIXTURE_PACK = path.join(FIXTURES, "pack");
export const GOOD_CONFIG = path.join(FIXTURES, "program", "Pulumi.good.yaml");
export const BAD_CONFIG = path.join(FIXTURES, "program", "Pulumi.bad.yaml");
export const STRICT_POLICY_CONFIG = path.join(FIXTURES, "program", "policy-config.json");
export const STACK_EXPORT = path.join(FIXTURES, "state", "stack-export.json");
export const STACK_EXPORT_V2 = path.join(FIXTURES, "state", "stack-export-v2.json");
export const PREVIEW_JSON = path.join(FIXTURES, "state", "preview.json");
/** Planted in the export fixture's plaintext secret; the fixture pack's leaky policy echoes LEAK* values. */
export const EXPORT_SENTINEL = "LEAK-SENTINEL-7f3a9c2e41b8";

export interface CliRun {
    status: number | null;
    stdout: string;
    stderr: string;
}

export function runCli(args: readonly string[]): CliRun {
    const result = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", path.join(REPO, "tools", "preview", "cli.ts"), ...args], {
        cwd: REPO,
        encoding: "utf8",
        timeout: 120_000,
    });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Runs the fixture program and pack with a stack config file. */
export function runFixture(config: string, extra: readonly string[] = []): CliRun {
    return runCli(["--stack", "dev", "--config", config, "--program", FIXTURE_PROGRAM, "--policy-pack", FIXTURE_PACK, ...extra]);
}

export function tempFile(name: string, content: string): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "preview-test-"));
    const file = path.join(dir, name);
    fs.writeFileSync(file, content);
    return file;
}

/** A stack trace line, as Node prints them. */
export const STACK_TRACE_LINE = /^\s+at .+\(.*:\d+:\d+\)$|^\s+at .+:\d+:\d+$/m;
