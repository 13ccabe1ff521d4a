// AWS quotas any stack can hit: a document or environment that AWS refuses at apply
// time is reported at preview instead. Every number comes from lib/awsQuotas.ts (the
// SSM tier sizes are checked by `ssm-tier-fits-value`, from the same table).
// Messages give sizes and names, never a value.
import { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { AWS_QUOTAS, type AwsQuota, byteLength, describeQuota, iamPolicySize, LAMBDA_POLICY_WRAPPER_BYTES, lambdaEnvironmentSize, lambdaPermissionStatementBytes, tagQuotaProblems } from "./lib/awsQuotas";
import { containsUnknown, isObject, isUnknown, list, Plain, plainInputs, PlainObject, str } from "./lib/previewValues";
import { describe, TYPES } from "./lib/resourceKinds";
import { plainResources, StackResource } from "./lib/stackResources";

/** Type tokens only these rules read (the others are in resourceKinds.ts). */
const QUOTA_TYPES = {
    role: "aws:iam/role:Role",
    user: "aws:iam/user:User",
    group: "aws:iam/group:Group",
    secretVersion: "aws:secretsmanager/secretVersion:SecretVersion",
} as const;

/** Size of a policy input (JSON string or object); undefined when unknown or absent. */
function documentSize(document: Plain): number | undefined {
    if (document === undefined || document === null || containsUnknown(document)) return undefined;
    if (typeof document === "string") return iamPolicySize(document);
    return isObject(document) || Array.isArray(document) ? iamPolicySize(document) : undefined;
}

function over(size: number, quota: AwsQuota): string {
    return `is ${size.toLocaleString("en-US")} ${quota.unit}, over AWS's limit of ${describeQuota(quota)}`;
}

// AWS quota: a customer managed policy document holds at most 6,144 characters.
export const quotaIamManagedPolicySize: ResourceValidationPolicy = {
    name: "quota-iam-managed-policy-size",
    description: "Checks whether a customer managed IAM policy document fits AWS's 6,144-character limit (whitespace not counted).",
    enforcementLevel: "mandatory",
    validateResource: (args, report) => {
        if (args.type !== TYPES.iamPolicy) return;
        const size = documentSize(plainInputs(args.props).policy);
        const quota = AWS_QUOTAS.iamManagedPolicyChars;
        if (size !== undefined && size > quota.limit) {
            report(`${describe(args.type, args.name)} must be at most ${describeQuota(quota)}; its document ${over(size, quota)}. Split it into several policies or use tag conditions instead of listing every ARN.`);
        }
    },
};

// AWS quota: trust policy of a role, 2,048 characters by default.
export const quotaIamTrustPolicySize: ResourceValidationPolicy = {
    name: "quota-iam-trust-policy-size",
    description: "Checks whether a role's trust policy fits AWS's default 2,048-character limit (adjustable, hence advisory).",
    enforcementLevel: "advisory",
    validateResource: (args, report) => {
        if (args.type !== QUOTA_TYPES.role) return;
        const size = documentSize(plainInputs(args.props).assumeRolePolicy);
        const quota = AWS_QUOTAS.iamRoleTrustPolicyChars;
        if (size !== undefined && size > quota.limit) {
            report(`IAM role \`${args.name}\` must have a trust policy of at most ${describeQuota(quota)} unless the account's quota was raised; it ${over(size, quota)}.`);
        }
    },
};

interface Principal {
    readonly kind: "role" | "user" | "group";
    readonly type: string;
    readonly policyType: string;
    readonly field: "role" | "user" | "group";
    readonly quota: AwsQuota;
}

const PRINCIPALS: readonly Principal[] = [
    { kind: "role", type: QUOTA_TYPES.role, policyType: TYPES.iamRolePolicy, field: "role", quota: AWS_QUOTAS.iamRoleInlinePoliciesChars },
    { kind: "user", type: QUOTA_TYPES.user, policyType: TYPES.iamUserPolicy, field: "user", quota: AWS_QUOTAS.iamUserInlinePoliciesChars },
    { kind: "group", type: QUOTA_TYPES.group, policyType: TYPES.iamGroupPolicy, field: "group", quota: AWS_QUOTAS.iamGroupInlinePoliciesChars },
];

/** Sum of the inline policies of each role/user/group, keyed by the principal's URN or known name. */
function inlineTotals(resources: readonly StackResource[], principal: Principal): Map<string, { label: string; size: number; urn?: string }> {
    const totals = new Map<string, { label: string; size: number; urn?: string }>();
    const byName = new Map<string, StackResource>();
    for (const r of resources.filter((x) => x.resource.type === principal.type)) {
        const name = str(r.props.name);
        if (typeof name === "string") byName.set(name, r);
        let size = 0;
        // aws.iam.Role's own `inlinePolicies` count toward the same quota.
        const inlinePolicies = principal.kind === "role" ? list(r.props.inlinePolicies) : undefined;
        for (const inline of Array.isArray(inlinePolicies) ? inlinePolicies : []) {
            if (isUnknown(inline) || !isObject(inline)) continue;
            size += documentSize(inline.policy) ?? 0;
        }
        totals.set(r.resource.urn, { label: `IAM ${principal.kind} \`${r.resource.name}\``, size, urn: r.resource.urn });
    }
    for (const policy of resources.filter((x) => x.resource.type === principal.policyType)) {
        const size = documentSize(policy.props.policy);
        if (size === undefined) continue;
        const dependency = (policy.resource.propertyDependencies[principal.field] ?? []).find((d) => d.type === principal.type);
        const target = str(policy.props[principal.field]);
        const named = typeof target === "string" ? byName.get(target.replace(/^arn:[^:]+:iam::\d+:[a-z]+\/(.*\/)?/, "")) : undefined;
        const key = dependency?.urn ?? named?.resource.urn ?? (typeof target === "string" ? `name:${target}` : undefined);
        if (key === undefined) continue;
        const entry = totals.get(key) ?? { label: `IAM ${principal.kind} \`${typeof target === "string" ? target : policy.resource.name}\``, size: 0 };
        totals.set(key, { ...entry, size: entry.size + size });
    }
    return totals;
}

// AWS quota: all inline policies of a role 10,240, of a user 2,048, of a group 5,120 characters.
export const quotaIamInlinePoliciesSize: StackValidationPolicy = {
    name: "quota-iam-inline-policies-size",
    description: "Checks whether the inline policies of each IAM role, user and group (RolePolicy/UserPolicy/GroupPolicy and Role.inlinePolicies) together fit AWS's limits of 10,240 / 2,048 / 5,120 characters.",
    enforcementLevel: "mandatory",
    validateStack: (args, report) => {
        const resources = plainResources(args.resources);
        for (const principal of PRINCIPALS) {
            for (const total of inlineTotals(resources, principal).values()) {
                if (total.size > principal.quota.limit) {
                    report(`${total.label} must have inline policies of at most ${describeQuota(principal.quota)} in total; together they are ${total.size.toLocaleString("en-US")}. Use tag conditions or name prefixes instead of listing every ARN, or move statements to managed policies.`, total.urn);
                }
            }
        }
    },
};

// AWS quota: a function's environment variables take at most 4 KB.
export const quotaLambdaEnvironmentSize: ResourceValidationPolicy = {
    name: "quota-lambda-environment-size",
    description: "Checks whether a Lambda function's environment variables (keys and values) fit AWS's 4 KB limit.",
    enforcementLevel: "mandatory",
    validateResource: (args, report) => {
        if (args.type !== TYPES.lambdaFunction) return;
        const environment = plainInputs(args.props).environment;
        if (!isObject(environment) || !isObject(environment.variables)) return;
        const variables: Record<string, string> = {};
        for (const [key, value] of Object.entries(environment.variables as PlainObject)) {
            if (isUnknown(value)) return;
            variables[key] = typeof value === "string" ? value : JSON.stringify(value ?? "");
        }
        const size = lambdaEnvironmentSize(variables);
        const quota = AWS_QUOTAS.lambdaEnvironmentBytes;
        if (size > quota.limit) {
            report(`${describe(args.type, args.name)} must keep its environment variables within ${describeQuota(quota)}; they take ${size.toLocaleString("en-US")} bytes. Read per-item settings from the items (tags, a parameter) instead.`);
        }
    },
};

// AWS quota: a secret value is at most 64 KB (SecretString, or SecretBinary once decoded).
export const quotaSecretsManagerValueSize: ResourceValidationPolicy = {
    name: "quota-secretsmanager-value-size",
    description: "Checks whether a Secrets Manager secret version's value fits AWS's 65,536-byte limit.",
    enforcementLevel: "mandatory",
    validateResource: (args, report) => {
        if (args.type !== QUOTA_TYPES.secretVersion) return;
        const inputs = plainInputs(args.props);
        const text = str(inputs.secretString);
        const binary = str(inputs.secretBinary);
        const quota = AWS_QUOTAS.secretsManagerValueBytes;
        const size = typeof text === "string" && !isUnknown(text) ? byteLength(text) : typeof binary === "string" && !isUnknown(binary) ? Buffer.from(binary, "base64").length : undefined;
        if (size !== undefined && size > quota.limit) {
            report(`Secrets Manager secret version \`${args.name}\` must hold at most ${describeQuota(quota)}; its value is ${size.toLocaleString("en-US")} bytes. Keep large data in S3 and store its key here.`);
        }
    },
};

// AWS quota: 50 user tags per resource, keys up to 128 and values up to 256 characters.
export const quotaTags: ResourceValidationPolicy = {
    name: "quota-tags",
    description: "Checks whether a resource's tags fit AWS's limits: at most 50 user tags, keys up to 128 and values up to 256 characters.",
    enforcementLevel: "mandatory",
    validateResource: (args, report) => {
        const tags = plainInputs(args.props).tags;
        if (!isObject(tags)) return;
        const known: Record<string, string> = {};
        for (const [key, value] of Object.entries(tags)) {
            if (typeof value === "string" && !isUnknown(value)) known[key] = value;
            else if (isUnknown(value)) known[key] = "";
        }
        const problems = tagQuotaProblems(known);
        if (problems.length > 0) report(`${describe(args.type, args.name)} must have tags within AWS's limits: ${problems.join("; ")}.`);
    },
};

/** A source ARN not known at preview is counted as this long (a Secrets Manager ARN of a long name). */
const UNKNOWN_ARN_LENGTH = 140;

// AWS quota: a function's resource-based policy (all its lambda.Permission statements) is at most 20 KB.
export const quotaLambdaResourcePolicySize: StackValidationPolicy = {
    name: "quota-lambda-resource-policy-size",
    description: "Checks whether the invoke permissions (lambda.Permission) of each Lambda function together fit AWS's 20 KB resource-based policy limit.",
    enforcementLevel: "mandatory",
    validateStack: (args, report) => {
        const resources = plainResources(args.resources);
        const byFunction = new Map<string, { label: string; bytes: number; count: number; urn?: string }>();
        const functionsByName = new Map(resources.filter((r) => r.resource.type === TYPES.lambdaFunction).flatMap((r) => {
            const name = str(r.props.name);
            return typeof name === "string" && !isUnknown(name) ? [[name, r] as const] : [];
        }));
        for (const permission of resources.filter((r) => r.resource.type === "aws:lambda/permission:Permission")) {
            const target = str(permission.props.function);
            const dependency = (permission.resource.propertyDependencies["function"] ?? []).find((d) => d.type === TYPES.lambdaFunction);
            const known = typeof target === "string" && !isUnknown(target) ? target : undefined;
            const byName = known !== undefined ? functionsByName.get(known.replace(/^arn:[^:]+:lambda:[^:]+:\d+:function:/, "").replace(/:[^:]+$/, "")) : undefined;
            const key = dependency?.urn ?? byName?.resource.urn ?? (known !== undefined ? `name:${known}` : undefined);
            if (key === undefined) continue;
            const dependencyName = dependency !== undefined ? str(plainInputs(dependency.props).name) : undefined;
            const functionName = known ?? (typeof dependencyName === "string" && !isUnknown(dependencyName) ? dependencyName : "x".repeat(AWS_QUOTAS.lambdaFunctionNameChars.limit));
            // Region and account are not in a bare name: count them at the usual lengths.
            const functionArn = functionName.startsWith("arn:") ? functionName : `arn:aws:lambda:xx-xxxx-1:123456789012:function:${functionName}`;
            const principal = str(permission.props.principal);
            const source = str(permission.props.sourceArn);
            const sourceArn = source === undefined ? undefined : isUnknown(source) ? "x".repeat(UNKNOWN_ARN_LENGTH) : source;
            const statementId = str(permission.props.statementId);
            const bytes = lambdaPermissionStatementBytes(functionArn, typeof principal === "string" && !isUnknown(principal) ? principal : "secretsmanager.amazonaws.com", sourceArn, typeof statementId === "string" && !isUnknown(statementId) ? statementId.length : 40);
            const name = dependency?.name ?? byName?.resource.name ?? known ?? "";
            const entry = byFunction.get(key) ?? { label: `Lambda function \`${name}\``, bytes: LAMBDA_POLICY_WRAPPER_BYTES, count: 0, urn: dependency?.urn ?? byName?.resource.urn };
            byFunction.set(key, { ...entry, bytes: entry.bytes + bytes, count: entry.count + 1 });
        }
        const quota = AWS_QUOTAS.lambdaResourcePolicyBytes;
        for (const entry of byFunction.values()) {
            if (entry.bytes > quota.limit) {
                report(`${entry.label} must keep its resource-based policy within ${describeQuota(quota)}; its ${entry.count} invoke permissions take about ${entry.bytes.toLocaleString("en-US")} bytes. Spread them over several functions, or bind one permission to a name prefix.`, entry.urn);
            }
        }
    },
};

/** Physical names AWS limits, by resource type. */
const NAME_QUOTAS: Readonly<Record<string, AwsQuota>> = {
    [TYPES.lambdaFunction]: AWS_QUOTAS.lambdaFunctionNameChars,
    [QUOTA_TYPES.role]: AWS_QUOTAS.iamRoleNameChars,
    [TYPES.iamPolicy]: AWS_QUOTAS.iamPolicyNameChars,
    [TYPES.secret]: AWS_QUOTAS.secretsManagerNameChars,
    [TYPES.ssmParameter]: AWS_QUOTAS.ssmParameterNameChars,
    "aws:cloudwatch/logGroup:LogGroup": AWS_QUOTAS.logGroupNameChars,
};

// AWS quota: name lengths of functions, roles, policies, secrets, parameters, log groups.
export const quotaResourceNames: ResourceValidationPolicy = {
    name: "quota-resource-names",
    description: "Checks whether the names of Lambda functions, IAM roles and policies, secrets, SSM parameters and log groups fit AWS's length limits.",
    enforcementLevel: "mandatory",
    validateResource: (args, report) => {
        const quota = NAME_QUOTAS[args.type];
        if (quota === undefined) return;
        const name = str(plainInputs(args.props).name);
        if (typeof name !== "string" || isUnknown(name)) return;
        const length = [...name].length;
        if (length > quota.limit) report(`${describe(args.type, args.name)} must have a name of at most ${describeQuota(quota)}; it has ${length}.`);
    },
};

export const quotaPolicies = [
    quotaIamManagedPolicySize,
    quotaIamTrustPolicySize,
    quotaIamInlinePoliciesSize,
    quotaLambdaEnvironmentSize,
    quotaLambdaResourcePolicySize,
    quotaSecretsManagerValueSize,
    quotaTags,
    quotaResourceNames,
];
