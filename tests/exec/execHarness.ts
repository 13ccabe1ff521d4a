// Runs `secretset exec` as a real child process (as a runner would) against moto and
// OpenBao behind counting proxies, and seeds an estate of sentinel values where
// SecretSet would have stored them (names from the same naming module).
import { CreateSecretCommand } from "@aws-sdk/client-secrets-manager";
import { PutParameterCommand, SSMClient } from "@aws-sdk/client-ssm";
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { secretsManagerName, ssmParameterName, vaultSecretPath } from "../../policies/lib/naming";
import { motoSecretsManagerClient } from "../fixtures/motoRotation";
import { MOTO_CREDENTIALS, MOTO_REGION } from "../fixtures/servers";

const REPO_ROOT = path.resolve(__dirname, "..", "..");
const CLI = path.join(REPO_ROOT, "tools", "exec", "cli.ts");
const TS_NODE = require.resolve("ts-node/register/transpile-only");

export const APP = "exec-demo";
export const ENVIRONMENT = "ci";

export interface SeededSecret {
    readonly name: string;
    readonly declaration: Record<string, unknown>;
    readonly store: "ssm-string" | "ssm-secure" | "secretsmanager" | "vault";
    /** The value the command must see (for jsonKey secrets: the key's value). */
    readonly sentinel: string;
    /** What the store holds. */
    readonly stored: string;
}

export function sentinel(name: string): string {
    return `SENTINEL-${randomBytes(8).toString("hex")}-${name}`;
}

export function stackYaml(secrets: readonly SeededSecret[]): string {
    const lines = ["config:", "  aws:region: us-east-1", `  secretset:app: ${APP}`, `  secretset:environment: ${ENVIRONMENT}`, "  secretset:vault:", "    mount: secret", "  secretset:secrets:"];
    for (const secret of secrets) lines.push(`    ${secret.name}: ${JSON.stringify(secret.declaration)}`);
    return `${lines.join("\n")}\n`;
}

export async function seed(secrets: readonly SeededSecret[], motoEndpoint: string, vault: { address: string; token: string }): Promise<void> {
    const ssm = new SSMClient({ endpoint: motoEndpoint, region: MOTO_REGION, credentials: MOTO_CREDENTIALS, maxAttempts: 1 });
    const secretsManager = motoSecretsManagerClient(motoEndpoint);
    for (const secret of secrets) {
        if (secret.store === "ssm-string" || secret.store === "ssm-secure") {
            await ssm.send(new PutParameterCommand({ Name: ssmParameterName(ENVIRONMENT, APP, secret.name), Value: secret.stored, Type: secret.store === "ssm-string" ? "String" : "SecureString" }));
        } else if (secret.store === "secretsmanager") {
            await secretsManager.send(new CreateSecretCommand({ Name: secretsManagerName(ENVIRONMENT, APP, secret.name), SecretString: secret.stored }));
        } else {
            const response = await fetch(`${vault.address}/v1/secret/data/${vaultSecretPath(ENVIRONMENT, APP, secret.name)}`, {
                method: "POST",
                headers: { "X-Vault-Token": vault.token, "content-type": "application/json" },
                body: JSON.stringify({ data: JSON.parse(secret.stored) }),
            });
            if (!response.ok) throw new Error(`OpenBao refused the seed write: ${response.status}`);
        }
    }
}

export interface ExecRun {
    readonly code: number | null;
    readonly signal: NodeJS.Signals | null;
    readonly stdout: string;
    readonly stderr: string;
}

export interface ExecOptions {
    readonly env: Record<string, string>;
    readonly cwd: string;
    /** Called with the running exec process (e.g. to send it a signal). */
    readonly onStart?: (pid: number, output: () => string) => void;
}

/** `node cli.ts <args>` with exactly `env` (plus PATH), capturing stdout and stderr. */
export function runExec(args: readonly string[], options: ExecOptions): Promise<ExecRun> {
    return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, ["-r", TS_NODE, CLI, ...args], {
            cwd: options.cwd,
            env: { PATH: process.env.PATH ?? "", TS_NODE_PROJECT: path.join(REPO_ROOT, "tsconfig.json"), ...options.env },
            stdio: ["ignore", "pipe", "pipe"],
        });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
        child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
        child.once("error", reject);
        child.once("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
        if (child.pid !== undefined) options.onStart?.(child.pid, () => stdout);
    });
}

/** A fresh directory used as cwd and HOME, scanned afterwards for anything written. */
export function scratchDirectory(): string {
    return fs.mkdtempSync(path.join(os.tmpdir(), "secretset-exec-"));
}

/** Every file under `dir` whose bytes contain one of `needles`. */
export function filesContaining(dir: string, needles: readonly string[]): string[] {
    const found: string[] = [];
    const walk = (current: string) => {
        for (const entry of fs.readdirSync(current, { withFileTypes: true })) {
            const file = path.join(current, entry.name);
            if (entry.isDirectory()) walk(file);
            else if (entry.isFile()) {
                const text = fs.readFileSync(file, "latin1");
                if (needles.some((n) => text.includes(n))) found.push(file);
            }
        }
    };
    walk(dir);
    return found;
}
