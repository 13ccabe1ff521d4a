// AWS's documented quotas that a SecretSet (or any stack) can run into: the ONE table
// both the components (construction-time checks) and the pack's quota rules read.
// Each entry says what is measured and where AWS documents it. These are default
// quotas; the ones AWS lets you raise are marked `adjustable` (the pack still uses
// the default, since a raised quota is an account setting no preview can see).

export interface AwsQuota {
    readonly limit: number;
    /** What the limit counts. */
    readonly unit: "bytes" | "characters" | "characters (no whitespace)" | "count";
    /** Where AWS documents it. */
    readonly source: string;
    readonly adjustable?: boolean;
}

const IAM_DOC = "IAM User Guide, IAM and AWS STS quotas (reference_iam-quotas)";
const LAMBDA_DOC = "Lambda Developer Guide, Lambda quotas (gettingstarted-limits)";
const TAG_DOC = "Tagging AWS Resources, Tag naming limits and requirements";
const SM_DOC = "Secrets Manager User Guide, Secrets Manager quotas (reference_limits)";
const SSM_DOC = "Systems Manager User Guide, Parameter Store quotas (ssm endpoints and quotas)";

export const AWS_QUOTAS = {
    /** Sum of every inline policy of one role (IAM does not count whitespace). */
    iamRoleInlinePoliciesChars: { limit: 10_240, unit: "characters (no whitespace)", source: IAM_DOC },
    /** Sum of every inline policy of one user. */
    iamUserInlinePoliciesChars: { limit: 2_048, unit: "characters (no whitespace)", source: IAM_DOC },
    /** Sum of every inline policy of one group. */
    iamGroupInlinePoliciesChars: { limit: 5_120, unit: "characters (no whitespace)", source: IAM_DOC },
    /** One customer managed policy document. */
    iamManagedPolicyChars: { limit: 6_144, unit: "characters (no whitespace)", source: IAM_DOC },
    /** A role's trust policy (default; adjustable to 4,096). */
    iamRoleTrustPolicyChars: { limit: 2_048, unit: "characters (no whitespace)", source: IAM_DOC, adjustable: true },
    /** Managed policies attached to one role (default; adjustable to 20). */
    iamManagedPoliciesPerRole: { limit: 10, unit: "count", source: IAM_DOC, adjustable: true },
    iamRoleNameChars: { limit: 64, unit: "characters", source: IAM_DOC },
    iamPolicyNameChars: { limit: 128, unit: "characters", source: IAM_DOC },
    /** All environment variables of one function: keys and values, UTF-8. */
    lambdaEnvironmentBytes: { limit: 4_096, unit: "bytes", source: LAMBDA_DOC },
    /** A function's resource-based policy (every lambda.Permission on it). */
    lambdaResourcePolicyBytes: { limit: 20_480, unit: "bytes", source: LAMBDA_DOC },
    lambdaFunctionNameChars: { limit: 64, unit: "characters", source: LAMBDA_DOC },
    /** User tags per resource (AWS-reserved `aws:` tags do not count). */
    tagsPerResource: { limit: 50, unit: "count", source: TAG_DOC },
    tagKeyChars: { limit: 128, unit: "characters", source: TAG_DOC },
    tagValueChars: { limit: 256, unit: "characters", source: TAG_DOC },
    secretsManagerValueBytes: { limit: 65_536, unit: "bytes", source: SM_DOC },
    secretsManagerNameChars: { limit: 512, unit: "characters", source: SM_DOC },
    secretsManagerResourcePolicyChars: { limit: 20_480, unit: "characters", source: SM_DOC },
    ssmStandardValueBytes: { limit: 4_096, unit: "bytes", source: SSM_DOC },
    ssmAdvancedValueBytes: { limit: 8_192, unit: "bytes", source: SSM_DOC },
    /** Fully qualified parameter name, as created by a user. */
    ssmParameterNameChars: { limit: 1_011, unit: "characters", source: SSM_DOC },
    /** CloudWatch Logs log group names. */
    logGroupNameChars: { limit: 512, unit: "characters", source: "CloudWatch Logs User Guide, CloudWatch Logs quotas" },
} as const satisfies Record<string, AwsQuota>;

export type AwsQuotaName = keyof typeof AWS_QUOTAS;

/** Bytes a value takes once stored (AWS measures UTF-8 bytes, not characters). */
export function byteLength(value: string): number {
    return Buffer.byteLength(value, "utf8");
}

/**
 * Size of an IAM policy document as IAM counts it: the characters of the document
 * without whitespace. A string is measured as written; an object as its JSON.
 */
export function iamPolicySize(document: string | object): number {
    const text = typeof document === "string" ? document : JSON.stringify(document);
    return text.replace(/\s+/g, "").length;
}

/** Size of a Lambda function's environment: UTF-8 bytes of every key and value. */
export function lambdaEnvironmentSize(variables: Readonly<Record<string, string>>): number {
    return Object.entries(variables).reduce((sum, [key, value]) => sum + byteLength(key) + byteLength(value), 0);
}

/** Bytes of the policy document wrapper around a function's permission statements. */
export const LAMBDA_POLICY_WRAPPER_BYTES = 64;

/**
 * Bytes one invoke statement takes in a Lambda function's resource policy, as AddPermission
 * writes it: statement id (about 40 characters when generated), principal, action, the
 * function ARN, and SourceAccount / SourceArn conditions when given.
 */
export function lambdaPermissionStatementBytes(functionArn: string, principal: string, sourceArn?: string, statementIdLength = 40): number {
    const account = functionArn.split(":")[4] ?? "";
    const condition: Record<string, unknown> = {};
    if (account !== "") condition.StringEquals = { "AWS:SourceAccount": account };
    if (sourceArn !== undefined) condition.ArnLike = { "AWS:SourceArn": sourceArn };
    return byteLength(JSON.stringify({
        Sid: "x".repeat(statementIdLength),
        Effect: "Allow",
        Principal: principal.endsWith(".amazonaws.com") ? { Service: principal } : { AWS: principal },
        Action: "lambda:InvokeFunction",
        Resource: functionArn,
        ...(Object.keys(condition).length > 0 ? { Condition: condition } : {}),
    })) + 1;
}

/** Every way a tag set breaks the tag quotas; empty when it fits. Never echoes a value. */
export function tagQuotaProblems(tags: Readonly<Record<string, string>>): string[] {
    const problems: string[] = [];
    const userKeys = Object.keys(tags).filter((key) => !key.startsWith("aws:"));
    if (userKeys.length > AWS_QUOTAS.tagsPerResource.limit) {
        problems.push(`${userKeys.length} tags, over AWS's ${AWS_QUOTAS.tagsPerResource.limit} per resource`);
    }
    for (const key of userKeys) {
        if ([...key].length > AWS_QUOTAS.tagKeyChars.limit) problems.push(`tag key \`${key.slice(0, 40)}...\` is over ${AWS_QUOTAS.tagKeyChars.limit} characters`);
        const value = tags[key];
        if (typeof value === "string" && [...value].length > AWS_QUOTAS.tagValueChars.limit) {
            problems.push(`the value of tag \`${key}\` is ${[...value].length} characters, over ${AWS_QUOTAS.tagValueChars.limit}`);
        }
    }
    return problems;
}

/** "10,240 characters (no whitespace)": a quota in words, for messages. */
export function describeQuota(quota: AwsQuota): string {
    return `${quota.limit.toLocaleString("en-US")} ${quota.unit}`;
}
