// Reads the classification and environment a resource declares: tags on AWS
// resources, custom metadata `data` on Vault KV secrets (same keys: TAG_KEYS).
import { Classification, isClassification, TAG_KEYS } from "./classification";
import { isObject, isUnknown, Plain, PlainObject, UNKNOWN, Unknown } from "./previewValues";

/** `{ classification }` when tagged with a known level, `"missing"`, `"invalid"` or UNKNOWN. */
export type ClassificationReading = Classification | "missing" | "invalid" | Unknown;

function classificationIn(labels: Plain): ClassificationReading {
    if (isUnknown(labels)) return UNKNOWN;
    if (!isObject(labels)) return "missing";
    const value = labels[TAG_KEYS.classification];
    if (isUnknown(value)) return UNKNOWN;
    if (value === undefined || value === null || value === "") return "missing";
    return isClassification(value) ? value : "invalid";
}

/** AWS resources: the `tags` input. */
export function awsClassification(inputs: PlainObject): ClassificationReading {
    return classificationIn(inputs.tags);
}

/** Vault KV v2 secrets: `customMetadata.data`. */
export function vaultMetadata(inputs: PlainObject): Plain {
    const metadata = inputs.customMetadata;
    if (isUnknown(metadata)) return UNKNOWN;
    return isObject(metadata) ? metadata.data : undefined;
}

export function vaultClassification(inputs: PlainObject): ClassificationReading {
    return classificationIn(vaultMetadata(inputs));
}

/** A known classification, or undefined for missing, invalid and unknown readings. */
export function knownClassification(reading: ClassificationReading): Classification | undefined {
    return isClassification(reading) ? reading : undefined;
}

/** The `secretset:environment` label, when known. */
export function environmentLabel(labels: Plain): string | undefined {
    if (!isObject(labels)) return undefined;
    const value = labels[TAG_KEYS.environment];
    return typeof value === "string" && !isUnknown(value) ? value : undefined;
}
