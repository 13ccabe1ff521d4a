// Declared Secrets Manager secrets against ListSecrets: missing, extra, classification
// tag, KMS key, rotation (SecretsManager.4: rotated within its interval, counted from
// the last rotation or, never rotated, from creation), a rotation left half done
// (a version labelled AWSPENDING but not AWSCURRENT: the Lambda's finishSecret step
// never moved AWSCURRENT), not accessed (SecretsManager.3), manual interval, and drift:
// AWSCURRENT is not the version Pulumi wrote and the change came after the last rotation.
import type { SecretPlan } from "../../components/secretPlan";
import { TAG_KEYS } from "../../policies/lib/classification";
import { daysBetween, type Finding, finding } from "./findings";
import type { KeyExpectation } from "./keyExpectation";
import { manualRotationFinding, isManual } from "./rotationChecks";
import type { LiveSecret } from "./secretsManagerInventory";

export interface CompareOptions {
    readonly now: Date;
    readonly notAccessedDays: number;
    /** Name -> version id Pulumi wrote; undefined when no state was given. */
    readonly recorded?: ReadonlyMap<string, string>;
}

function currentVersion(secret: LiveSecret): string | undefined {
    return Object.entries(secret.versions).find(([, stages]) => stages.includes("AWSCURRENT"))?.[0];
}

/** Slack between a rotation and the value change it makes (LastRotatedDate vs LastChangedDate). */
const ROTATION_CHANGE_SLACK_MS = 3_600_000;

/**
 * A new version is expected after a rotation; a value that changed later than the last
 * rotation (or with no rotation at all) was written by someone else.
 */
function changedOutsideRotation(secret: LiveSecret): boolean {
    if (secret.lastRotated === undefined || secret.lastChanged === undefined) return true;
    return secret.lastChanged.getTime() - secret.lastRotated.getTime() > ROTATION_CHANGE_SLACK_MS;
}

function checkSecret(plan: SecretPlan, secret: LiveSecret, keys: KeyExpectation, options: CompareOptions): Finding[] {
    const name = secret.name;
    const out: Finding[] = [];
    const add = (kind: Parameters<typeof finding>[0], message: string) => out.push(finding(kind, "secretsmanager", plan.key, name, message));
    const tag = secret.tags[TAG_KEYS.classification];
    if (tag !== plan.classification) add("wrong-classification-tag", `\`${name}\` is tagged \`${TAG_KEYS.classification}: ${tag ?? "(none)"}\`; declared ${plan.classification}.`);
    const keyProblem = keys.problem(plan, secret.kmsKeyId);
    if (keyProblem !== undefined) add("wrong-kms-key", `\`${name}\` ${keyProblem}`);

    const manual = manualRotationFinding("secretsmanager", plan, name, secret.tags, secret.lastChanged ?? secret.created, options.now);
    if (manual) out.push(manual);
    if (plan.rotation !== undefined && !isManual(secret.tags)) {
        if (!secret.rotationEnabled) {
            add("rotation-disabled", `\`${name}\` must rotate every ${plan.rotation.days} days but rotation is disabled.`);
        } else {
            const last = secret.lastRotated ?? secret.created;
            const age = last !== undefined ? daysBetween(last, options.now) : undefined;
            if (age !== undefined && age > plan.rotation.days) add("rotation-overdue", `\`${name}\` must rotate every ${plan.rotation.days} days; it last rotated ${age} days ago${secret.lastRotated ? "" : " (never; counted from creation)"}.`);
            else if (secret.rotationDays !== undefined && secret.rotationDays > plan.rotation.days) {
                add("rotation-overdue", `\`${name}\` rotates every ${secret.rotationDays} days; declared every ${plan.rotation.days}.`);
            }
        }
    }
    const pending = Object.entries(secret.versions).filter(([, stages]) => stages.includes("AWSPENDING") && !stages.includes("AWSCURRENT"));
    if (pending.length > 0) add("rotation-failed", `\`${name}\` has a version labelled AWSPENDING that never became AWSCURRENT: the last rotation did not finish (see the rotation Lambda's logs).`);

    const lastRead = secret.lastAccessed ?? secret.created;
    if (lastRead !== undefined) {
        const idle = daysBetween(lastRead, options.now);
        if (idle > options.notAccessedDays) add("not-accessed", `\`${name}\` has not been read for ${idle} days${secret.lastAccessed ? "" : " (never; counted from creation)"}; remove it if nothing uses it.`);
    }
    const recorded = options.recorded?.get(name);
    const current = currentVersion(secret);
    if (recorded !== undefined && plan.valueSource !== "external" && current !== recorded && changedOutsideRotation(secret)) {
        add("value-drift", `\`${name}\`'s current version ${current ?? "(none)"} is not the version ${recorded} Pulumi wrote; someone changed the value outside Pulumi.`);
    }
    return out;
}

export function compareSecretsManager(plans: readonly SecretPlan[], live: readonly LiveSecret[], app: string, environment: string, keys: KeyExpectation, options: CompareOptions): Finding[] {
    const byName = new Map(live.map((s) => [s.name, s]));
    const findings: Finding[] = [];
    const declared = new Set<string>();
    for (const plan of plans) {
        if (plan.secretsManager === undefined) continue;
        const name = plan.secretsManager.name;
        declared.add(name);
        const secret = byName.get(name);
        if (secret === undefined) findings.push(finding("missing", "secretsmanager", plan.key, name, `\`${name}\` (${plan.classification}) is declared but does not exist in Secrets Manager; run \`pulumi up\`.`));
        else findings.push(...checkSecret(plan, secret, keys, options));
    }
    const prefix = `${environment}/${app}/`;
    for (const secret of live) {
        if (declared.has(secret.name)) continue;
        const tagged = secret.tags[TAG_KEYS.app] === app && secret.tags[TAG_KEYS.environment] === environment;
        if (tagged || secret.name.startsWith(prefix)) {
            findings.push(finding("extra", "secretsmanager", null, secret.name, `\`${secret.name}\` ${tagged ? "is tagged with" : "is named after"} ${environment}/${app} but not declared; declare it or delete it.`));
        }
    }
    return findings;
}
