// How resource inputs reach a rule, and how to read them without tripping over
// values that are unknown during preview.
//
// The policy SDK (1.21) hands a rule `args.props` wrapped in a proxy that THROWS an
// `UnknownValueError` when a rule touches a value the engine marked unknown (a key ARN
// not created yet). Uncaught, the SDK turns that into an advisory "can't run policy
// during preview" diagnostic. Rules here never read the proxy directly: `plainInputs`
// copies the inputs into plain data where every unknown is the `UNKNOWN` symbol and
// every secret is unwrapped, so a rule can decide explicitly ("unknown: say nothing").
import { Secret } from "@pulumi/policy";

/** Marks a value that is unknown during preview. */
export const UNKNOWN: unique symbol = Symbol("unknown during preview");
export type Unknown = typeof UNKNOWN;

// The SDK's unknown sentinels (`@pulumi/policy/proxy`, marked @internal, so not typed).
const UNKNOWN_SENTINELS: ReadonlySet<string> = new Set([
    "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7", // boolean
    "3eeb2bf0-c639-47a8-9e75-3b44932eb421", // number
    "04da6b54-80e4-46f7-96ec-b56ff0331ba9", // string (also the engine's wire sentinel)
    "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2", // array
    "030794c1-ac77-496b-92df-f27374a8bd58", // asset
    "e48ece36-62e2-4504-bad9-02848725956a", // archive
    "dd056dcd-154b-4c76-9bd3-c8f88648b5ff", // object
]);

// Keys the SDK's proxies answer to (`isSpecialProxy`, `getSpecialProxyTarget`).
const IS_PROXY = "__isSpecialProxy";
const PROXY_TARGET = "__getSpecialProxyTarget";

export function isUnknown(value: unknown): value is Unknown {
    return value === UNKNOWN || (typeof value === "string" && UNKNOWN_SENTINELS.has(value));
}

/** The object under the SDK's (possibly nested) proxies, whose leaves may be sentinels or `Secret`s. */
export function rawTarget(value: unknown): unknown {
    let current = value;
    while (current !== null && typeof current === "object" && (current as Record<string, unknown>)[IS_PROXY] === true) {
        current = (current as Record<string, unknown>)[PROXY_TARGET];
    }
    return current;
}

/** A deep plain copy of a rule's input: unknowns become `UNKNOWN`, secrets are unwrapped. */
export type Plain = string | number | boolean | null | undefined | Unknown | Plain[] | { [key: string]: Plain };
export type PlainObject = { [key: string]: Plain };

export function plain(value: unknown): Plain {
    const raw = rawTarget(value);
    if (raw instanceof Secret) return plain(raw.value);
    if (isUnknown(raw)) return UNKNOWN;
    if (raw === null || raw === undefined || typeof raw === "string" || typeof raw === "number" || typeof raw === "boolean") {
        return raw;
    }
    if (Array.isArray(raw)) return raw.map(plain);
    if (typeof raw === "object") {
        const copy: PlainObject = {};
        for (const key of Object.keys(raw)) copy[key] = plain((raw as Record<string, unknown>)[key]);
        return copy;
    }
    return undefined; // functions, symbols: not resource data
}

/** The inputs of a resource as plain data (an empty object when they are wholly unknown). */
export function plainInputs(props: unknown): PlainObject {
    const copy = plain(props);
    return isObject(copy) ? copy : {};
}

export function isObject(value: Plain): value is PlainObject {
    return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** The string at `value`, `UNKNOWN`, or undefined when absent or of another type. */
export function str(value: Plain): string | Unknown | undefined {
    if (isUnknown(value)) return UNKNOWN;
    return typeof value === "string" ? value : undefined;
}

export function num(value: Plain): number | Unknown | undefined {
    if (isUnknown(value)) return UNKNOWN;
    if (typeof value === "number") return value;
    // Pulumi YAML and some providers pass numbers as strings.
    if (typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value))) return Number(value);
    return undefined;
}

export function bool(value: Plain): boolean | Unknown | undefined {
    if (isUnknown(value)) return UNKNOWN;
    if (typeof value === "boolean") return value;
    if (value === "true" || value === "false") return value === "true";
    return undefined;
}

export function list(value: Plain): Plain[] | Unknown | undefined {
    if (isUnknown(value)) return UNKNOWN;
    return Array.isArray(value) ? value : undefined;
}

/** True when any leaf under `value` is unknown. */
export function containsUnknown(value: Plain): boolean {
    if (isUnknown(value)) return true;
    if (Array.isArray(value)) return value.some(containsUnknown);
    if (isObject(value)) return Object.values(value).some(containsUnknown);
    return false;
}
