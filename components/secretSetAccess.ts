// The bridge between SecretSet's stored resources and the access & rotation code:
// the AccessibleSet view (names, ARNs, keys, Vault paths) and the rotation wiring
// SecretSet runs once every store exists.
import * as pulumi from "@pulumi/pulumi";
import { CLASSIFICATIONS, type Classification } from "../policies/lib/classification";
import type { AccessibleSecret, AccessibleSet } from "./accessibleSet";
import { createSetRotation, type RotatableSecret, type SetRotation } from "./rotation/secretRotation";
import { createVaultRotationSchedule, type VaultRotationSchedule } from "./rotation/vaultRotation";
import type { SecretPlan } from "./secretPlan";
import type { StoredSecret } from "./storedSecret";

export interface SetIdentity {
    /** The SecretSet's resource name (prefix of every child name). */
    readonly setName: string;
    readonly app: string;
    readonly environment: string;
    readonly owner: string;
}

/** The access view of a set's stored secrets. */
export function accessibleSetOf(identity: SetIdentity, stored: Readonly<Record<string, StoredSecret>>, vaultMount: pulumi.Input<string> | undefined): AccessibleSet {
    const secrets: Record<string, AccessibleSecret> = {};
    for (const [key, secret] of Object.entries(stored)) {
        const plan = secret.plan;
        const secureParameter = plan.ssm?.type === "SecureString";
        secrets[key] = {
            key,
            declaration: secret.declaration,
            ...(secret.ssmParameter !== undefined && plan.ssm !== undefined
                ? { ssmParameterName: plan.ssm.name, ssmParameterArn: secret.ssmParameter.arn, ...(secureParameter && secret.kmsKeyArn !== undefined ? { ssmKmsKeyArn: secret.kmsKeyArn } : {}) }
                : {}),
            ...(secret.secret !== undefined
                ? { secretArn: secret.secret.arn, ...(secret.kmsKeyArn !== undefined ? { secretKmsKeyArn: secret.kmsKeyArn } : {}), replicas: plan.secretsManager?.replicas ?? [] }
                : {}),
            ...(secret.vaultPath !== undefined ? { vaultPath: secret.vaultPath } : {}),
        };
    }
    return { ...identity, vaultMount, secrets };
}

/** Physical name of the set's generic rotator Lambda. */
export function rotatorFunctionName(identity: Pick<SetIdentity, "app" | "environment">): string {
    return `${identity.environment}-${identity.app}-secretset-rotator`;
}

function mostSensitive(classes: readonly Classification[]): Classification {
    return classes.reduce<Classification>((a, b) => (CLASSIFICATIONS.indexOf(b) > CLASSIFICATIONS.indexOf(a) ? b : a), "public");
}

/**
 * SecretRotation for every rotating Secrets Manager secret, and the generic rotator
 * when some of them name no Lambda. Returns undefined when nothing rotates.
 */
export function wireSecretsManagerRotation(
    identity: SetIdentity,
    stored: Readonly<Record<string, StoredSecret>>,
    tagsFor: (classification: Classification) => Record<string, string>,
    parent: pulumi.Resource,
): SetRotation | undefined {
    const rotating: RotatableSecret[] = [];
    for (const secret of Object.values(stored)) {
        if (secret.rotation === undefined || secret.secret === undefined || secret.plan.secretsManager === undefined) continue;
        rotating.push({
            key: secret.key,
            rotation: secret.rotation,
            generate: secret.declaration.generate,
            secretsManagerName: secret.plan.secretsManager.name,
            secretArn: secret.secret.arn,
            kmsKeyArn: secret.kmsKeyArn,
            dependsOn: secret.secretVersion !== undefined ? [secret.secretVersion] : [],
        });
    }
    if (rotating.length === 0) return undefined;
    const tags = tagsFor(mostSensitive(rotating.map((r) => stored[r.key].classification)));
    return createSetRotation({ resourcePrefix: identity.setName, rotatorFunctionName: rotatorFunctionName(identity), secrets: rotating, tags }, { parent });
}

/** Stores that SecretSet itself must rewrite to rotate a value (Secrets Manager has its Lambda). */
function storesRotatedByPulumi(plan: SecretPlan): string[] {
    return [plan.ssm !== undefined ? "SSM" : undefined, plan.vault !== undefined ? "Vault" : undefined].filter((s): s is string => s !== undefined);
}

/**
 * The rotation schedule of a generated secret stored in SSM or Vault, created
 * before its RandomPassword so its id can be the password's keeper: each renewal
 * regenerates the value and `pulumi up` writes it. Undefined when the secret is
 * not generated, does not rotate, or lives only in Secrets Manager.
 */
export function scheduledRotationFor(setName: string, plan: SecretPlan, parent: pulumi.Resource): VaultRotationSchedule | undefined {
    const stores = storesRotatedByPulumi(plan);
    if (plan.rotation === undefined || stores.length === 0) return undefined;
    if (plan.valueSource === "config" || plan.valueSource === "literal") {
        // A rotation is declared (or required by the class), but only a generated value can be renewed on a schedule.
        pulumi.log.warn(
            `Secret \`${plan.key}\`: its ${stores.join(" and ")} copy takes its value from config, so nothing rotates it every ${plan.rotation.days} days; ` +
                `rotate it with \`pulumi config set --secret ${plan.key} <new value>\` and \`pulumi up\`, or declare \`generate\` to rotate it by schedule.`,
        );
    }
    if (plan.valueSource !== "generated") return undefined;
    return createVaultRotationSchedule(`${setName}-rotation-schedule-${plan.key}`, plan.rotation.days, { parent });
}
