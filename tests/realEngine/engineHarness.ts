// Runs a Pulumi program directory through the real Pulumi CLI (built by
// scripts/build-pulumi-cli.sh) with the stand-in language host and pass-through
// providers, fully offline: a throw-away PULUMI_HOME, state in a local folder
// (`pulumi login file://...`), the passphrase secrets provider, no plugin
// downloads, no update check. The program is copied into the workspace (with
// its node_modules linked) so stack files written by `pulumi config set` never
// touch the source tree.
//
//   const ws = await createEngineWorkspace(repoRoot);
//   await ws.initStack("dev", { "docker-password": "..." });
//   const result = await ws.pulumi(["preview", "--stack", "dev", "--policy-pack", "policies"]);
//   ws.dispose();
import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { installStandins } from "./pluginInstall";

export const REPO_ROOT = path.resolve(__dirname, "..", "..");
/** The CLI the project builds; tests use no other. */
export const PULUMI_CLI = path.join(REPO_ROOT, ".cache", "engine", "bin", "pulumi");
/** Where workspaces are created (each removed by `dispose()`). */
export const WORKSPACES_DIR = path.join(REPO_ROOT, ".cache", "engine", "workspaces");
export const TEST_PASSPHRASE = "secretset-real-engine-tests";
const SKIPPED_WHEN_COPYING = new Set(["node_modules", ".git", ".cache", ".venv", ".test-servers", "bin"]);

export interface CliResult {
    code: number;
    stdout: string;
    stderr: string;
}

export interface EngineWorkspace {
    /** The workspace copy of the program; stack files live here. */
    programDir: string;
    /** Environment every CLI call gets (offline settings, PULUMI_HOME, PATH with the stand-ins). */
    env: NodeJS.ProcessEnv;
    /** Runs the real CLI in the program copy; never throws on a non-zero exit. */
    pulumi(args: readonly string[], options?: { timeoutMs?: number }): Promise<CliResult>;
    /** Like `pulumi`, but throws with the CLI's output when the exit code is not 0. */
    pulumiOk(args: readonly string[], options?: { timeoutMs?: number }): Promise<CliResult>;
    /** Writes Pulumi.<stack>.yaml (when text is given), creates the stack and sets secret config values with `--secret`. */
    initStack(stack: string, secrets?: Readonly<Record<string, string>>, stackFileText?: string): Promise<void>;
    dispose(): void;
}

/** The project's CLI; a missing binary is an error (the suite must fail, not skip). */
export function requirePulumiCli(): string {
    if (!fs.existsSync(PULUMI_CLI)) {
        throw new Error(`The real-engine tests need the Pulumi CLI at ${PULUMI_CLI}; build it with scripts/build-pulumi-cli.sh.`);
    }
    return PULUMI_CLI;
}

function copyProgram(sourceDir: string, targetDir: string): void {
    fs.mkdirSync(targetDir, { recursive: true });
    for (const entry of fs.readdirSync(sourceDir)) {
        if (SKIPPED_WHEN_COPYING.has(entry)) continue;
        fs.cpSync(path.join(sourceDir, entry), path.join(targetDir, entry), { recursive: true, dereference: false });
    }
    const modules = path.join(sourceDir, "node_modules");
    fs.symlinkSync(fs.existsSync(modules) ? modules : path.join(REPO_ROOT, "node_modules"), path.join(targetDir, "node_modules"), "dir");
}

function runCli(cli: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<CliResult> {
    return new Promise((resolve, reject) => {
        const child = spawn(cli, [...args], { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
        let stdout = "", stderr = "";
        child.stdout.on("data", (chunk: Buffer) => { stdout += chunk.toString(); });
        child.stderr.on("data", (chunk: Buffer) => { stderr += chunk.toString(); });
        const timer = setTimeout(() => {
            child.kill("SIGKILL");
            reject(new Error(`pulumi ${args.join(" ")} did not finish within ${timeoutMs / 1000} s.\n${stdout}\n${stderr}`));
        }, timeoutMs);
        child.on("error", (error) => { clearTimeout(timer); reject(error); });
        child.on("close", (code) => { clearTimeout(timer); resolve({ code: code ?? 1, stdout, stderr }); });
    });
}

/** Folders of one offline CLI setup. */
export interface EngineFolders {
    pulumiHome: string;
    binDir: string;
    stateDir: string;
}

/** The environment for the real CLI with the stand-ins in `folders` (install them first with installStandins). */
export function offlineEngineEnvironment(folders: EngineFolders): NodeJS.ProcessEnv {
    const { pulumiHome, binDir, stateDir } = folders;
    const env: NodeJS.ProcessEnv = {
        ...process.env,
        PATH: [binDir, path.dirname(process.execPath), process.env.PATH ?? ""].join(path.delimiter),
        PULUMI_HOME: pulumiHome,
        PULUMI_BACKEND_URL: `file://${stateDir}`,
        PULUMI_CONFIG_PASSPHRASE: TEST_PASSPHRASE,
        PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
        PULUMI_SKIP_UPDATE_CHECK: "true",
        PULUMI_SKIP_CONFIRMATIONS: "true",
        // Enables `--event-log` (engine events as JSON lines: policy violations, steps), as the Automation API does.
        PULUMI_DEBUG_COMMANDS: "true",
        // `npm test` type-checks the program with tsc; the engine runs it transpile-only for speed.
        PULUMI_NODEJS_TRANSPILE_ONLY: "true",
        NO_COLOR: "1",
    };
    // The stand-ins must not pick up a developer's cloud settings.
    for (const key of ["AWS_REGION", "AWS_DEFAULT_REGION", "AWS_PROFILE", "VAULT_ADDR", "VAULT_TOKEN", "PULUMI_ACCESS_TOKEN"]) delete env[key];

    return env;
}

/** A fresh offline CLI workspace holding a copy of the program in `sourceDir` (default: this repository). */
export async function createEngineWorkspace(sourceDir: string = REPO_ROOT): Promise<EngineWorkspace> {
    const cli = requirePulumiCli();
    // Inside the project's git-ignored .cache, not the shared /tmp, which other jobs may clean.
    fs.mkdirSync(WORKSPACES_DIR, { recursive: true });
    const root = fs.mkdtempSync(path.join(WORKSPACES_DIR, "ws-"));
    const programDir = path.join(root, "program");
    const pulumiHome = path.join(root, "pulumi-home");
    const binDir = path.join(root, "bin");
    const stateDir = path.join(root, "state");
    fs.mkdirSync(stateDir, { recursive: true });
    copyProgram(sourceDir, programDir);
    installStandins(pulumiHome, binDir, programDir);

    const env = offlineEngineEnvironment({ pulumiHome, binDir, stateDir });

    const pulumi = (args: readonly string[], options: { timeoutMs?: number } = {}) =>
        runCli(cli, [...args, "--non-interactive"], programDir, env, options.timeoutMs ?? 300_000);
    const pulumiOk = async (args: readonly string[], options: { timeoutMs?: number } = {}) => {
        const result = await pulumi(args, options);
        if (result.code !== 0) throw new Error(`pulumi ${args.join(" ")} exited with ${result.code}:\n${result.stdout}\n${result.stderr}`);
        return result;
    };
    await pulumiOk(["login", `file://${stateDir}`]);

    return {
        programDir,
        env,
        pulumi,
        pulumiOk,
        async initStack(stack, secrets = {}, stackFileText) {
            if (stackFileText !== undefined) fs.writeFileSync(path.join(programDir, `Pulumi.${stack}.yaml`), stackFileText);
            await pulumiOk(["stack", "init", stack, "--secrets-provider", "passphrase"]);
            for (const [key, value] of Object.entries(secrets)) {
                await pulumiOk(["config", "set", "--secret", "--stack", stack, key, value]);
            }
        },
        dispose() {
            fs.rmSync(root, { recursive: true, force: true });
        },
    };
}
