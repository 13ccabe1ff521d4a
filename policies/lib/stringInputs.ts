// Every string a resource is given that is NOT a Pulumi secret, with the path to it and
// the name it is given (an object key, or the `name` of a `{ name, value }` pair), looking
// inside the places credentials hide: JSON documents in strings (ECS container
// definitions, Vault `dataJson`), YAML (CodeBuild buildspecs) and base64 (EC2 user data).
// Values are never returned to messages; only paths and names built from keys.
import { Secret } from "@pulumi/policy";
import { isUnknown, rawTarget } from "./previewValues";

export interface StringLeaf {
    /** Display path (`environment.variables.DB_PASSWORD`), built from keys only. */
    readonly path: string;
    /** The name the value is given, when it has one. */
    readonly name?: string;
    readonly value: string;
    /** Set inside a reference section (`parameter-store`, `secrets-manager`, `valueFrom`): the value names a secret. */
    readonly reference: boolean;
    /** The value is a JSON/YAML document or base64 text whose own leaves follow it in the list. */
    readonly structured: boolean;
}

// Buildspec `env` sections whose values name a secret instead of holding one; ECS `valueFrom` likewise.
const REFERENCE_SECTIONS = new Set(["parameter-store", "secrets-manager", "exported-variables", "valuefrom", "secrets"]);
const NAME_KEYS = ["name", "Name", "key", "Key", "ParameterKey", "OptionName"];
const VALUE_KEYS = new Set(["value", "Value", "ParameterValue", "defaultValue"]);
const BASE64_FIELDS = /^(userData|userDataBase64|user_data|UserData)$/;
const MAX_DEPTH = 12;

// js-yaml ships without typings (and the published pack installs no @types); only `load` is used.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { load: loadYaml } = require("js-yaml") as { load(text: string, options?: { json?: boolean }): unknown };

/** A key safe to print: a plain identifier, short; anything else is shown as `<key>`. */
export function printableKey(key: string): string {
    return /^[A-Za-z0-9_.:-]{1,64}$/.test(key) && !/[0-9]{6,}|[A-Z0-9]{16,}/.test(key) ? key : "<key>";
}

function join(path: string, key: string | number): string {
    if (typeof key === "number") return `${path}[${key}]`;
    const safe = printableKey(key);
    return path === "" ? safe : `${path}.${safe}`;
}

function decodeBase64(text: string): string | undefined {
    const trimmed = text.trim();
    if (trimmed.length < 16 || trimmed.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(trimmed)) return undefined;
    const decoded = Buffer.from(trimmed, "base64").toString("utf8");
    // Text, not binary: almost every character printable.
    const printable = decoded.replace(/[^\t\n\r\x20-\x7e]/g, "").length;
    return printable >= decoded.length * 0.95 ? decoded : undefined;
}

/** A structured document hidden in a string: JSON object/array, or multi-line YAML mapping. */
function structuredIn(text: string): unknown {
    const trimmed = text.trim();
    if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
        try {
            return JSON.parse(trimmed);
        } catch {
            return undefined;
        }
    }
    if (trimmed.includes("\n") && /^[\w"'-]+\s*:/m.test(trimmed) && !trimmed.startsWith("#!")) {
        try {
            const loaded = loadYaml(trimmed, { json: true });
            return typeof loaded === "object" && loaded !== null ? loaded : undefined;
        } catch {
            return undefined;
        }
    }
    return undefined;
}

/** All non-secret string leaves under `props` (the SDK's proxied inputs), skipping unknowns. */
export function stringLeaves(props: unknown): StringLeaf[] {
    const leaves: StringLeaf[] = [];
    const visit = (value: unknown, path: string, name: string | undefined, reference: boolean, depth: number): void => {
        if (depth > MAX_DEPTH) return;
        const raw = rawTarget(value);
        if (raw instanceof Secret || isUnknown(raw) || raw === null || raw === undefined) return;
        if (typeof raw === "string") {
            const lastKey = path.split(/[.[\]]/).filter(Boolean).pop() ?? "";
            const decoded = BASE64_FIELDS.test(lastKey) ? decodeBase64(raw) : undefined;
            const inner = decoded === undefined ? structuredIn(raw) : undefined;
            leaves.push({ path, name, value: raw, reference, structured: decoded !== undefined || inner !== undefined });
            if (decoded !== undefined) visit(decoded, `${path} (base64-decoded)`, name, reference, depth + 1);
            if (inner !== undefined) visit(inner, `${path} (parsed)`, undefined, reference, depth + 1);
            return;
        }
        if (Array.isArray(raw)) {
            raw.forEach((item, index) => visit(item, join(path, index), name, reference, depth + 1));
            return;
        }
        if (typeof raw !== "object") return;
        const record = raw as Record<string, unknown>;
        // `{ name: "DB_PASSWORD", value: "..." }`: the value is named by its sibling.
        const siblingNameKey = NAME_KEYS.find((k) => typeof rawTarget(record[k]) === "string");
        const siblingName = siblingNameKey === undefined ? undefined : (rawTarget(record[siblingNameKey]) as string);
        for (const key of Object.keys(record)) {
            const child = record[key];
            const inReference = reference || REFERENCE_SECTIONS.has(key.toLowerCase());
            const childName = VALUE_KEYS.has(key) && siblingName !== undefined ? siblingName : key;
            visit(child, join(path, key), childName, inReference, depth + 1);
        }
    };
    visit(props, "", undefined, false, 0);
    return leaves;
}
