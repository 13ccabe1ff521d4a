// The pack filters on type tokens without importing the provider SDKs (to start fast);
// these must be the tokens of the real @pulumi/aws and @pulumi/vault classes.
import * as assert from "assert";
import * as aws from "@pulumi/aws";
import * as vault from "@pulumi/vault";
import { RESOURCES, TYPES } from "../../policies/lib/resourceKinds";

const SDK_CLASSES: Record<keyof typeof TYPES, { __pulumiType: string }> = {
    ssmParameter: aws.ssm.Parameter as never,
    secret: aws.secretsmanager.Secret as never,
    secretRotation: aws.secretsmanager.SecretRotation as never,
    secretPolicy: aws.secretsmanager.SecretPolicy as never,
    kmsKey: aws.kms.Key as never,
    iamPolicy: aws.iam.Policy as never,
    iamRolePolicy: aws.iam.RolePolicy as never,
    iamUserPolicy: aws.iam.UserPolicy as never,
    iamGroupPolicy: aws.iam.GroupPolicy as never,
    iamRole: aws.iam.Role as never,
    iamRolePolicyAttachment: aws.iam.RolePolicyAttachment as never,
    iamUserPolicyAttachment: aws.iam.UserPolicyAttachment as never,
    iamGroupPolicyAttachment: aws.iam.GroupPolicyAttachment as never,
    iamPolicyAttachment: aws.iam.PolicyAttachment as never,
    iamRolePolicyAttachmentsExclusive: aws.iam.RolePolicyAttachmentsExclusive as never,
    iamUserPolicyAttachmentsExclusive: aws.iam.UserPolicyAttachmentsExclusive as never,
    iamGroupPolicyAttachmentsExclusive: aws.iam.GroupPolicyAttachmentsExclusive as never,
    ssoPermissionSetInlinePolicy: aws.ssoadmin.PermissionSetInlinePolicy as never,
    ssoManagedPolicyAttachment: aws.ssoadmin.ManagedPolicyAttachment as never,
    ssoManagedPolicyAttachmentsExclusive: aws.ssoadmin.ManagedPolicyAttachmentsExclusive as never,
    kmsKeyPolicy: aws.kms.KeyPolicy as never,
    kmsReplicaKey: aws.kms.ReplicaKey as never,
    kmsExternalKey: aws.kms.ExternalKey as never,
    kmsReplicaExternalKey: aws.kms.ReplicaExternalKey as never,
    vaultMount: vault.Mount as never,
    vaultKvBackend: vault.kv.SecretBackendV2 as never,
    vaultKvSecret: vault.kv.SecretV2 as never,
    vaultPolicy: vault.Policy as never,
    vaultKvV1Secret: vault.kv.Secret as never,
    vaultGenericSecret: vault.generic.Secret as never,
    vaultGenericEndpoint: vault.generic.Endpoint as never,
    vaultToken: vault.Token as never,
    vaultAppRole: vault.approle.AuthBackendRole as never,
    vaultTokenRole: vault.tokenauth.AuthBackendRole as never,
    lambdaFunction: aws.lambda.Function as never,
    codebuildProject: aws.codebuild.Project as never,
};

describe("policies: resource type tokens", () => {
    for (const [key, cls] of Object.entries(SDK_CLASSES) as [keyof typeof TYPES, { __pulumiType: string }][]) {
        it(`${key} is ${cls.__pulumiType}`, () => {
            assert.strictEqual(TYPES[key], cls.__pulumiType);
            assert.strictEqual((RESOURCES[key] as unknown as { __pulumiType: string }).__pulumiType, cls.__pulumiType);
        });
    }
});
