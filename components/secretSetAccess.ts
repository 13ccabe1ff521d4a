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
        // `manual` secrets get no rotation resource: nothing may overwrite their value.
        if (secret.rotation === undefined || secret.rotation.mode === "manual" || secret.secret === undefined || secret.plan.secretsManager === undefined) continue;
        rotating.push({
            key: secret.key,
            previousKey: secret.declaration.renamedFrom,
            rotation: secret.rotation,
            secretsManagerName: secret.plan.secretsManager.name,
            classification: secret.classification,
            namedGrant: secret.rules.dedicatedKey,
            secretArn: secret.secret.arn,
            kmsKeyArn: secret.kmsKeyArn,
            dependsOn: secret.secretVersion !== undefined ? [secret.secretVersion] : [],
        });
    }
    if (rotating.length === 0) return undefined;
    const tags = tagsFor(mostSensitive(rotating.map((r) => stored[r.key].classification)));
    return createSetRotation(
        { resourcePrefix: identity.setName, app: identity.app, environment: identity.environment, rotatorFunctionName: rotatorFunctionName(identity), secrets: rotating, tags },
        { parent },
    );
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
    // Only a `generated` value is renewed by SecretSet; validation refuses `generated` for any other source.
    if (plan.rotation?.mode !== "generated" || plan.valueSource !== "generated" || storesRotatedByPulumi(plan).length === 0) return undefined;
    const previous = plan.declaration.renamedFrom;
    return createVaultRotationSchedule(`${setName}-rotation-schedule-${plan.key}`, plan.rotation.days, {
        parent,
        aliases: previous === undefined ? [] : [{ name: `${setName}-rotation-schedule-${previous}` }],
    });
}
