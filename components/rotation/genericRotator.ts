// The generic rotator of a SecretSet: ONE Lambda for all its `generated` Secrets
// Manager secrets. Nothing about it grows with the number of secrets: the role names
// the secrets by prefix and tags, each secret carries its own generation spec as a tag
// (read by the Lambda at rotation time), and one invoke Permission covers the set.
import * as path from "path";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AWS_QUOTAS } from "../../policies/lib/awsQuotas";
import { serviceTrustPolicy } from "../grants";
import { invokePermission } from "./invokePermission";
import { buildRotatorPolicyDocument, type RotatorScope, setSecretsArnPattern } from "./rotatorPolicy";

/** Folder of the handlers (components/rotation/rotator/index.js, `exports.handler`). */
export const ROTATOR_CODE_DIR = path.join(__dirname, "rotator");
export const ROTATOR_RUNTIME = aws.lambda.Runtime.NodeJS24dX;
export const ROTATOR_HANDLER = "index.handler";

export interface GenericallyRotatedSecret {
    /** Declared name (used in child resource names). */
    readonly key: string;
    readonly secretArn: pulumi.Input<string>;
    readonly kmsKeyArn?: pulumi.Input<string>;
}

export interface GenericRotatorArgs extends RotatorScope {
    /** Prefix of child resource names (the SecretSet's name). */
    readonly resourcePrefix: string;
    /** Physical Lambda name, e.g. `dev-ci-pipeline-secretset-rotator`. */
    readonly functionName: string;
    readonly secrets: readonly GenericallyRotatedSecret[];
    readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
    /** @default 30 */
    readonly logRetentionDays?: number;
}

export interface GenericRotator {
    readonly function: aws.lambda.Function;
    readonly role: aws.iam.Role;
    readonly rolePolicy: aws.iam.RolePolicy;
    readonly logGroup: aws.cloudwatch.LogGroup;
    /** The one invoke permission: Secrets Manager, for secrets of the set's prefix in this account. */
    readonly permission: aws.lambda.Permission;
}

/** Throws when a physical name would break AWS's length quota. */
export function assertLambdaName(functionName: string): void {
    const limit = AWS_QUOTAS.lambdaFunctionNameChars.limit;
    if (functionName.length > limit) {
        throw new Error(`Rotator name \`${functionName}\` is longer than ${limit} characters; shorten \`app\` or \`environment\`.`);
    }
}

export function createGenericRotator(args: GenericRotatorArgs, opts: pulumi.CustomResourceOptions): GenericRotator {
    const prefix = args.resourcePrefix;
    assertLambdaName(args.functionName);
    if (args.secrets.length === 0) throw new Error("The generic rotator needs at least one secret to rotate.");
    const scope: RotatorScope = { app: args.app, environment: args.environment };
    // The default log group of the function, created here so its retention and grants are ours.
    const logGroup = new aws.cloudwatch.LogGroup(
        `${prefix}-rotator-logs`,
        { name: `/aws/lambda/${args.functionName}`, retentionInDays: args.logRetentionDays ?? 30, tags: args.tags },
        opts,
    );
    const role = new aws.iam.Role(
        `${prefix}-rotator-role`,
        { assumeRolePolicy: serviceTrustPolicy(["lambda.amazonaws.com"]), description: `Execution role of ${args.functionName}`, tags: args.tags },
        opts,
    );
    const firstArn = pulumi.output(args.secrets[0].secretArn);
    const keyArns = pulumi.all(args.secrets.map((s) => s.kmsKeyArn).filter((k): k is pulumi.Input<string> => k !== undefined));
    const rolePolicy = new aws.iam.RolePolicy(
        `${prefix}-rotator-policy`,
        {
            role: role.name,
            policy: pulumi.all([firstArn, keyArns, logGroup.arn]).apply(([arn, keys, logArn]) => JSON.stringify(buildRotatorPolicyDocument(scope, arn, keys, logArn))),
        },
        opts,
    );
    const fn = new aws.lambda.Function(
        `${prefix}-rotator`,
        {
            name: args.functionName,
            description: "SecretSet generic rotator: createSecret/setSecret/testSecret/finishSecret for generated secrets (spec in each secret's secretset:generate tag)",
            runtime: ROTATOR_RUNTIME,
            handler: ROTATOR_HANDLER,
            code: new pulumi.asset.FileArchive(ROTATOR_CODE_DIR),
            role: role.arn,
            timeout: 30,
            memorySize: 256,
            tags: args.tags,
        },
        { ...opts, dependsOn: [rolePolicy, logGroup] },
    );
    const permission = invokePermission(`${prefix}-rotator-invoke`, fn.name, firstArn.apply((arn) => setSecretsArnPattern(arn, scope)), opts, firstArn);
    return { function: fn, role, rolePolicy, logGroup, permission };
}
