// Rotation of a set's Secrets Manager secrets, by mode: one SecretRotation per
// rotating secret, on the set's generic rotator (`generated`), the function the
// user named (`lambda`, which gets its invoke Permission bound to the secret), or
// the set's PostgreSQL rotator (`database`). `manual` secrets get no rotation
// resource at all: nothing may overwrite their value.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { renamedOpts } from "../childNames";
import type { EffectiveRotation } from "../secretPlan";
import { createGenericRotators, type GenericRotator } from "./genericRotator";
import { invokePermission } from "./invokePermission";
import { createPostgresRotators, type PostgresRotator } from "./postgresRotator";

export interface RotatableSecret {
    readonly key: string;
    /** The key before a `renamedFrom` rename: children named after the key alias their old names. */
    readonly previousKey?: string;
    /** The secret's rotation as planned (mode and days validated). */
    readonly rotation: EffectiveRotation;
    readonly secretsManagerName: string;
    readonly classification: string;
    /** Grants must name the secret by ARN (its class has a dedicated key, e.g. restricted). */
    readonly namedGrant: boolean;
    readonly secretArn: pulumi.Input<string>;
    readonly kmsKeyArn?: pulumi.Input<string>;
    /** Resources the rotation must wait for (e.g. the initial SecretVersion). */
    readonly dependsOn?: readonly pulumi.Resource[];
}

export interface SetRotationArgs {
    readonly resourcePrefix: string;
    readonly app: string;
    readonly environment: string;
    /** Physical name of the generic rotator Lambda; the PostgreSQL rotators derive theirs from it. */
    readonly rotatorFunctionName: string;
    /** The Secrets Manager secrets that rotate (plans with a `rotation`; `manual` ones are skipped). */
    readonly secrets: readonly RotatableSecret[];
    readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

export interface SetRotation {
    /** The first generic rotator; undefined when no secret is `generated`. */
    readonly rotator?: GenericRotator;
    /** Every generic rotator (more than one only for many restricted secrets). */
    readonly rotators: readonly GenericRotator[];
    /** PostgreSQL rotators, one per distinct network placement. */
    readonly databaseRotators: readonly PostgresRotator[];
    readonly rotations: Readonly<Record<string, aws.secretsmanager.SecretRotation>>;
    /** `lambda` mode: the invoke Permission of the named function, per secret key. */
    readonly lambdaPermissions: Readonly<Record<string, aws.lambda.Permission>>;
}

/** `<environment>-<app>-secretset-rotator` -> `<environment>-<app>-secretset-pg` (then `-rotator-<placement>`). */
export function postgresRotatorPrefix(genericRotatorName: string): string {
    return genericRotatorName.replace(/-rotator$/, "-pg");
}

export function createSetRotation(args: SetRotationArgs, opts: pulumi.CustomResourceOptions): SetRotation {
    const rotating = args.secrets.filter((s) => s.rotation.mode !== "manual");
    const generic = rotating.filter((s) => s.rotation.mode === "generated");
    const rotators =
        generic.length === 0
            ? []
            : createGenericRotators(
                  {
                      resourcePrefix: args.resourcePrefix,
                      functionName: args.rotatorFunctionName,
                      app: args.app,
                      environment: args.environment,
                      secrets: generic.map((secret) => ({
                          key: secret.key,
                          previousKey: secret.previousKey,
                          secretsManagerName: secret.secretsManagerName,
                          classification: secret.classification,
                          namedGrant: secret.namedGrant,
                          secretArn: secret.secretArn,
                          kmsKeyArn: secret.kmsKeyArn,
                      })),
                      tags: args.tags,
                  },
                  opts,
              );
    const databaseRotators = createPostgresRotators(
        {
            resourcePrefix: args.resourcePrefix,
            scope: { app: args.app, environment: args.environment },
            functionNamePrefix: postgresRotatorPrefix(args.rotatorFunctionName),
            secrets: rotating.filter((s) => s.rotation.mode === "database"),
            tags: args.tags,
        },
        opts,
    );

    const rotations: Record<string, aws.secretsmanager.SecretRotation> = {};
    const lambdaPermissions: Record<string, aws.lambda.Permission> = {};
    for (const secret of rotating) {
        const plan = secret.rotation;
        // Secrets Manager invokes the Lambda at once when rotating immediately: it needs its rights first.
        const waitFor: pulumi.Resource[] = [...(secret.dependsOn ?? [])];
        let functionArn: pulumi.Input<string>;
        const rotator = plan.mode === "generated" ? rotators.find((r) => r.secretKeys.includes(secret.key)) : undefined;
        if (rotator !== undefined) {
            functionArn = rotator.function.arn;
            waitFor.push(...rotator.permissions, rotator.rolePolicy);
        } else if (plan.mode === "database") {
            const owner = databaseRotators.find((r) => r.secretKeys.includes(secret.key));
            if (owner === undefined) throw new Error(`internal: no PostgreSQL rotator for secret \`${secret.key}\``);
            functionArn = owner.function.arn;
            waitFor.push(owner.permissions[secret.key], owner.rolePolicy);
        } else if (plan.mode === "lambda" && plan.lambdaArn !== undefined) {
            functionArn = plan.lambdaArn;
            lambdaPermissions[secret.key] = invokePermission(`${args.resourcePrefix}-rotation-invoke-${secret.key}`, plan.lambdaArn, secret.secretArn, renamedOpts(opts, `${args.resourcePrefix}-rotation-invoke-`, secret.previousKey));
            waitFor.push(lambdaPermissions[secret.key]);
        } else {
            throw new Error(`internal: secret \`${secret.key}\` has rotation mode \`${plan.mode}\` without its rotator`);
        }
        rotations[secret.key] = new aws.secretsmanager.SecretRotation(
            `${args.resourcePrefix}-rotation-${secret.key}`,
            {
                secretId: secret.secretArn,
                rotationLambdaArn: functionArn,
                rotationRules: { automaticallyAfterDays: plan.days },
                rotateImmediately: plan.rotateImmediately,
            },
            { ...renamedOpts(opts, `${args.resourcePrefix}-rotation-`, secret.previousKey), dependsOn: waitFor },
        );
    }
    return { ...(rotators.length > 0 ? { rotator: rotators[0] } : {}), rotators, databaseRotators, rotations, lambdaPermissions };
}

