// Reads the path rules of a Vault policy document (HCL or its JSON form):
// `path "secret/data/dev/*" { capabilities = ["read"] }`.

export interface VaultPathRule {
    readonly path: string;
    readonly capabilities: readonly string[];
}

export const VAULT_WRITE_CAPABILITIES: readonly string[] = ["create", "update", "patch", "delete"];

function fromJson(text: string): VaultPathRule[] | undefined {
    try {
        const parsed = JSON.parse(text) as { path?: Record<string, { capabilities?: unknown }> };
        if (!parsed || typeof parsed.path !== "object") return undefined;
        return Object.entries(parsed.path).map(([path, body]) => ({
            path,
            capabilities: Array.isArray(body?.capabilities) ? body.capabilities.filter((c): c is string => typeof c === "string") : [],
        }));
    } catch {
        return undefined;
    }
}

function withoutComments(text: string): string {
    return text.replace(/\/\*[\s\S]*?\*\//g, "").split("\n").map((line) => line.replace(/^\s*(#|\/\/).*$/, "")).join("\n");
}

export function parseVaultPolicy(text: string): VaultPathRule[] {
    const json = text.trim().startsWith("{") ? fromJson(text) : undefined;
    if (json) return json;
    const rules: VaultPathRule[] = [];
    const cleaned = withoutComments(text);
    const block = /path\s+"([^"]*)"\s*\{([^}]*)\}/g;
    for (let match = block.exec(cleaned); match !== null; match = block.exec(cleaned)) {
        const list = /capabilities\s*=\s*\[([^\]]*)\]/.exec(match[2]);
        const capabilities = list ? [...list[1].matchAll(/"([^"]*)"/g)].map((m) => m[1].toLowerCase()) : [];
        rules.push({ path: match[1], capabilities });
    }
    return rules;
}

// KV v2 API prefixes that sit between the mount and the secret's own path.
const KV_V2_API_SEGMENTS = new Set(["data", "metadata", "delete", "undelete", "destroy", "subkeys"]);

/**
 * The environment segment of a KV v2 path `{mount}/data/{environment}/{app}/{name}`:
 * the segment, `"*"` when it is a glob (`+`, `*`) or missing, or undefined when the
 * path is not a KV v2 data path (`sys/...`, `auth/...`).
 */
export function kvEnvironmentSegment(path: string): string | undefined {
    const segments = path.replace(/^\/+/, "").split("/");
    if (segments.length < 2 || !KV_V2_API_SEGMENTS.has(segments[1])) return undefined;
    const environment = segments[2];
    if (environment === undefined || environment === "" || /[*+]/.test(environment)) return "*";
    return environment;
}
