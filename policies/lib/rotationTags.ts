// Reads the rotation tags SecretSet writes (AWS tags, Vault custom metadata): the mode,
// the interval and, for `manual` secrets, who rotates them.
import { ROTATION_DAYS_KEY, ROTATION_MODE_KEY, ROTATION_MODES, ROTATION_OWNER_KEY, type RotationMode } from "./classification";
import { isObject, isUnknown, Plain, UNKNOWN, Unknown } from "./previewValues";

export interface RotationLabels {
    /** undefined: no mode tag; "invalid": a value outside ROTATION_MODES. */
    readonly mode: RotationMode | "invalid" | undefined;
    readonly owner: string | undefined;
    /** undefined when absent; NaN when not a whole number. */
    readonly days: number | undefined;
}

function label(labels: Plain, key: string): string | undefined | Unknown {
    if (!isObject(labels)) return undefined;
    const value = labels[key];
    if (isUnknown(value)) return UNKNOWN;
    return typeof value === "string" ? value : undefined;
}

/** The rotation labels of a tag map; UNKNOWN when any of them is unknown during preview. */
export function rotationLabels(labels: Plain): RotationLabels | Unknown {
    if (isUnknown(labels)) return UNKNOWN;
    const mode = label(labels, ROTATION_MODE_KEY);
    const owner = label(labels, ROTATION_OWNER_KEY);
    const days = label(labels, ROTATION_DAYS_KEY);
    if (isUnknown(mode) || isUnknown(owner) || isUnknown(days)) return UNKNOWN;
    return {
        mode: mode === undefined ? undefined : (ROTATION_MODES as readonly string[]).includes(mode) ? (mode as RotationMode) : "invalid",
        owner: owner === undefined || owner.trim() === "" ? undefined : owner,
        days: days === undefined ? undefined : /^\d+$/.test(days.trim()) ? Number(days) : Number.NaN,
    };
}

/** True when the labels declare a manual rotation (whether or not it is complete). */
export function isManual(labels: Plain): boolean {
    const read = rotationLabels(labels);
    return !isUnknown(read) && read.mode === "manual";
}
