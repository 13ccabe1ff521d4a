// The generic rotators of a SecretSet: Lambdas for its `generated` Secrets Manager
// secrets. Nothing about one grows with the number of secrets: secrets of classes
// without a dedicated key are granted by prefix and tags (one Permission for the set's
// prefix), each secret carries its own generation spec as a tag (read at rotation
// time), and secrets whose grants must name them (restricted) are listed by ARN, at
// most EXACT_GRANT_BUDGET_CHARS of them per rotator: more of them get more rotators
// (`<name>-2`, `<name>-3`, ...), each within AWS's quotas.
import * as path from "path";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { renamedOpts } from "../childNames";
import { AWS_QUOTAS } from "../../policies/lib/awsQuotas";
import { serviceTrustPolicy } from "../grants";
import { invokePermission } from "./invokePermission";
import { buildRotatorPolicyDocument, EXACT_GRANT_BUDGET_CHARS, exactGrantChars, type RotatorScope, setSecretsArnPattern } from "./rotatorPolicy";

/** Folder of the handlers (components/rotation/rotator/index.js, `exports.handler`). */
export const ROTATOR_CODE_DIR = path.join(__dirname, "rotator");
export const ROTATOR_RUNTIME = aws.lambda.Runtime.NodeJS24dX;
export const ROTATOR_HANDLER = "index.handler";

export interface GenericallyRotatedSecret {
    /** Declared name (used in child resource names). */
    readonly key: string;
    /** The key before a `renamedFrom` rename: the named invoke permission aliases its old name. */
    readonly previousKey?: string;
    /** Secrets Manager name (bounds the size of an exact grant). */
    readonly secretsManagerName: string;
    readonly classification: string;
    /** The grant must name the secret (its class has a dedicated key). */
    readonly namedGrant: boolean;
    readonly secretArn: pulumi.Input<string>;
    readonly kmsKeyArn?: pulumi.Input<string>;
}

export interface GenericRotatorArgs extends RotatorScope {
    /** Prefix of child resource names (the SecretSet's name). */
    readonly resourcePrefix: string;
    /** Physical Lambda name of the first rotator, e.g. `dev-ci-pipeline-secretset-rotator`. */
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
    /** Invoke permissions; the one for the set's prefix, or one per named secret. */
    readonly permissions: readonly aws.lambda.Permission[];
    /** Secret keys this rotator rotates. */
    readonly secretKeys: readonly string[];
}

/** Throws when a physical name would break AWS's length quota. */
export function assertLambdaName(functionName: string): void {
    const limit = AWS_QUOTAS.lambdaFunctionNameChars.limit;
    if (functionName.length > limit) {
        throw new Error(`Rotator name \`${functionName}\` is longer than ${limit} characters; shorten \`app\` or \`environment\`.`);
    }
}

/** The secrets of each rotator: tagged ones with the first share of named ones, then further shares. */
export function rotatorShares(secrets: readonly GenericallyRotatedSecret[]): GenericallyRotatedSecret[][] {
    const tagged = secrets.filter((s) => !s.namedGrant);
    const shares: GenericallyRotatedSecret[][] = [[...tagged]];
    let used = 0;
    for (const secret of [...secrets.filter((s) => s.namedGrant)].sort((a, b) => a.key.localeCompare(b.key))) {
        const chars = exactGrantChars(secret.secretsManagerName);
        if (used + chars > EXACT_GRANT_BUDGET_CHARS && used > 0) {
            shares.push([]);
            used = 0;
        }
        shares[shares.length - 1].push(secret);
        used += chars;
    }
    return shares.filter((share) => share.length > 0);
}

function createRotator(args: GenericRotatorArgs, share: readonly GenericallyRotatedSecret[], suffix: string, opts: pulumi.CustomResourceOptions): GenericRotator {
    const prefix = `${args.resourcePrefix}-rotator${suffix}`;
    const functionName = `${args.functionName}${suffix}`;
    assertLambdaName(functionName);
    const scope: RotatorScope = { app: args.app, environment: args.environment };
    // The default log group of the function, created here so its retention and grants are ours.
    const logGroup = new aws.cloudwatch.LogGroup(`${prefix}-logs`, { name: `/aws/lambda/${functionName}`, retentionInDays: args.logRetentionDays ?? 30, tags: args.tags }, opts);
    const role = new aws.iam.Role(`${prefix}-role`, { assumeRolePolicy: serviceTrustPolicy(["lambda.amazonaws.com"]), description: `Execution role of ${functionName}`, tags: args.tags }, opts);
    const tagged = share.filter((s) => !s.namedGrant);
    const named = share.filter((s) => s.namedGrant);
    const firstArn = pulumi.output(share[0].secretArn);
    const taggedKeys = pulumi.all(tagged.map((s) => s.kmsKeyArn).filter((k): k is pulumi.Input<string> => k !== undefined));
    const exact = pulumi.all(named.map((s) => pulumi.all([s.secretArn, s.kmsKeyArn]).apply(([secretArn, kmsKeyArn]) => ({ secretArn, kmsKeyArn }))));
    const taggedClasses = [...new Set(tagged.map((s) => s.classification))];
    const rolePolicy = new aws.iam.RolePolicy(
        `${prefix}-policy`,
        {
            role: role.name,
            policy: pulumi
                .all([firstArn, taggedKeys, exact, logGroup.arn])
                .apply(([arn, keys, exactGrants, logArn]) => JSON.stringify(buildRotatorPolicyDocument(scope, arn, { taggedClasses, taggedKeyArns: keys, exact: exactGrants }, logArn))),
        },
        opts,
    );
    const fn = new aws.lambda.Function(
        prefix,
        {
            name: functionName,
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
    const permissions: aws.lambda.Permission[] = [];
    if (tagged.length > 0) {
        permissions.push(invokePermission(`${prefix}-invoke`, fn.name, firstArn.apply((arn) => setSecretsArnPattern(arn, scope)), opts, firstArn));
    }
    for (const secret of named) permissions.push(invokePermission(`${prefix}-invoke-${secret.key}`, fn.name, secret.secretArn, renamedOpts(opts, `${prefix}-invoke-`, secret.previousKey)));
    return { function: fn, role, rolePolicy, logGroup, permissions, secretKeys: share.map((s) => s.key) };
}

/** Name suffix of the n-th generic rotator (0-based): none, `-2`, `-3`, ... */
export function rotatorShareSuffix(index: number): string {
    return index === 0 ? "" : `-${index + 1}`;
}

/** One rotator, or more when the set has more named-grant secrets than one role's quota holds. */
export function createGenericRotators(args: GenericRotatorArgs, opts: pulumi.CustomResourceOptions): GenericRotator[] {
    if (args.secrets.length === 0) throw new Error("The generic rotator needs at least one secret to rotate.");
    return rotatorShares(args.secrets).map((share, index) => createRotator(args, share, rotatorShareSuffix(index), opts));
}
