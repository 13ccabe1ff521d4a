// The generic rotator of a SecretSet: ONE Lambda for all its generated (or
// otherwise Lambda-less) Secrets Manager secrets, with an execution role limited
// to those secrets and keys, and a Permission per secret bound by SourceArn.
import * as path from "path";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { serviceTrustPolicy } from "../grants";
import type { GenerateSpec } from "../types";
import { buildRotatorPolicyDocument } from "./rotatorPolicy";

/** Folder of the handler (components/rotation/rotator/index.js, `exports.handler`). */
export const ROTATOR_CODE_DIR = path.join(__dirname, "rotator");
export const ROTATOR_RUNTIME = "nodejs20.x";
export const ROTATOR_HANDLER = "index.handler";
export const GENERATION_SPECS_ENV = "SECRETSET_GENERATION_SPECS";
/** Lambda names are at most 64 characters. */
const LAMBDA_NAME_MAX = 64;

export interface GenericallyRotatedSecret {
    /** Declared name (used in child resource names). */
    readonly key: string;
    /** The key before a `renamedFrom` rename: the invoke permission aliases its old name. */
    readonly previousKey?: string;
    /** Secrets Manager name; the rotator looks its generation spec up by it. */
    readonly secretsManagerName: string;
    readonly secretArn: pulumi.Input<string>;
    readonly kmsKeyArn?: pulumi.Input<string>;
    readonly generate?: GenerateSpec;
}

export interface GenericRotatorArgs {
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
    /** Invoke permission per secret key. */
    readonly permissions: Readonly<Record<string, aws.lambda.Permission>>;
}

/** The generation fields the rotator reads (everything but `keepOutOfState`). */
export function rotatorGenerationSpec(spec: GenerateSpec | undefined): Omit<GenerateSpec, "keepOutOfState"> {
    if (spec === undefined) return {};
    const { keepOutOfState: _ignored, ...generation } = spec;
    return generation;
}

/** SECRETSET_GENERATION_SPECS: generation specs (never values) keyed by Secrets Manager name. */
export function generationSpecsEnvironment(secrets: readonly Pick<GenericallyRotatedSecret, "secretsManagerName" | "generate">[]): string {
    const specs: Record<string, unknown> = {};
    for (const secret of [...secrets].sort((a, b) => a.secretsManagerName.localeCompare(b.secretsManagerName))) {
        specs[secret.secretsManagerName] = rotatorGenerationSpec(secret.generate);
    }
    return JSON.stringify(specs);
}

export function createGenericRotator(args: GenericRotatorArgs, opts: pulumi.CustomResourceOptions): GenericRotator {
    const prefix = args.resourcePrefix;
    if (args.functionName.length > LAMBDA_NAME_MAX) {
        throw new Error(`Rotator name \`${args.functionName}\` is longer than ${LAMBDA_NAME_MAX} characters; shorten \`app\` or \`environment\`.`);
    }
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
    const arns = pulumi.output(args.secrets.map((s) => ({ secretArn: s.secretArn, kmsKeyArn: s.kmsKeyArn })));
    const rolePolicy = new aws.iam.RolePolicy(
        `${prefix}-rotator-policy`,
        {
            role: role.name,
            policy: pulumi.all([arns, logGroup.arn]).apply(([resolved, logArn]) => JSON.stringify(buildRotatorPolicyDocument(resolved, logArn))),
        },
        opts,
    );
    const fn = new aws.lambda.Function(
        `${prefix}-rotator`,
        {
            name: args.functionName,
            description: "SecretSet generic rotator: createSecret/setSecret/testSecret/finishSecret for generated secrets",
            runtime: ROTATOR_RUNTIME,
            handler: ROTATOR_HANDLER,
            code: new pulumi.asset.FileArchive(ROTATOR_CODE_DIR),
            role: role.arn,
            timeout: 30,
            memorySize: 256,
            environment: { variables: { [GENERATION_SPECS_ENV]: generationSpecsEnvironment(args.secrets) } },
            tags: args.tags,
        },
        { ...opts, dependsOn: [rolePolicy, logGroup] },
    );
    const permissions: Record<string, aws.lambda.Permission> = {};
    for (const secret of args.secrets) {
        permissions[secret.key] = new aws.lambda.Permission(
            `${prefix}-rotator-invoke-${secret.key}`,
            {
                action: "lambda:InvokeFunction",
                function: fn.name,
                principal: "secretsmanager.amazonaws.com",
                sourceArn: secret.secretArn,
            },
            { ...opts, aliases: secret.previousKey === undefined ? [] : [{ name: `${prefix}-rotator-invoke-${secret.previousKey}` }] },
        );
    }
    return { function: fn, role, rolePolicy, logGroup, permissions };
}
