// Secrets Manager: confidential and restricted secrets, encrypted with a
// customer-managed key (restricted: a dedicated one), replicas on their own keys.
// No SecretVersion when the value is external or written by the rotator.
import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import { childName, renameAliases } from "./childNames";
import type { SecretPlan } from "./secretPlan";
import type { ResolvedValue } from "./values";

export interface SecretsManagerChildren {
    readonly secret: aws.secretsmanager.Secret;
    readonly secretVersion?: aws.secretsmanager.SecretVersion;
}

export function createSecretsManagerSecret(
    setName: string,
    plan: SecretPlan,
    value: ResolvedValue,
    kmsKeyArn: pulumi.Input<string> | undefined,
    tags: Record<string, string>,
    parent: pulumi.Resource,
): SecretsManagerChildren {
    const spec = plan.secretsManager;
    if (spec === undefined) throw new Error(`internal: secret \`${plan.key}\` is not planned for Secrets Manager`);
    const lifecycle = { protect: plan.protect, retainOnDelete: plan.protect || plan.adopt !== undefined };
    const secret = new aws.secretsmanager.Secret(
        childName(setName, "secret", plan.key),
        {
            name: spec.name,
            kmsKeyId: kmsKeyArn,
            recoveryWindowInDays: spec.recoveryWindowDays,
            ...(plan.declaration.description !== undefined ? { description: plan.declaration.description } : {}),
            replicas: spec.replicas.map((replica) => ({ region: replica.region, kmsKeyId: replica.kmsKeyArn })),
            tags,
        },
        // An adopted secret is imported by ARN (no SecretVersion: its value is kept) and never deleted with the set.
        { parent, aliases: renameAliases(setName, "secret", plan), ...lifecycle, ...(plan.adopt?.secretsManagerArn !== undefined ? { import: plan.adopt.secretsManagerArn } : {}) },
    );
    if (value.stored === undefined) {
        return { secret };
    }
    const secretVersion = new aws.secretsmanager.SecretVersion(
        childName(setName, "secret-version", plan.key),
        { secretId: secret.id, secretString: value.stored },
        {
            parent,
            aliases: renameAliases(setName, "secret-version", plan),
            // Rotation writes new versions; `pulumi up` must not put the old value back.
            ignoreChanges: plan.ignoreValueChanges.secretsManager ? ["secretString"] : [],
            additionalSecretOutputs: ["secretString"],
            ...lifecycle,
        },
    );
    return { secret, secretVersion };
}
