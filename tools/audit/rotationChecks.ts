// Rotation findings shared by every store: a manual secret past the interval its
// tags give (secretset:rotation-mode=manual, secretset:rotation-days), and a secret
// whose declared rotation has not happened within its interval.
import type { SecretPlan } from "../../components/secretPlan";
import { ROTATION_DAYS_KEY, ROTATION_MODE_KEY, ROTATION_OWNER_KEY } from "../../policies/lib/classification";
import { daysBetween, type Finding, finding, type Store } from "./findings";

export function isManual(tags: Readonly<Record<string, string>>): boolean {
    return tags[ROTATION_MODE_KEY] === "manual";
}

/** Interval of a manual secret: its tag, else the declared rotation. */
function manualDays(tags: Readonly<Record<string, string>>, plan: SecretPlan | undefined): number | undefined {
    const tagged = Number(tags[ROTATION_DAYS_KEY]);
    if (Number.isInteger(tagged) && tagged > 0) return tagged;
    return plan?.rotation?.days;
}

/**
 * `lastChange` is when the value last changed (Secrets Manager LastChangedDate, SSM
 * LastModifiedDate, Vault updated_time). Returns the manual-overdue finding, if any.
 */
export function manualRotationFinding(
    store: Store, plan: SecretPlan | undefined, name: string, tags: Readonly<Record<string, string>>, lastChange: Date | undefined, now: Date,
): Finding | undefined {
    if (!isManual(tags)) return undefined;
    const days = manualDays(tags, plan);
    const owner = tags[ROTATION_OWNER_KEY] ? ` (rotated by ${tags[ROTATION_OWNER_KEY]})` : "";
    if (days === undefined) {
        return finding("manual-overdue", store, plan?.key ?? null, name, `\`${name}\` is rotated manually${owner} but has no \`${ROTATION_DAYS_KEY}\` tag; tag it with its interval.`);
    }
    if (lastChange === undefined) return undefined;
    const age = daysBetween(lastChange, now);
    if (age <= days) return undefined;
    return finding("manual-overdue", store, plan?.key ?? null, name, `\`${name}\` is rotated manually${owner} every ${days} days; its value last changed ${age} days ago. Rotate it and record the change.`);
}

/** For stores SecretSet renews on a schedule (SSM, Vault): last change older than the declared interval. */
export function scheduledRotationFinding(store: Store, plan: SecretPlan, name: string, lastChange: Date | undefined, now: Date): Finding | undefined {
    if (plan.rotation === undefined || lastChange === undefined) return undefined;
    const age = daysBetween(lastChange, now);
    if (age <= plan.rotation.days) return undefined;
    return finding("rotation-overdue", store, plan.key, name, `\`${name}\` must rotate every ${plan.rotation.days} days; its value last changed ${age} days ago.`);
}
