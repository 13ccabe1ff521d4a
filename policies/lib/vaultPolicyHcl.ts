// Reads the path rules of a Vault policy with HashiCorp's own HCL parser
// (@cdktf/hcl2json, the Go HCL library compiled to WebAssembly), or Vault's JSON form.
// A parser, not regular expressions: comment markers and braces inside quoted paths,
// nested blocks and odd spacing cannot hide a rule. The legacy `policy = "write"`
// form is expanded to the capabilities Vault gives it.
import { parse as parseHcl } from "@cdktf/hcl2json";
import { parseVaultPolicyTokens } from "./vaultPolicyFallback";

export interface VaultPathRule {
    readonly path: string;
    /** Lower-case capabilities (legacy `policy` values expanded). */
    readonly capabilities: readonly string[];
}

export type ParsedVaultPolicy = VaultPathRule[] | "invalid";

export const VAULT_WRITE_CAPABILITIES: readonly string[] = ["create", "update", "patch", "delete"];

// Vault's `policy = "..."` shorthand (vault/policy.go): what each level grants.
const LEGACY_POLICY: Record<string, readonly string[]> = {
    deny: ["deny"],
    read: ["read", "list"],
    write: ["read", "list", "create", "update", "delete"],
    sudo: ["read", "list", "create", "update", "delete", "sudo"],
};

type Json = unknown;

function asList(value: Json): Json[] {
    return Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
}

function capabilitiesOf(body: Json): string[] {
    const out = new Set<string>();
    for (const block of asList(body)) {
        if (typeof block !== "object" || block === null) continue;
        const record = block as Record<string, Json>;
        for (const capability of asList(record.capabilities)) if (typeof capability === "string") out.add(capability.trim().toLowerCase());
        for (const level of asList(record.policy)) if (typeof level === "string") (LEGACY_POLICY[level.trim().toLowerCase()] ?? [level.trim().toLowerCase()]).forEach((c) => out.add(c));
    }
    return [...out];
}

/** `{ path: { "<p>": body | [body] } }` or `{ path: [ { "<p>": body } ] }` (both JSON shapes Vault accepts). */
function rulesOf(document: Json): ParsedVaultPolicy {
    if (typeof document !== "object" || document === null || Array.isArray(document)) return "invalid";
    // Vault refuses any other top-level key (`PATH`, `paths`); so does the pack, rather than skip the block.
    if (Object.keys(document).some((key) => key !== "path" && key !== "name")) return "invalid";
    const rules: VaultPathRule[] = [];
    for (const paths of asList((document as Record<string, Json>).path)) {
        if (typeof paths !== "object" || paths === null) return "invalid";
        for (const [path, body] of Object.entries(paths as Record<string, Json>)) rules.push({ path, capabilities: capabilitiesOf(body) });
    }
    return rules;
}

const parsed = new Map<string, Promise<ParsedVaultPolicy>>();

async function parseUncached(text: string): Promise<ParsedVaultPolicy> {
    if (text.trim().startsWith("{")) {
        try {
            return rulesOf(JSON.parse(text));
        } catch {
            // not JSON: HCL may still start with a brace-free body; fall through
        }
    }
    try {
        return rulesOf(await parseHcl("policy.hcl", text));
    } catch {
        // HCL1 forms Vault accepts and HCL2 refuses: read them with the tokenizer.
        const fallback = parseVaultPolicyTokens(text);
        return fallback === undefined ? "invalid" : rulesOf({ path: fallback.map((rule) => ({ [rule.path]: { capabilities: rule.capabilities, policy: rule.policy } })) });
    }
}

/** The path rules of a Vault policy document, or "invalid" when neither HCL nor JSON. Cached per text. */
export function parseVaultPolicy(text: string): Promise<ParsedVaultPolicy> {
    let result = parsed.get(text);
    if (result === undefined) {
        result = parseUncached(text);
        if (parsed.size > 5000) parsed.clear();
        parsed.set(text, result);
    }
    return result;
}

/** True when a rule grants anything (a `deny`-only rule, or no capability, grants nothing). */
export function grants(rule: VaultPathRule): boolean {
    return !rule.capabilities.includes("deny") && rule.capabilities.length > 0;
}

const isGlob = (segment: string) => segment.includes("*") || segment.includes("+");

/** Segments of a path without leading slashes (`secret/data/x` -> [secret, data, x]). */
export function segmentsOf(path: string): string[] {
    return path.trim().replace(/^\/+/, "").split("/");
}

/** Index of the first segment with a glob, or -1. */
export function firstGlobSegment(path: string): number {
    return segmentsOf(path).findIndex(isGlob);
}

// KV v2 API prefixes that sit between the mount and the secret's own path.
const KV_V2_API_SEGMENTS = new Set(["data", "metadata", "delete", "undelete", "destroy", "subkeys"]);

/**
 * Environment and app segments of a KV v2 path `{mount...}/data/{environment}/{app}/{name}`
 * (the mount may have several segments): each the segment, `"*"` when a glob or missing,
 * or undefined when the path is not a KV v2 API path (`sys/...`, `auth/...`, other engines).
 */
export function kvScope(path: string): { environment: string; app: string } | undefined {
    const segments = segmentsOf(path);
    const api = segments.findIndex((segment, index) => index >= 1 && KV_V2_API_SEGMENTS.has(segment));
    if (api < 0) return undefined;
    const scope = (segment: string | undefined) => (segment === undefined || segment === "" || isGlob(segment) ? "*" : segment);
    return { environment: scope(segments[api + 1]), app: scope(segments[api + 2]) };
}

/** The environment segment of a KV v2 path (see kvScope). */
export function kvEnvironmentSegment(path: string): string | undefined {
    return kvScope(path)?.environment;
}
