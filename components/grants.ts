// Least-privilege read grants on the secrets of a SecretSet: IAM policy documents
// built from exact ARNs only, and the RolePolicy that attaches one to a role.
// The builders are pure so the documents can be tested without a Pulumi engine.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { createHash } from "crypto";
import { type ReadGrantee, resolveGrantee } from "./grantees";

/** The ARNs one secret is read through. Only the stores the secret lives in are set. */
export interface ReadableSecretArns {
    readonly key: string;
    /** SSM parameter (String or SecureString). */
    readonly ssmParameterArn?: string;
    /** Key of a SecureString parameter; absent for a plain String. */
    readonly ssmKmsKeyArn?: string;
    /** Secrets Manager secret in its primary region. */
    readonly secretArn?: string;
    readonly secretKmsKeyArn?: string;
    /** Secrets Manager replicas: same ARN in another region, own key there. */
    readonly replicas?: readonly { readonly region: string; readonly kmsKeyArn: string }[];
}

export interface PolicyStatement {
    readonly Sid: string;
    readonly Effect: "Allow";
    readonly Action: string[];
    readonly Resource: string[];
    readonly Condition?: Record<string, Record<string, string | string[]>>;
}

export interface PolicyDocument {
    readonly Version: "2012-10-17";
    readonly Statement: PolicyStatement[];
}

export const SSM_READ_ACTIONS = ["ssm:GetParameter", "ssm:GetParameters"];
export const SECRETS_MANAGER_READ_ACTIONS = ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"];

interface ParsedArn {
    readonly partition: string;
    readonly service: string;
    readonly region: string;
    readonly account: string;
    readonly resource: string;
}

/** Parses an ARN of the expected service and refuses anything with a wildcard. */
export function parseExactArn(arn: string, service: string, purpose: string): ParsedArn {
    if (arn.includes("*") || arn.includes("?")) {
        throw new Error(`Refusing to grant ${purpose} on \`${arn}\`: SecretSet grants exact ARNs only, never a wildcard.`);
    }
    const parts = arn.split(":");
    if (parts.length < 6 || parts[0] !== "arn" || parts[2] !== service || parts[3] === "" || parts[5] === "") {
        throw new Error(`Refusing to grant ${purpose} on \`${arn}\`: expected an exact ${service} ARN (arn:<partition>:${service}:<region>:<account>:...).`);
    }
    return { partition: parts[1], service: parts[2], region: parts[3], account: parts[4], resource: parts.slice(5).join(":") };
}

/** The ARN of a Secrets Manager replica: the primary ARN with the replica's region. */
export function replicaSecretArn(primaryArn: string, region: string): string {
    const parts = parseExactArn(primaryArn, "secretsmanager", "a replica read");
    return `arn:${parts.partition}:secretsmanager:${region}:${parts.account}:${parts.resource}`;
}

export function viaService(service: "ssm" | "secretsmanager", region: string): string {
    return `${service}.${region}.amazonaws.com`;
}

function unique(values: Iterable<string>): string[] {
    return [...new Set(values)].sort();
}

/** kms:Decrypt on the keys of one region, usable only through Secrets Manager for those secrets. */
function secretsManagerDecryptStatements(reads: readonly { region: string; keyArn: string; secretArn: string }[]): PolicyStatement[] {
    const regions = unique(reads.map((r) => r.region));
    return regions.map((region) => {
        const inRegion = reads.filter((r) => r.region === region);
        return {
            Sid: `DecryptSecretsVia${region.replace(/[^A-Za-z0-9]/g, "")}`,
            Effect: "Allow",
            Action: ["kms:Decrypt"],
            Resource: unique(inRegion.map((r) => r.keyArn)),
            Condition: {
                StringEquals: {
                    "kms:ViaService": viaService("secretsmanager", region),
                    "kms:EncryptionContext:SecretARN": unique(inRegion.map((r) => r.secretArn)),
                },
            },
        };
    });
}

/**
 * The read policy for a set of secrets: ssm:GetParameter(s) on the parameters,
 * secretsmanager:GetSecretValue/DescribeSecret on the secrets and replicas, and
 * kms:Decrypt on their keys only via the owning service (and, for SSM, only for
 * those parameters). Throws on any wildcard or malformed ARN.
 */
export function buildReadPolicyDocument(secrets: readonly ReadableSecretArns[]): PolicyDocument {
    const parameterArns: string[] = [];
    const ssmDecrypts: { region: string; keyArn: string; parameterArn: string }[] = [];
    const secretArns: string[] = [];
    const secretDecrypts: { region: string; keyArn: string; secretArn: string }[] = [];

    for (const secret of secrets) {
        const purpose = `read of secret \`${secret.key}\``;
        if (secret.ssmParameterArn !== undefined) {
            const parameter = parseExactArn(secret.ssmParameterArn, "ssm", purpose);
            parameterArns.push(secret.ssmParameterArn);
            if (secret.ssmKmsKeyArn !== undefined) {
                parseExactArn(secret.ssmKmsKeyArn, "kms", purpose);
                ssmDecrypts.push({ region: parameter.region, keyArn: secret.ssmKmsKeyArn, parameterArn: secret.ssmParameterArn });
            }
        }
        if (secret.secretArn !== undefined) {
            const primary = parseExactArn(secret.secretArn, "secretsmanager", purpose);
            secretArns.push(secret.secretArn);
            if (secret.secretKmsKeyArn !== undefined) {
                parseExactArn(secret.secretKmsKeyArn, "kms", purpose);
                secretDecrypts.push({ region: primary.region, keyArn: secret.secretKmsKeyArn, secretArn: secret.secretArn });
            }
            for (const replica of secret.replicas ?? []) {
                const arn = replicaSecretArn(secret.secretArn, replica.region);
                parseExactArn(replica.kmsKeyArn, "kms", purpose);
                secretArns.push(arn);
                secretDecrypts.push({ region: replica.region, keyArn: replica.kmsKeyArn, secretArn: arn });
            }
        }
    }

    const statements: PolicyStatement[] = [];
    if (parameterArns.length > 0) {
        statements.push({ Sid: "ReadParameters", Effect: "Allow", Action: SSM_READ_ACTIONS, Resource: unique(parameterArns) });
    }
    for (const region of unique(ssmDecrypts.map((d) => d.region))) {
        const inRegion = ssmDecrypts.filter((d) => d.region === region);
        statements.push({
            Sid: `DecryptParametersVia${region.replace(/[^A-Za-z0-9]/g, "")}`,
            Effect: "Allow",
            Action: ["kms:Decrypt"],
            Resource: unique(inRegion.map((d) => d.keyArn)),
            Condition: {
                StringEquals: {
                    "kms:ViaService": viaService("ssm", region),
                    "kms:EncryptionContext:PARAMETER_ARN": unique(inRegion.map((d) => d.parameterArn)),
                },
            },
        });
    }
    if (secretArns.length > 0) {
        statements.push({ Sid: "ReadSecrets", Effect: "Allow", Action: SECRETS_MANAGER_READ_ACTIONS, Resource: unique(secretArns) });
    }
    statements.push(...secretsManagerDecryptStatements(secretDecrypts));
    if (statements.length === 0) {
        throw new Error("Refusing to build an empty read policy: none of the chosen secrets is stored on AWS.");
    }
    const document: PolicyDocument = { Version: "2012-10-17", Statement: statements };
    assertNoWildcardResources(document);
    return document;
}

/**
 * Throws when any statement has a `*` resource or an empty resource list.
 * `allowedSuffixes` lists the only wildcard endings allowed (e.g. the log
 * streams under a log group the caller owns), matched exactly at the end.
 */
export function assertNoWildcardResources(document: PolicyDocument, allowedSuffixes: readonly string[] = []): void {
    for (const statement of document.Statement) {
        if (statement.Resource.length === 0) {
            throw new Error(`Policy statement \`${statement.Sid}\` has no resource; refusing an empty grant.`);
        }
        for (const resource of statement.Resource) {
            const withoutAllowed = allowedSuffixes.reduce((r, suffix) => (r.endsWith(suffix) ? r.slice(0, -suffix.length) : r), resource);
            if (withoutAllowed.includes("*") || withoutAllowed.includes("?")) {
                throw new Error(`Policy statement \`${statement.Sid}\` grants on the wildcard resource \`${resource}\`; SecretSet grants exact ARNs only.`);
            }
        }
    }
}

/** Trust policy letting the given AWS service principals (e.g. codebuild.amazonaws.com) assume a role. */
export function serviceTrustPolicy(services: readonly string[]): string {
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: [...services] }, Action: "sts:AssumeRole" }],
    });
}

/** The same data as ReadableSecretArns, before the ARNs are known. */
export interface ReadableSecretInputs {
    readonly key: string;
    readonly ssmParameterArn?: pulumi.Input<string>;
    readonly ssmKmsKeyArn?: pulumi.Input<string>;
    readonly secretArn?: pulumi.Input<string>;
    readonly secretKmsKeyArn?: pulumi.Input<string>;
    readonly replicas?: readonly { readonly region: string; readonly kmsKeyArn: pulumi.Input<string> }[];
}

export interface ReadGrantArgs {
    /** The SecretSet's logical name, so grants of several sets on one role do not collide. */
    readonly setName: string;
    readonly grantee: ReadGrantee;
    /** The read policy's contents: resolved now (a set's own secrets) or when an Output resolves (another stack's). */
    readonly secrets: pulumi.Input<readonly ReadableSecretArns[]> | readonly ReadableSecretInputs[];
    /**
     * Distinguishes grants of different secrets to the same role (a consumer's name, or a
     * hash of the chosen secrets): part of the resource name and the inline policy name.
     * @default none (the grant of every secret of the set)
     */
    readonly qualifier?: string;
    /** A stable name for the grant; required when the role is given as an Output. @default derived from the grantee */
    readonly name?: string;
    /** Earlier resource names of this grant, so a rename moves it instead of replacing it. */
    readonly aliases?: pulumi.Input<pulumi.URN | pulumi.Alias>[];
}

/** A short stable tag for a choice of secrets (order does not matter). */
export function selectionQualifier(keys: readonly string[]): string {
    return createHash("sha256").update([...new Set(keys)].sort().join(",")).digest("hex").slice(0, 8);
}

/** Resource and policy names of a grant; unique per set, grantee and choice of secrets. */
export function readGrantNames(args: Pick<ReadGrantArgs, "setName" | "qualifier" | "name">, granteeKey: string | undefined, description: string): { resourceName: string; policyName: string } {
    if (args.name !== undefined && !/^[A-Za-z0-9+=,.@_-]{1,64}$/.test(args.name)) {
        throw new pulumi.RunError(`SecretSet \`${args.setName}\`: grant \`name\` must be 1 to 64 of A-Z a-z 0-9 +=,.@_- (it is part of the inline policy name).`);
    }
    const key = args.name ?? granteeKey;
    if (key === undefined) {
        throw new pulumi.RunError(`SecretSet \`${args.setName}\`: a grant to ${description} needs \`name\`, a stable name for the grant (e.g. \`grantRead(roleArn, { name: "billing-api" })\`), because an Output gives none.`);
    }
    const suffix = [args.qualifier, args.name].filter((s): s is string => s !== undefined).map((s) => `-${s}`).join("");
    return { resourceName: `${args.setName}-read-${key}${args.qualifier !== undefined ? `-${args.qualifier}` : ""}`, policyName: `secretset-read-${args.setName}${suffix}` };
}

/** Attaches the read policy of `secrets` to the grantee's role as an inline aws.iam.RolePolicy. */
export function attachReadPolicy(args: ReadGrantArgs, opts?: pulumi.CustomResourceOptions): aws.iam.RolePolicy {
    const grantee = resolveGrantee(args.grantee);
    if (Array.isArray(args.secrets) && args.secrets.length === 0) {
        throw new pulumi.RunError(`Nothing to grant from SecretSet \`${args.setName}\` to ${grantee.description}: none of the chosen secrets is stored on AWS (Vault-only secrets are granted through a consumer's \`vault\` settings).`);
    }
    const names = readGrantNames(args, grantee.key, grantee.description);
    const document = pulumi.output(args.secrets as pulumi.Input<ReadableSecretArns[]>).apply((resolved) => JSON.stringify(buildReadPolicyDocument(resolved as ReadableSecretArns[])));
    return new aws.iam.RolePolicy(names.resourceName, { name: names.policyName, role: grantee.roleName, policy: document }, { ...opts, ...(args.aliases !== undefined ? { aliases: args.aliases } : {}) });
}

/**
 * `attachReadPolicy` once per grant name: asking for the same grant again (same grantee,
 * same choice of secrets) returns the policy already registered instead of a second
 * resource with the same URN, which the engine would refuse.
 */
export function attachReadPolicyOnce(registered: Map<string, aws.iam.RolePolicy>, args: ReadGrantArgs, opts?: pulumi.CustomResourceOptions): aws.iam.RolePolicy {
    const grantee = resolveGrantee(args.grantee);
    const { resourceName } = readGrantNames(args, grantee.key, grantee.description);
    const existing = registered.get(resourceName);
    if (existing !== undefined) return existing;
    const policy = attachReadPolicy(args, opts);
    registered.set(resourceName, policy);
    return policy;
}
