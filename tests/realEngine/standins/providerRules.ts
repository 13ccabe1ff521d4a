// What the pass-through providers know about each resource type beyond echoing
// inputs: which input changes force a replacement (the upstream Terraform
// schemas' ForceNew / RequiresReplace, for the types SecretSet creates) and which
// inputs must be JSON documents (the real providers reject invalid JSON in Check).
// Types not listed update every input in place. Computed outputs (arn, id, names)
// come from tools/preview/mockOutputs.ts, the one table shared with the offline preview.

/** Input keys whose change makes the real provider replace the resource. */
export const REPLACE_ON_CHANGE: Readonly<Record<string, readonly string[]>> = {
    "aws:cloudwatch/logGroup:LogGroup": ["name", "namePrefix", "logGroupClass"],
    "aws:codebuild/project:Project": ["name"],
    "aws:iam/policy:Policy": ["name", "namePrefix", "path"],
    "aws:iam/role:Role": ["name", "namePrefix", "path"],
    "aws:iam/rolePolicy:RolePolicy": ["name", "namePrefix", "role"],
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": ["role", "policyArn"],
    "aws:kms/alias:Alias": ["name", "namePrefix"],
    "aws:kms/key:Key": ["customerMasterKeySpec", "keyUsage", "multiRegion", "customKeyStoreId", "xksKeyId"],
    "aws:lambda/function:Function": ["name", "packageType"],
    "aws:lambda/permission:Permission": ["action", "function", "principal", "qualifier", "sourceAccount", "sourceArn", "statementId", "statementIdPrefix", "eventSourceToken", "principalOrgId", "functionUrlAuthType"],
    "aws:secretsmanager/secret:Secret": ["name", "namePrefix"],
    "aws:secretsmanager/secretPolicy:SecretPolicy": ["secretArn"],
    "aws:secretsmanager/secretRotation:SecretRotation": ["secretId"],
    "aws:secretsmanager/secretVersion:SecretVersion": ["secretId", "secretString", "secretBinary"],
    "aws:ssm/parameter:Parameter": ["name"],
    "random:index/randomPassword:RandomPassword": ["keepers", "length", "lower", "minLower", "minNumeric", "minSpecial", "minUpper", "number", "numeric", "overrideSpecial", "special", "upper"],
    "random:index/randomString:RandomString": ["keepers", "length", "lower", "minLower", "minNumeric", "minSpecial", "minUpper", "number", "numeric", "overrideSpecial", "special", "upper"],
    "random:index/randomId:RandomId": ["byteLength", "keepers", "prefix"],
    "time:index/rotating:Rotating": ["rfc3339", "triggers"],
    "vault:index/authBackend:AuthBackend": ["type", "path"],
    "vault:index/mount:Mount": ["type", "local", "sealWrap"],
    "vault:index/policy:Policy": ["name"],
    "vault:appRole/authBackendRole:AuthBackendRole": ["backend", "roleName"],
    "vault:kv/secretBackendV2:SecretBackendV2": ["mount", "namespace"],
    "vault:kv/secretV2:SecretV2": ["mount", "name", "namespace"],
};

/** Inputs holding JSON documents; invalid JSON fails Check as it does in the real providers. */
export const JSON_INPUTS: Readonly<Record<string, readonly string[]>> = {
    "aws:iam/policy:Policy": ["policy"],
    "aws:iam/role:Role": ["assumeRolePolicy"],
    "aws:iam/rolePolicy:RolePolicy": ["policy"],
    "aws:kms/key:Key": ["policy"],
    "aws:secretsmanager/secretPolicy:SecretPolicy": ["policy"],
    "vault:kv/secretV2:SecretV2": ["dataJson"],
};

/** Provider configuration the real provider refuses to start without (CheckConfig failures). */
export function configProblems(pkg: string, config: Record<string, unknown>, env: NodeJS.ProcessEnv): { property: string; reason: string }[] {
    if (pkg === "aws" && !config.region && !env.AWS_REGION && !env.AWS_DEFAULT_REGION) {
        return [{ property: "region", reason: "Missing region information: set the `aws:region` stack config (pulumi config set aws:region <region>) or AWS_REGION." }];
    }
    return [];
}
