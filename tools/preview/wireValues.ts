// Property values in the engine's wire form (what a resource monitor receives and
// what an analyzer is sent): secrets, assets, archives, resource references and
// unknowns are objects tagged with a signature key. This file converts between
// that form, the stack-export form and the redacted display form.
import {
    specialArchiveSig,
    specialAssetSig,
    specialOutputValueSig,
    specialResourceSig,
    specialSecretSig,
    specialSigKey,
    unknownValue,
} from "@pulumi/pulumi/runtime/rpc";

/** What every output format shows instead of a secret value. */
export const SECRET_DISPLAY = "[secret]";
/** What an unknown-at-preview value shows as. */
export const UNKNOWN_DISPLAY = "[unknown]";
/**
 * Stand-in for a secret value the tool cannot read (an encrypted config value, a
 * ciphertext in a stack export, a `[secret]` in a preview file). Short, printable
 * ASCII and obviously not real, so size and format checks still pass on it.
 */
export const REDACTED_PLACEHOLDER = "[redacted]";

type Json = unknown;
type Tagged = Record<string, Json>;

function isTagged(value: Json): value is Tagged {
    return typeof value === "object" && value !== null && !Array.isArray(value) && typeof (value as Tagged)[specialSigKey] === "string";
}

export function secretWire(value: Json): Tagged {
    return { [specialSigKey]: specialSecretSig, value };
}

export function isSecretWire(value: Json): value is Tagged {
    return isTagged(value) && value[specialSigKey] === specialSecretSig;
}

function mapObject(value: Record<string, Json>, convert: (v: Json) => Json): Record<string, Json> {
    const result: Record<string, Json> = {};
    for (const [key, item] of Object.entries(value)) {
        if (item !== undefined) result[key] = convert(item);
    }
    return result;
}

/** Redacted, human-readable form: secrets become "[secret]", assets a short description. */
export function toDisplay(value: Json): Json {
    if (value === unknownValue) return UNKNOWN_DISPLAY;
    if (Array.isArray(value)) return value.map(toDisplay);
    if (typeof value !== "object" || value === null) return value;
    if (isTagged(value)) {
        switch (value[specialSigKey]) {
            case specialSecretSig:
                return SECRET_DISPLAY;
            case specialAssetSig:
                return { asset: value.path ?? value.uri ?? "[text]" };
            case specialArchiveSig:
                return { archive: value.path ?? value.uri ?? "[assets]" };
            case specialResourceSig:
                return value.urn ?? null;
            case specialOutputValueSig:
                if (value.secret === true) return SECRET_DISPLAY;
                return "value" in value ? toDisplay(value.value) : UNKNOWN_DISPLAY;
            default:
                return UNKNOWN_DISPLAY;
        }
    }
    return mapObject(value as Record<string, Json>, toDisplay);
}

/**
 * The form the engine sends an analyzer: secrets stay wrapped so the pack can
 * tell them from plaintext; resource references become their id (custom) or
 * URN (component) and output values their plain value, as the engine does.
 */
export function toAnalyzerWire(value: Json): Json {
    if (Array.isArray(value)) return value.map(toAnalyzerWire);
    if (typeof value !== "object" || value === null) return value;
    if (isTagged(value)) {
        switch (value[specialSigKey]) {
            case specialSecretSig:
                return secretWire(toAnalyzerWire(value.value));
            case specialResourceSig:
                return typeof value.id === "string" && value.id !== "" ? value.id : (value.urn ?? null);
            case specialOutputValueSig: {
                const inner = "value" in value ? toAnalyzerWire(value.value) : unknownValue;
                return value.secret === true ? secretWire(inner) : inner;
            }
            default:
                return value; // assets and archives travel as they are
        }
    }
    return mapObject(value as Record<string, Json>, toAnalyzerWire);
}

/**
 * Converts a `pulumi stack export` value to wire form. Export secrets carry
 * `ciphertext` (unreadable here: replaced by the placeholder) or, with
 * `--show-secrets`, `plaintext` holding the JSON-encoded value.
 */
export function fromExportForm(value: Json): Json {
    if (Array.isArray(value)) return value.map(fromExportForm);
    if (typeof value !== "object" || value === null) return value;
    if (isTagged(value) && value[specialSigKey] === specialSecretSig) {
        if (typeof value.plaintext === "string") {
            let decoded: Json;
            try {
                decoded = JSON.parse(value.plaintext);
            } catch {
                decoded = value.plaintext;
            }
            return secretWire(fromExportForm(decoded));
        }
        if ("value" in value) return secretWire(fromExportForm(value.value));
        return secretWire(REDACTED_PLACEHOLDER);
    }
    if (isTagged(value)) return value;
    return mapObject(value as Record<string, Json>, fromExportForm);
}

/** A `pulumi preview --json` file shows secrets as the string "[secret]": keep them secret. */
export function fromPreviewForm(value: Json): Json {
    if (value === SECRET_DISPLAY) return secretWire(REDACTED_PLACEHOLDER);
    if (Array.isArray(value)) return value.map(fromPreviewForm);
    if (typeof value !== "object" || value === null || isTagged(value)) return fromExportForm(value);
    return mapObject(value as Record<string, Json>, fromPreviewForm);
}

/** Every string inside a secret (at any depth), so output can be scrubbed of them. */
export function collectSecretStrings(value: Json, into: Set<string>, insideSecret = false): Set<string> {
    if (typeof value === "string") {
        if (insideSecret) into.add(value);
    } else if (Array.isArray(value)) {
        for (const item of value) collectSecretStrings(item, into, insideSecret);
    } else if (typeof value === "object" && value !== null) {
        const secret = insideSecret || isSecretWire(value);
        for (const [key, item] of Object.entries(value)) {
            if (key !== specialSigKey) collectSecretStrings(item, into, secret);
        }
    }
    return into;
}

/** Wraps every top-level property named in `secretKeys` as a secret (mock state keeps input secrecy). */
export function wrapSecretProperties(state: Record<string, Json>, secretKeys: ReadonlySet<string>): Record<string, Json> {
    const result: Record<string, Json> = { ...state };
    for (const key of secretKeys) {
        if (key in result && !isSecretWire(result[key])) result[key] = secretWire(result[key]);
    }
    return result;
}
