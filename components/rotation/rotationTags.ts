// Tags (Vault: custom metadata) that record how a secret rotates, on every store of
// the secret. The pack checks them (`rotation-manual-owner-and-interval`), the audit
// compares a manual secret's last change with its interval, and the generic rotator
// reads its generation spec from the secret's own tags (so its settings do not grow
// with the number of secrets).
import { AWS_QUOTAS } from "../../policies/lib/awsQuotas";
import { ROTATION_DAYS_KEY, ROTATION_MODE_KEY, ROTATION_OWNER_KEY } from "../../policies/lib/classification";
import type { SecretPlan } from "../secretPlan";
import type { GenerateSpec } from "../types";

/** Generation spec of a generically rotated secret: base64 of its JSON (tag values allow `+ / =`). */
export const GENERATION_SPEC_KEY = "secretset:generate";
/** The PostgreSQL rotator's strategy (rotator/postgres.js reads it). */
export const DATABASE_STRATEGY_KEY = "secretset:rotation-strategy";

/** The generation fields the rotator reads (everything but `keepOutOfState`), as a tag value. */
export function generationSpecTag(spec: GenerateSpec | undefined): string {
    const { keepOutOfState: _ignored, ...generation } = spec ?? {};
    return Buffer.from(JSON.stringify(generation), "utf8").toString("base64");
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
    if (rotation.mode === "generated" && plan.secretsManager !== undefined) tags[GENERATION_SPEC_KEY] = generationSpecTag(plan.declaration.generate);
    if (rotation.mode === "database") tags[DATABASE_STRATEGY_KEY] = rotation.database?.strategy ?? "single-user";
    return tags;
}
