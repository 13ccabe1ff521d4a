// Renders the Vault policy (HCL) that grants read on exact KV v2 paths.
// Exact paths only: a wildcard (`*`, `+`) or a `..` segment would widen the
// grant beyond the secrets a consumer was given, so they are refused outright.

export interface VaultReadPolicyArgs {
    /** KV v2 mount path, e.g. "secret" or "kv/team". */
    readonly mount: string;
    /** Secret paths relative to the mount, e.g. "dev/ci-pipeline/partner-token". */
    readonly paths: readonly string[];
    /** Also grant `read` on `<mount>/metadata/<path>` (versions, custom metadata). @default false */
    readonly includeMetadata?: boolean;
}

// Characters that are safe inside an HCL string and meaningful in a Vault path.
const PATH_CHARACTERS = /^[A-Za-z0-9._@=,-]+(\/[A-Za-z0-9._@=,-]+)*$/;

function checkPath(field: string, value: string): void {
    if (value.includes("*") || value.includes("+")) {
        throw new Error(`Vault policy ${field} \`${value}\` contains a wildcard (\`*\` or \`+\`); grant each secret by its exact path instead.`);
    }
    if (value.split("/").some((segment) => segment === ".." || segment === ".")) {
        throw new Error(`Vault policy ${field} \`${value}\` contains a \`.\` or \`..\` segment; give the exact path without relative segments.`);
    }
    if (!PATH_CHARACTERS.test(value)) {
        throw new Error(
            `Vault policy ${field} \`${value}\` is not a plain path: use letters, digits and \`._@=,-\` in segments separated by single \`/\`, with no leading or trailing \`/\`.`,
        );
    }
}

function readRule(path: string): string {
    return `path "${path}" {\n  capabilities = ["read"]\n}\n`;
}

/**
 * Vault policy HCL granting `read` on `<mount>/data/<path>` for each path (and on
 * `<mount>/metadata/<path>` when `includeMetadata`). Paths are sorted and
 * de-duplicated, so the same grant always renders the same document.
 */
export function renderVaultReadPolicy(args: VaultReadPolicyArgs): string {
    checkPath("`mount`", args.mount);
    if (args.paths.length === 0) {
        throw new Error("Vault policy `paths` is empty; grant at least one secret path (a policy without paths grants nothing).");
    }
    for (const path of args.paths) checkPath("path", path);
    const paths = [...new Set(args.paths)].sort();
    const rules = paths.flatMap((path) => [
        readRule(`${args.mount}/data/${path}`),
        ...(args.includeMetadata ? [readRule(`${args.mount}/metadata/${path}`)] : []),
    ]);
    return `# Rendered by SecretSet: read-only access to exact KV v2 paths.\n${rules.join("\n")}`;
}
