// Batched reads of the chosen secrets: SSM GetParameters (10 names a call, decrypted),
// Secrets Manager BatchGetSecretValue (20 ids a call) and one KV v2 read per Vault
// secret. Values only ever go into the returned map; errors name secrets and stores,
// never a value (not even a JSON parse error, whose message can quote its input).
import { BatchGetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { GetParametersCommand, SSMClient } from "@aws-sdk/client-ssm";
import { VAULT_VALUE_FIELD } from "../../components/values";
import type { ExecTarget } from "./targets";

/** API limits: names per GetParameters call and ids per BatchGetSecretValue call. */
export const SSM_GET_PARAMETERS_MAX = 10;
export const SECRETS_MANAGER_BATCH_MAX = 20;

/** A failure that stops exec before the command starts (exit 2). */
export class ExecError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "ExecError";
    }
}

export interface ReaderClients {
    readonly ssm: () => SSMClient;
    readonly secretsManager: () => SecretsManagerClient;
    readonly vault: () => { readonly address: string; readonly token: string; readonly namespace?: string };
}

export function chunks<T>(items: readonly T[], size: number): T[][] {
    const result: T[][] = [];
    for (let i = 0; i < items.length; i += size) result.push(items.slice(i, i + size));
    return result;
}

/** Turns an SDK failure into a message with the fix; never includes request or response bodies. */
export function awsFailure(error: unknown, what: string): ExecError {
    const name = (error as { name?: string }).name ?? "Error";
    if (name === "CredentialsProviderError" || /credential/i.test(name)) {
        return new ExecError(`No AWS credentials for ${what}: give the runner credentials (instance or task role, web identity/OIDC, AWS_PROFILE) before \`secretset exec\`.`);
    }
    if (/AccessDenied|UnrecognizedClient|InvalidSignature|ExpiredToken/i.test(name)) {
        return new ExecError(`AWS refused ${what} (${name}): the runner's role needs the consumer's read grant on these secrets.`);
    }
    const message = error instanceof Error ? error.message.split("\n")[0] : String(error);
    return new ExecError(`${what} failed (${name}): ${message}`);
}

function selectValue(target: ExecTarget, raw: string, where: string): string {
    if (target.jsonKey === undefined) return raw;
    let document: unknown;
    try {
        document = JSON.parse(raw);
    } catch {
        throw new ExecError(`Secret \`${target.secret}\` (${where}) is declared with \`generate.jsonKey: ${target.jsonKey}\` but its value is not a JSON document.`);
    }
    const value = typeof document === "object" && document !== null ? (document as Record<string, unknown>)[target.jsonKey] : undefined;
    if (typeof value !== "string") throw new ExecError(`Secret \`${target.secret}\` (${where}) has no string field \`${target.jsonKey}\`.`);
    return value;
}

async function readSsm(targets: readonly ExecTarget[], client: SSMClient, values: Map<string, string>): Promise<void> {
    for (const batch of chunks(targets, SSM_GET_PARAMETERS_MAX)) {
        const byName = new Map(batch.map((t) => [(t.location as { name: string }).name, t]));
        let response;
        try {
            response = await client.send(new GetParametersCommand({ Names: [...byName.keys()], WithDecryption: true }));
        } catch (error) {
            throw awsFailure(error, `reading SSM parameters ${[...byName.keys()].join(", ")}`);
        }
        const missing = (response.InvalidParameters ?? []).map((name) => `\`${byName.get(name)?.secret ?? name}\` (${name})`);
        if (missing.length > 0) {
            throw new ExecError(`Not found in SSM Parameter Store: ${missing.join(", ")}; run \`pulumi up\` for the stack, or check --stack and the region.`);
        }
        for (const parameter of response.Parameters ?? []) {
            const target = parameter.Name === undefined ? undefined : byName.get(parameter.Name);
            if (target !== undefined && parameter.Value !== undefined) values.set(target.secret, selectValue(target, parameter.Value, `SSM ${parameter.Name}`));
        }
    }
}

async function readSecretsManager(targets: readonly ExecTarget[], client: SecretsManagerClient, values: Map<string, string>): Promise<void> {
    for (const batch of chunks(targets, SECRETS_MANAGER_BATCH_MAX)) {
        const byName = new Map(batch.map((t) => [(t.location as { name: string }).name, t]));
        let response;
        try {
            response = await client.send(new BatchGetSecretValueCommand({ SecretIdList: [...byName.keys()] }));
        } catch (error) {
            throw awsFailure(error, `reading Secrets Manager secrets ${[...byName.keys()].join(", ")}`);
        }
        const failed = (response.Errors ?? []).map((e) => {
            const target = e.SecretId === undefined ? undefined : byName.get(e.SecretId);
            return `\`${target?.secret ?? e.SecretId}\` (${e.SecretId}: ${e.ErrorCode ?? "error"})`;
        });
        if (failed.length > 0) {
            throw new ExecError(`Cannot read from Secrets Manager: ${failed.join(", ")}; run \`pulumi up\` for the stack, check --stack and the region, or grant the runner's role read access.`);
        }
        for (const secret of response.SecretValues ?? []) {
            const target = byName.get(secret.Name ?? "");
            if (target === undefined) continue;
            if (secret.SecretString === undefined) {
                throw new ExecError(`Secret \`${target.secret}\` (Secrets Manager ${secret.Name}) has no string value yet (binary or never set); set it or let its rotation write the first value.`);
            }
            values.set(target.secret, selectValue(target, secret.SecretString, `Secrets Manager ${secret.Name}`));
        }
    }
}

async function readVault(targets: readonly ExecTarget[], connect: ReaderClients["vault"], values: Map<string, string>): Promise<void> {
    if (targets.length === 0) return;
    const { address, token, namespace } = connect();
    for (const target of targets) {
        const location = target.location as { mount: string; path: string };
        const where = `Vault ${location.mount}/data/${location.path}`;
        let response: Response;
        try {
            response = await fetch(`${address.replace(/\/+$/, "")}/v1/${location.mount}/data/${location.path}`, {
                headers: { "X-Vault-Token": token, ...(namespace !== undefined ? { "X-Vault-Namespace": namespace } : {}) },
            });
        } catch (error) {
            throw new ExecError(`Cannot reach Vault at ${address} to read \`${target.secret}\`: ${(error as Error).message}; check VAULT_ADDR.`);
        }
        if (response.status === 404) throw new ExecError(`Secret \`${target.secret}\` not found at ${where}; run \`pulumi up\` for the stack or check --stack.`);
        if (response.status === 403) throw new ExecError(`Vault refused to read \`${target.secret}\` at ${where} (403): VAULT_TOKEN needs the consumer's read policy.`);
        if (!response.ok) throw new ExecError(`Vault answered ${response.status} reading \`${target.secret}\` at ${where}.`);
        const body = (await response.json().catch(() => undefined)) as { data?: { data?: Record<string, unknown> } } | undefined;
        const data = body?.data?.data;
        if (data === undefined || data === null) throw new ExecError(`Secret \`${target.secret}\` at ${where} has no data (deleted or destroyed version).`);
        const field = target.jsonKey ?? VAULT_VALUE_FIELD;
        const value = data[field];
        if (typeof value !== "string") throw new ExecError(`Secret \`${target.secret}\` at ${where} has no string field \`${field}\`.`);
        values.set(target.secret, value);
    }
}

/** Secret name -> value for every target, with the fewest calls the APIs allow. */
export async function readSecretValues(targets: readonly ExecTarget[], clients: ReaderClients): Promise<Map<string, string>> {
    const values = new Map<string, string>();
    const ssm = targets.filter((t) => t.location.store === "ssm");
    const secretsManager = targets.filter((t) => t.location.store === "secretsmanager");
    const vault = targets.filter((t) => t.location.store === "vault");
    if (ssm.length > 0) await readSsm(ssm, clients.ssm(), values);
    if (secretsManager.length > 0) await readSecretsManager(secretsManager, clients.secretsManager(), values);
    await readVault(vault, clients.vault, values);
    return values;
}
