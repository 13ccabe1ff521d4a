// Rotation of a set's Secrets Manager secrets: one SecretRotation per rotating
// secret, pointing at the Lambda the user named or at the set's generic rotator
// (created once, only when some secret uses it).
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { EffectiveRotation } from "../secretPlan";
import type { GenerateSpec } from "../types";
import { createGenericRotator, type GenericRotator } from "./genericRotator";

export interface RotatableSecret {
    readonly key: string;
    /** The key before a `renamedFrom` rename: the rotation's children alias their old names. */
    readonly previousKey?: string;
    /** The secret's rotation as planned (days within the class maximum, already validated). */
    readonly rotation: EffectiveRotation;
    /** Generation spec the generic rotator follows; absent = the rotator's default spec. */
    readonly generate?: GenerateSpec;
    readonly secretsManagerName: string;
    readonly secretArn: pulumi.Input<string>;
    readonly kmsKeyArn?: pulumi.Input<string>;
    /** Resources the rotation must wait for (e.g. the initial SecretVersion). */
    readonly dependsOn?: readonly pulumi.Resource[];
}

export interface SetRotationArgs {
    readonly resourcePrefix: string;
    /** Physical name of the generic rotator Lambda. */
    readonly rotatorFunctionName: string;
    /** The Secrets Manager secrets that rotate (plans with a `rotation`). */
    readonly secrets: readonly RotatableSecret[];
    readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

export interface SetRotation {
    /** Undefined when every rotating secret names its own Lambda. */
    readonly rotator?: GenericRotator;
    readonly rotations: Readonly<Record<string, aws.secretsmanager.SecretRotation>>;
}

export function createSetRotation(args: SetRotationArgs, opts: pulumi.CustomResourceOptions): SetRotation {
    const rotating = args.secrets;
    const generic = rotating.filter((s) => s.rotation.lambdaArn === undefined);

    const rotator =
        generic.length === 0
            ? undefined
            : createGenericRotator(
                  {
                      resourcePrefix: args.resourcePrefix,
                      functionName: args.rotatorFunctionName,
                      secrets: generic.map((secret) => ({
                          key: secret.key,
                          previousKey: secret.previousKey,
                          secretsManagerName: secret.secretsManagerName,
                          secretArn: secret.secretArn,
                          kmsKeyArn: secret.kmsKeyArn,
                          generate: secret.generate,
                      })),
                      tags: args.tags,
                  },
                  opts,
              );

    const rotations: Record<string, aws.secretsmanager.SecretRotation> = {};
    for (const secret of rotating) {
        const plan = secret.rotation;
        const named = plan.lambdaArn;
        if (named === undefined && secret.generate === undefined) {
            // The generic rotator can only make new random values; say so instead of silently breaking a token.
            pulumi.log.warn(
                `Secret \`${secret.key}\` has no \`generate\` spec and no \`rotation.lambdaArn\`: the generic rotator will replace its value with a random one every ${plan.days} days. ` +
                    `If the value must match an external system, set \`rotation.lambdaArn\` to a rotator that updates that system.`,
            );
        }
        const waitFor: pulumi.Resource[] = [...(secret.dependsOn ?? [])];
        if (rotator !== undefined && named === undefined) {
            // Secrets Manager invokes the Lambda at once when rotating immediately: it needs its rights first.
            waitFor.push(rotator.permissions[secret.key], rotator.rolePolicy);
        }
        rotations[secret.key] = new aws.secretsmanager.SecretRotation(
            `${args.resourcePrefix}-rotation-${secret.key}`,
            {
                secretId: secret.secretArn,
                rotationLambdaArn: named ?? (rotator as GenericRotator).function.arn,
                rotationRules: { automaticallyAfterDays: plan.days },
                rotateImmediately: plan.rotateImmediately,
            },
            { ...opts, dependsOn: waitFor, aliases: secret.previousKey === undefined ? [] : [{ name: `${args.resourcePrefix}-rotation-${secret.previousKey}` }] },
        );
    }
    return { rotator, rotations };
}
