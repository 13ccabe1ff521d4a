// Resource type tokens the pack reads, and the words used for them in messages.
import type { Resource } from "@pulumi/pulumi";
import { Store } from "./classification";

export const TYPES = {
    ssmParameter: "aws:ssm/parameter:Parameter",
    secret: "aws:secretsmanager/secret:Secret",
    secretRotation: "aws:secretsmanager/secretRotation:SecretRotation",
    secretPolicy: "aws:secretsmanager/secretPolicy:SecretPolicy",
    kmsKey: "aws:kms/key:Key",
    iamPolicy: "aws:iam/policy:Policy",
    iamRolePolicy: "aws:iam/rolePolicy:RolePolicy",
    iamUserPolicy: "aws:iam/userPolicy:UserPolicy",
    iamGroupPolicy: "aws:iam/groupPolicy:GroupPolicy",
    iamRole: "aws:iam/role:Role",
    iamRolePolicyAttachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    iamUserPolicyAttachment: "aws:iam/userPolicyAttachment:UserPolicyAttachment",
    iamGroupPolicyAttachment: "aws:iam/groupPolicyAttachment:GroupPolicyAttachment",
    iamPolicyAttachment: "aws:iam/policyAttachment:PolicyAttachment",
    iamRolePolicyAttachmentsExclusive: "aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive",
    iamUserPolicyAttachmentsExclusive: "aws:iam/userPolicyAttachmentsExclusive:UserPolicyAttachmentsExclusive",
    iamGroupPolicyAttachmentsExclusive: "aws:iam/groupPolicyAttachmentsExclusive:GroupPolicyAttachmentsExclusive",
    ssoPermissionSetInlinePolicy: "aws:ssoadmin/permissionSetInlinePolicy:PermissionSetInlinePolicy",
    ssoManagedPolicyAttachment: "aws:ssoadmin/managedPolicyAttachment:ManagedPolicyAttachment",
    ssoManagedPolicyAttachmentsExclusive: "aws:ssoadmin/managedPolicyAttachmentsExclusive:ManagedPolicyAttachmentsExclusive",
    kmsKeyPolicy: "aws:kms/keyPolicy:KeyPolicy",
    kmsReplicaKey: "aws:kms/replicaKey:ReplicaKey",
    kmsExternalKey: "aws:kms/externalKey:ExternalKey",
    kmsReplicaExternalKey: "aws:kms/replicaExternalKey:ReplicaExternalKey",
    vaultMount: "vault:index/mount:Mount",
    vaultKvBackend: "vault:kv/secretBackendV2:SecretBackendV2",
    vaultKvSecret: "vault:kv/secretV2:SecretV2",
    vaultPolicy: "vault:index/policy:Policy",
    vaultKvV1Secret: "vault:kv/secret:Secret",
    vaultGenericSecret: "vault:generic/secret:Secret",
    vaultGenericEndpoint: "vault:generic/endpoint:Endpoint",
    vaultToken: "vault:index/token:Token",
    vaultAppRole: "vault:appRole/authBackendRole:AuthBackendRole",
    vaultTokenRole: "vault:tokenauth/authBackendRole:AuthBackendRole",
    lambdaFunction: "aws:lambda/function:Function",
    codebuildProject: "aws:codebuild/project:Project",
} as const;

/**
 * Stand-ins for the provider SDK classes, carrying only the type token that
 * `validateResourceOfType` filters on. The pack does not import @pulumi/aws or
 * @pulumi/vault: type-checking their declarations made the pack take ~10 s to start
 * under the CLI's ts-node host (3.5 s without). Rules read the real provider input
 * field names (see the .d.ts files); tests check these tokens against the SDK classes.
 */
export type ResourceClass = new (name: string, args: Record<string, unknown>, ...rest: unknown[]) => Resource;

function resourceClass(type: string): ResourceClass {
    const standIn = function () {
        throw new Error(`${type} is a policy stand-in and cannot be constructed`);
    };
    return Object.assign(standIn, { __pulumiType: type }) as unknown as ResourceClass;
}

export const RESOURCES = Object.fromEntries(Object.entries(TYPES).map(([key, type]) => [key, resourceClass(type)])) as Record<keyof typeof TYPES, ResourceClass>;

export const IAM_POLICY_TYPES: readonly string[] = [TYPES.iamPolicy, TYPES.iamRolePolicy, TYPES.iamUserPolicy, TYPES.iamGroupPolicy];

const KIND_WORDS: Record<string, string> = {
    [TYPES.ssmParameter]: "SSM parameter",
    [TYPES.secret]: "Secrets Manager secret",
    [TYPES.secretRotation]: "Secrets Manager rotation",
    [TYPES.secretPolicy]: "Secrets Manager secret policy",
    [TYPES.kmsKey]: "KMS key",
    [TYPES.iamPolicy]: "IAM policy",
    [TYPES.iamRolePolicy]: "IAM role policy",
    [TYPES.iamUserPolicy]: "IAM user policy",
    [TYPES.iamGroupPolicy]: "IAM group policy",
    [TYPES.iamRole]: "IAM role",
    [TYPES.iamRolePolicyAttachment]: "IAM role policy attachment",
    [TYPES.iamUserPolicyAttachment]: "IAM user policy attachment",
    [TYPES.iamGroupPolicyAttachment]: "IAM group policy attachment",
    [TYPES.iamPolicyAttachment]: "IAM policy attachment",
    [TYPES.iamRolePolicyAttachmentsExclusive]: "IAM role policy attachments",
    [TYPES.iamUserPolicyAttachmentsExclusive]: "IAM user policy attachments",
    [TYPES.iamGroupPolicyAttachmentsExclusive]: "IAM group policy attachments",
    [TYPES.ssoPermissionSetInlinePolicy]: "SSO permission set inline policy",
    [TYPES.ssoManagedPolicyAttachment]: "SSO managed policy attachment",
    [TYPES.ssoManagedPolicyAttachmentsExclusive]: "SSO managed policy attachments",
    [TYPES.kmsKeyPolicy]: "KMS key policy",
    [TYPES.kmsReplicaKey]: "KMS replica key",
    [TYPES.kmsExternalKey]: "KMS external key",
    [TYPES.kmsReplicaExternalKey]: "KMS replica external key",
    [TYPES.vaultMount]: "Vault mount",
    [TYPES.vaultKvBackend]: "Vault KV backend",
    [TYPES.vaultKvSecret]: "Vault KV secret",
    [TYPES.vaultPolicy]: "Vault policy",
    [TYPES.vaultKvV1Secret]: "Vault KV version 1 secret",
    [TYPES.vaultGenericSecret]: "Vault generic secret",
    [TYPES.vaultGenericEndpoint]: "Vault generic endpoint",
    [TYPES.vaultToken]: "Vault token",
    [TYPES.vaultAppRole]: "Vault AppRole role",
    [TYPES.vaultTokenRole]: "Vault token role",
    [TYPES.lambdaFunction]: "Lambda function",
    [TYPES.codebuildProject]: "CodeBuild project",
};

/** "SSM parameter `docker-password`": the resource's kind and logical name (never a value). */
export function describe(type: string, name: string): string {
    return `${KIND_WORDS[type] ?? type} \`${name}\``;
}

export const STORE_WORDS: Record<Store, string> = {
    "ssm-string": "an SSM `String` parameter",
    "ssm-securestring": "an SSM `SecureString` parameter",
    secretsmanager: "Secrets Manager",
    "vault-kv": "Vault KV v2",
};

/** The store an SSM parameter type puts a value in; undefined for unrecognised types. */
export function ssmStore(type: unknown): Store | undefined {
    if (type === "String" || type === "StringList") return "ssm-string";
    if (type === "SecureString") return "ssm-securestring";
    return undefined;
}

/** AWS-managed key aliases/ARNs (`alias/aws/ssm`, `arn:...:alias/aws/secretsmanager`). */
export function isAwsManagedKey(keyId: string): boolean {
    return /(^|:)alias\/aws\//.test(keyId);
}
