// Tags (Vault: custom metadata) that record how a secret rotates, on every store of
// the secret. The pack checks them (`rotation-manual-owner-and-interval`), the audit
// compares a manual secret's last change with its interval, and the generic rotator
// reads its generation spec from the secret's own tags (so its settings do not grow
// with the number of secrets).
import { AWS_QUOTAS } from "../../policies/lib/awsQuotas";
import { ROTATION_DAYS_KEY, ROTATION_MODE_KEY, ROTATION_OWNER_KEY } from "../../policies/lib/classification";
import type { SecretPlan } from "../secretPlan";
import type { GenerateSpec } from "../types";

/**
 * Generation spec of a generically rotated secret, as one readable tag value:
 * space-separated `field=value` pairs (`length=40 minUpper=2 jsonKey=password`). Tag
 * values allow only letters, digits, spaces and `_ . : / = + - @`, so any other character
 * of a string field is written `+hh` (its UTF-8 bytes, lower-case hex); plain words keep
 * the tag from looking like a random credential to secret scanners.
 */
export const GENERATION_SPEC_KEY = "secretset:generate";
/** The PostgreSQL rotator's strategy (rotator/postgres.js reads it). */
export const DATABASE_STRATEGY_KEY = "secretset:rotation-strategy";

/** Fields in the tag, in this order (everything of GenerateSpec but `keepOutOfState`). */
const SPEC_FIELDS = ["length", "lower", "upper", "numeric", "special", "overrideSpecial", "minLower", "minUpper", "minNumeric", "minSpecial", "jsonKey"] as const;

function escapeTagText(text: string): string {
    return [...Buffer.from(text, "utf8")].map((byte) => {
        const char = String.fromCharCode(byte);
        return /[A-Za-z0-9_.:/@-]/.test(char) ? char : `+${byte.toString(16).padStart(2, "0")}`;
    }).join("");
}

/** The generation fields the rotator reads, as a tag value (empty for the default spec). */
export function generationSpecTag(spec: GenerateSpec | undefined): string {
    const pairs: string[] = [];
    for (const field of SPEC_FIELDS) {
        const value = spec?.[field];
        if (value === undefined) continue;
        pairs.push(`${field}=${typeof value === "string" ? escapeTagText(value) : String(value)}`);
    }
    return pairs.join(" ");
}

/** True when the spec fits in one tag value; validation tells the user to shorten it otherwise. */
export function generationSpecFitsTag(spec: GenerateSpec | undefined): boolean {
    return generationSpecTag(spec).length <= AWS_QUOTAS.tagValueChars.limit;
}

/** The rotation tags of a planned secret: mode and days always, plus what its rotator reads. */
export function rotationTagsFor(plan: SecretPlan): Record<string, string> {
    const rotation = plan.rotation;
    if (rotation === undefined) return {};
    const tags: Record<string, string> = { [ROTATION_MODE_KEY]: rotation.mode, [ROTATION_DAYS_KEY]: String(rotation.days) };
    if (rotation.mode === "manual" && rotation.owner !== undefined) tags[ROTATION_OWNER_KEY] = rotation.owner;
    const spec = rotation.mode === "generated" && plan.secretsManager !== undefined ? generationSpecTag(plan.declaration.generate) : "";
    if (spec !== "") tags[GENERATION_SPEC_KEY] = spec; // absent = the rotator's default spec
    if (rotation.mode === "database") tags[DATABASE_STRATEGY_KEY] = rotation.database?.strategy ?? "single-user";
    return tags;
}
