// What Vault holds for a set, through the HTTP API with VAULT_ADDR / VAULT_TOKEN
// (and VAULT_NAMESPACE): the mount's type and version, its `max_versions`, the
// metadata of each declared secret (versions, custom metadata; never `data/`), the
// keys under the set's path, and the enabled audit devices. Every request is counted.
import type { ApiCallCounter } from "./apiCalls";
import { InputError } from "../preview/inputError";

export interface VaultConnection {
    readonly address: string;
    readonly token: string;
    readonly namespace?: string;
}

export function vaultConnectionFromEnv(env: NodeJS.ProcessEnv = process.env): VaultConnection | undefined {
    const address = env.VAULT_ADDR;
    const token = env.VAULT_TOKEN;
    if (!address || !token) return undefined;
    return { address: address.replace(/\/+$/, ""), token, ...(env.VAULT_NAMESPACE ? { namespace: env.VAULT_NAMESPACE } : {}) };
}

export interface SecretMetadata {
    readonly currentVersion: number;
    readonly maxVersions: number;
    readonly updated?: Date;
    readonly customMetadata: Readonly<Record<string, string>>;
}

export interface VaultInventory {
    /** undefined when the mount does not exist. */
    readonly mount?: { readonly type: string; readonly version?: string; readonly maxVersions?: number };
    /** Declared path -> metadata, or null when absent. */
    readonly secrets: ReadonlyMap<string, SecretMetadata | null>;
    /** Keys listed under `{environment}/{app}/`. */
    readonly listed: readonly string[];
    /** Enabled audit device paths; undefined when the token may not read them. */
    readonly auditDevices?: readonly string[];
}

type Json = Record<string, unknown>;

async function request(connection: VaultConnection, counter: ApiCallCounter, operation: string, method: string, path: string): Promise<{ status: number; body: Json }> {
    counter.record(`vault:${operation}`);
    const headers: Record<string, string> = { "X-Vault-Token": connection.token };
    if (connection.namespace) headers["X-Vault-Namespace"] = connection.namespace;
    let response: Response;
    try {
        response = await fetch(`${connection.address}/v1/${path}`, { method, headers });
    } catch (error) {
        throw new InputError(`Cannot reach Vault at ${connection.address} (${(error as Error).message}); check VAULT_ADDR.`);
    }
    const text = await response.text();
    let body: Json = {};
    try {
        body = text === "" ? {} : (JSON.parse(text) as Json);
    } catch {
        body = {};
    }
    if (response.status === 401) throw new InputError(`Vault at ${connection.address} refused the token (401); set VAULT_TOKEN to a token that may read the set's metadata.`);
    return { status: response.status, body };
}

const data = (body: Json): Json => (typeof body.data === "object" && body.data !== null ? (body.data as Json) : {});

function metadataOf(body: Json): SecretMetadata {
    const d = data(body);
    const updated = typeof d.updated_time === "string" ? new Date(d.updated_time) : undefined;
    const custom = typeof d.custom_metadata === "object" && d.custom_metadata !== null ? (d.custom_metadata as Record<string, string>) : {};
    return { currentVersion: Number(d.current_version ?? 0), maxVersions: Number(d.max_versions ?? 0), ...(updated ? { updated } : {}), customMetadata: custom };
}

export async function readVaultInventory(connection: VaultConnection, counter: ApiCallCounter, mount: string, setPath: string, paths: readonly string[]): Promise<VaultInventory> {
    const mountInfo = await request(connection, counter, "ReadMount", "GET", `sys/mounts/${mount}`);
    if (mountInfo.status === 400 || mountInfo.status === 404) {
        return { secrets: new Map(paths.map((p) => [p, null])), listed: [], ...(await auditDevices(connection, counter)) };
    }
    const info = Object.keys(data(mountInfo.body)).length > 0 ? data(mountInfo.body) : mountInfo.body;
    const options = (info.options ?? {}) as Record<string, string>;
    const config = await request(connection, counter, "ReadKvConfig", "GET", `${mount}/config`);
    const maxVersions = config.status === 200 ? Number(data(config.body).max_versions ?? 0) : undefined;
    const secrets = new Map<string, SecretMetadata | null>();
    for (const path of paths) {
        const metadata = await request(connection, counter, "ReadMetadata", "GET", `${mount}/metadata/${path}`);
        secrets.set(path, metadata.status === 200 ? metadataOf(metadata.body) : null);
    }
    const listing = await request(connection, counter, "ListMetadata", "LIST", `${mount}/metadata/${setPath}`);
    const keys = listing.status === 200 ? ((data(listing.body).keys as string[] | undefined) ?? []) : [];
    return {
        mount: { type: String(info.type ?? ""), ...(options.version !== undefined ? { version: String(options.version) } : {}), ...(maxVersions !== undefined ? { maxVersions } : {}) },
        secrets,
        listed: keys,
        ...(await auditDevices(connection, counter)),
    };
}

async function auditDevices(connection: VaultConnection, counter: ApiCallCounter): Promise<{ auditDevices?: string[] }> {
    const response = await request(connection, counter, "ListAuditDevices", "GET", "sys/audit");
    if (response.status !== 200) return {};
    const devices = Object.keys(data(response.body)).length > 0 ? data(response.body) : response.body;
    return { auditDevices: Object.keys(devices).filter((k) => k.endsWith("/")) };
}
