// The PostgreSQL rotator: a Lambda in the database's VPC (subnets and security
// groups are arguments) running rotator/postgres.js with its `pg` dependency, an
// execution role with exact grants (the rotated secrets, the master secrets' reads,
// their keys through Secrets Manager, network interfaces in the given subnets and
// security groups, its own log group), and one invoke Permission per secret bound
// by the secret's ARN and account.
import * as crypto from "crypto";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { serviceTrustPolicy } from "../grants";
import type { EffectiveRotation } from "../secretPlan";
import { assertLambdaName, ROTATOR_RUNTIME } from "./genericRotator";
import { lambdaCodeWithDependencies } from "./lambdaCode";
import { buildPostgresRotatorPolicy, type DatabaseSecretGrant } from "./postgresRotatorPolicy";
import { invokePermission } from "./invokePermission";
import { type RotatorScope, setSecretsArnPattern } from "./rotatorPolicy";

export const POSTGRES_ROTATOR_HANDLER = "postgres.handler";

export interface PostgresRotatedSecret {
    readonly key: string;
    /** With a `scope`: the secret's class, and whether grants must name it (restricted). */
    readonly classification?: string;
    readonly namedGrant?: boolean;
    readonly secretArn: pulumi.Input<string>;
    readonly kmsKeyArn?: pulumi.Input<string>;
    /** Exact ARN of the master secret (alternating users) and its key. */
    readonly masterSecretArn?: pulumi.Input<string>;
    readonly masterKmsKeyArn?: pulumi.Input<string>;
}

export interface PostgresRotatorArgs {
    /** Prefix of child resource names. */
    readonly resourcePrefix: string;
    /** Physical Lambda name (at most 64 characters). */
    readonly functionName: string;
    readonly subnetIds: readonly pulumi.Input<string>[];
    readonly securityGroupIds: readonly pulumi.Input<string>[];
    readonly secrets: readonly PostgresRotatedSecret[];
    readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
    /** @default 30 */
    readonly logRetentionDays?: number;
    /**
     * The SecretSet the secrets belong to: they are then granted by the set's name prefix and
     * tags (mode `database`) and invoked through one Permission, so nothing grows with their
     * number. Without it every secret is listed by ARN and gets its own Permission.
     */
    readonly scope?: RotatorScope;
}

export interface PostgresRotator {
    readonly function: aws.lambda.Function;
    readonly role: aws.iam.Role;
    readonly rolePolicy: aws.iam.RolePolicy;
    readonly logGroup: aws.cloudwatch.LogGroup;
    readonly permissions: Readonly<Record<string, aws.lambda.Permission>>;
    /** The secret keys it rotates. */
    readonly secretKeys: readonly string[];
}

/** Creates one PostgreSQL rotator for the given secrets (usable outside a SecretSet too). */
export function createPostgresRotator(args: PostgresRotatorArgs, opts: pulumi.CustomResourceOptions): PostgresRotator {
    const prefix = args.resourcePrefix;
    assertLambdaName(args.functionName);
    if (args.secrets.length === 0) throw new Error("A PostgreSQL rotator needs at least one secret to rotate.");
    if (args.subnetIds.length === 0 || args.securityGroupIds.length === 0) {
        throw new Error(`PostgreSQL rotator \`${args.functionName}\` needs \`subnetIds\` and \`securityGroupIds\`: it must run where it can reach the database.`);
    }
    const logGroup = new aws.cloudwatch.LogGroup(`${prefix}-logs`, { name: `/aws/lambda/${args.functionName}`, retentionInDays: args.logRetentionDays ?? 30, tags: args.tags }, opts);
    const role = new aws.iam.Role(
        `${prefix}-role`,
        { assumeRolePolicy: serviceTrustPolicy(["lambda.amazonaws.com"]), description: `Execution role of ${args.functionName}`, tags: args.tags },
        opts,
    );
    const grants = pulumi.all(
        args.secrets.map((s) =>
            pulumi
                .all([s.secretArn, s.kmsKeyArn, s.masterSecretArn, s.masterKmsKeyArn])
                .apply(([secretArn, kmsKeyArn, masterSecretArn, masterKmsKeyArn]): DatabaseSecretGrant => ({ secretArn, kmsKeyArn, masterSecretArn, masterKmsKeyArn, classification: s.classification, namedGrant: s.namedGrant })),
        ),
    );
    const rolePolicy = new aws.iam.RolePolicy(
        `${prefix}-policy`,
        {
            role: role.name,
            policy: pulumi
                .all([grants, pulumi.all([...args.subnetIds]), pulumi.all([...args.securityGroupIds]), logGroup.arn])
                .apply(([resolved, subnets, groups, logArn]) => JSON.stringify(buildPostgresRotatorPolicy(resolved, subnets, groups, logArn, args.scope))),
        },
        opts,
    );
    const fn = new aws.lambda.Function(
        prefix,
        {
            name: args.functionName,
            description: "SecretSet PostgreSQL rotator: single-user and alternating-users rotation of AWS database secrets",
            runtime: ROTATOR_RUNTIME,
            handler: POSTGRES_ROTATOR_HANDLER,
            code: lambdaCodeWithDependencies(["pg"]),
            role: role.arn,
            timeout: 60,
            memorySize: 256,
            vpcConfig: { subnetIds: [...args.subnetIds], securityGroupIds: [...args.securityGroupIds] },
            tags: args.tags,
        },
        { ...opts, dependsOn: [rolePolicy, logGroup] },
    );
    const permissions: Record<string, aws.lambda.Permission> = {};
    const scope = args.scope;
    const tagged = scope !== undefined ? args.secrets.filter((s) => s.namedGrant !== true) : [];
    if (scope !== undefined && tagged.length > 0) {
        // One statement for the set's prefix keeps the function's resource policy (20 KB) constant.
        const first = pulumi.output(tagged[0].secretArn);
        const shared = invokePermission(`${prefix}-invoke`, fn.arn, first.apply((arn) => setSecretsArnPattern(arn, scope)), opts, first);
        for (const secret of tagged) permissions[secret.key] = shared;
    }
    for (const secret of args.secrets.filter((s) => !tagged.includes(s))) {
        permissions[secret.key] = invokePermission(`${prefix}-invoke-${secret.key}`, fn.arn, secret.secretArn, opts);
    }
    return { function: fn, role, rolePolicy, logGroup, permissions, secretKeys: args.secrets.map((s) => s.key) };
}

/** Physical name of a set's PostgreSQL rotator for one network placement (8 hex characters). */
export function postgresRotatorName(functionNamePrefix: string, placement: string): string {
    return `${functionNamePrefix}-rotator-${placement}`;
}

export interface SetPostgresRotatorsArgs {
    readonly resourcePrefix: string;
    readonly scope: RotatorScope;
    /** Physical names are `${functionNamePrefix}-rotator-<placement hash>`. */
    readonly functionNamePrefix: string;
    readonly secrets: readonly {
        readonly key: string;
        readonly rotation: EffectiveRotation;
        readonly classification: string;
        readonly namedGrant: boolean;
        readonly secretArn: pulumi.Input<string>;
        readonly kmsKeyArn?: pulumi.Input<string>;
    }[];
    readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/** One rotator per distinct network placement (subnets + security groups) of a set's `database` secrets. */
export function createPostgresRotators(args: SetPostgresRotatorsArgs, opts: pulumi.CustomResourceOptions): PostgresRotator[] {
    const groups = new Map<string, { subnets: string[]; groups: string[]; secrets: PostgresRotatedSecret[] }>();
    for (const secret of args.secrets) {
        const database = secret.rotation.database;
        if (database === undefined) throw new Error(`internal: secret \`${secret.key}\` has mode database without settings`);
        const subnets = [...database.subnetIds].sort();
        const securityGroups = [...database.securityGroupIds].sort();
        // The placement, not array position, names the rotator, so adding a secret never renames one.
        const placement = crypto.createHash("sha256").update(JSON.stringify([subnets, securityGroups])).digest("hex").slice(0, 8);
        const group = groups.get(placement) ?? { subnets, groups: securityGroups, secrets: [] };
        group.secrets.push({ key: secret.key, classification: secret.classification, namedGrant: secret.namedGrant, secretArn: secret.secretArn, kmsKeyArn: secret.kmsKeyArn, masterSecretArn: database.masterSecretArn, masterKmsKeyArn: database.masterKmsKeyArn });
        groups.set(placement, group);
    }
    return [...groups.entries()].map(([placement, group]) =>
        createPostgresRotator(
            {
                resourcePrefix: `${args.resourcePrefix}-pg-rotator-${placement}`,
                functionName: postgresRotatorName(args.functionNamePrefix, placement),
                subnetIds: group.subnets,
                securityGroupIds: group.groups,
                secrets: group.secrets,
                tags: args.tags,
                scope: args.scope,
            },
            opts,
        ),
    );
}
