// KMS key policies, Secrets Manager secrets and their policies, SSM parameters: public
// principals spelled another way, AWS-managed keys by ARN, rotation and deletion settings.
import { TYPES } from "../../../policies/lib/resourceKinds";
import { UNKNOWN_INPUT } from "../util";
import { AdversarialCase } from "./adversarialCase";
import { ACCOUNT, allow, doc, KEY_ARN, KEY_POLICY, kmsKey, parameter, resource, ROLE_ARN, ROOT_ARN, SECRET_ARN, secretPolicyResource, secretResource, secureParameter, SENTINELS } from "./fixtures";

const KEY_PUBLIC = "kms-key-policy-no-public-principal";
const SECRET_PUBLIC = "secretsmanager-policy-no-public-principal";
const keyStatement = (extra: Record<string, unknown>) => doc([{ Sid: "Root", Effect: "Allow", Principal: { AWS: ROOT_ARN }, Action: "kms:*", Resource: "*" }, { Sid: "Use", Effect: "Allow", Action: ["kms:Decrypt"], Resource: "*", ...extra }]);
const pinnedUse = keyStatement({ Principal: { AWS: ROLE_ARN } });
const secretStatement = (extra: Record<string, unknown>) => doc([allow("secretsmanager:GetSecretValue", "*", extra)]);
const pinnedRead = secretStatement({ Principal: { AWS: ROLE_ARN } });

const keyPolicies: [string, string][] = [
    ['`"Principal": "*"`', keyStatement({ Principal: "*" })],
    ['`*` next to the account root', keyStatement({ Principal: { AWS: [ROOT_ARN, "*"] } })],
    ["`Allow` with `NotPrincipal`", keyStatement({ NotPrincipal: { AWS: ROLE_ARN } })],
    ["a wildcard account root", keyStatement({ Principal: { AWS: "arn:aws:iam::*:root" } })],
    ["`*` with a transport-only condition", keyStatement({ Principal: "*", Condition: { Bool: { "aws:SecureTransport": "true" } } })],
    ["`*` with an IfExists account condition", keyStatement({ Principal: { AWS: "*" }, Condition: { StringEqualsIfExists: { "kms:CallerAccount": ACCOUNT } } })],
];

const secretPolicies: [string, string][] = [
    ['`"Principal": "*"`', secretStatement({ Principal: "*" })],
    ["`Allow` with `NotPrincipal`", secretStatement({ NotPrincipal: { AWS: ROLE_ARN } })],
    ['`{"AWS": ["*"]}` in a lone Statement object without Version', JSON.stringify({ Statement: allow("secretsmanager:GetSecretValue", "*", { Principal: { AWS: ["*"] } }) })],
    ["a principal-ARN condition with a wildcard account", secretStatement({ Principal: "*", Condition: { StringLike: { "aws:PrincipalArn": "arn:aws:iam::*:role/*" } } })],
    ["`CanonicalUser: *`", secretStatement({ Principal: { CanonicalUser: "*" } })],
];

export const STORE_CASES: AdversarialCase[] = [
    ...keyPolicies.map(([evasion, policy]): AdversarialCase => ({ area: "kms", evasion: `key policy: ${evasion}`, policy: KEY_PUBLIC, bad: kmsKey({ policy }), twin: kmsKey({ policy: pinnedUse }) })),
    { area: "kms", evasion: "a public KeyPolicy given as its own resource", policy: KEY_PUBLIC, bad: resource(TYPES.kmsKeyPolicy, { keyId: KEY_ARN, policy: keyStatement({ Principal: "*" }) }), twin: resource(TYPES.kmsKeyPolicy, { keyId: KEY_ARN, policy: pinnedUse }) },
    { area: "kms", evasion: "a public policy on a replica key", policy: KEY_PUBLIC, bad: resource(TYPES.kmsReplicaKey, { primaryKeyArn: KEY_ARN, deletionWindowInDays: 30, policy: keyStatement({ Principal: { AWS: "*" } }) }), twin: resource(TYPES.kmsReplicaKey, { primaryKeyArn: KEY_ARN, deletionWindowInDays: 30, policy: KEY_POLICY }) },
    {
        area: "kms",
        evasion: "a key without any policy (the account default)",
        policy: "kms-key-policy-explicit",
        bad: kmsKey({ policy: undefined }),
        twin: { ...kmsKey({ policy: undefined }), name: "key-with-policy-resource" },
        // As in a preview: the KeyPolicy's keyId is the key's output, unknown, linked by dependency.
        twinStack: [{ type: TYPES.kmsKeyPolicy, name: "key-policy-for-it", props: { keyId: UNKNOWN_INPUT, policy: KEY_POLICY }, propertyDependencies: { keyId: ["key-with-policy-resource"] } }],
    },
    { area: "kms", evasion: "rotation switched off", policy: "kms-key-rotation-enabled", bad: kmsKey({ enableKeyRotation: false }), twin: kmsKey() },
    { area: "kms", evasion: "the lockout check bypassed with a string", policy: "kms-no-bypass-lockout-check", bad: kmsKey({ bypassPolicyLockoutSafetyCheck: "true" }), twin: kmsKey({ bypassPolicyLockoutSafetyCheck: false }) },
    { area: "kms", evasion: "a 7-day deletion window on a restricted key", policy: "kms-deletion-window-for-class", bad: kmsKey({ deletionWindowInDays: 7 }), twin: kmsKey({ deletionWindowInDays: 30 }) },

    ...secretPolicies.map(([evasion, policy]): AdversarialCase => ({ area: "secretsmanager", evasion: `SecretPolicy: ${evasion}`, policy: SECRET_PUBLIC, bad: secretPolicyResource({ policy }), twin: secretPolicyResource({ policy: pinnedRead }) })),
    { area: "secretsmanager", evasion: "a public inline policy on the secret itself", policy: SECRET_PUBLIC, bad: secretResource({ policy: secretStatement({ Principal: { AWS: "*" } }) }), twin: secretResource({ policy: pinnedRead }) },
    { area: "secretsmanager", evasion: "a SecretPolicy that does not block public policies", policy: "secretsmanager-block-public-policy", bad: secretPolicyResource({ blockPublicPolicy: false }), twin: secretPolicyResource() },
    { area: "secretsmanager", evasion: "the AWS-managed key by alias", policy: "secretsmanager-customer-key", bad: secretResource({ kmsKeyId: "alias/aws/secretsmanager" }), twin: secretResource() },
    { area: "secretsmanager", evasion: "the AWS-managed key by alias ARN", policy: "secretsmanager-customer-key", bad: secretResource({ kmsKeyId: `arn:aws:kms:us-east-1:${ACCOUNT}:alias/aws/secretsmanager` }), twin: secretResource() },
    { area: "secretsmanager", evasion: "a replica left on the AWS-managed key", policy: "secretsmanager-customer-key", bad: secretResource({ replicas: [{ region: "eu-west-1" }] }), twin: secretResource({ replicas: [{ region: "eu-west-1", kmsKeyId: KEY_ARN.replace("us-east-1", "eu-west-1") }] }) },
    {
        area: "secretsmanager",
        evasion: "a yearly rotation",
        policy: "secretsmanager-rotation-max-days",
        bad: resource(TYPES.secretRotation, { secretId: SECRET_ARN, rotationLambdaArn: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:rotator`, rotationRules: { automaticallyAfterDays: 365 } }),
        twin: resource(TYPES.secretRotation, { secretId: SECRET_ARN, rotationLambdaArn: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:rotator`, rotationRules: { automaticallyAfterDays: 30 } }),
    },
    {
        area: "secretsmanager",
        evasion: "a rate expression of 120 days",
        policy: "secretsmanager-rotation-max-days",
        bad: resource(TYPES.secretRotation, { secretId: SECRET_ARN, rotationLambdaArn: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:rotator`, rotationRules: { scheduleExpression: "rate(120 days)" } }),
        twin: resource(TYPES.secretRotation, { secretId: SECRET_ARN, rotationLambdaArn: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:rotator`, rotationRules: { scheduleExpression: "rate(30 days)" } }),
    },
    { area: "secretsmanager", evasion: "a prod secret named under another environment (whose name must not be echoed)", policy: "classification-environment-match", bad: secretResource({ name: `${SENTINELS.path}/ci-pipeline/db` }), twin: secretResource({ name: "prod/ci-pipeline/db" }) },
    { area: "secretsmanager", evasion: "force-delete (recovery window 0) in prod", policy: "secretsmanager-recovery-window", bad: secretResource({ recoveryWindowInDays: 0 }), twin: secretResource({ recoveryWindowInDays: 30 }) },

    { area: "ssm", evasion: "an AWS key id in a plaintext String", policy: "hardcoded-ssm-string-value", bad: parameter({ type: "String", value: SENTINELS.awsKey, tags: {} }), twin: secureParameter() },
    { area: "ssm", evasion: "a password-named plaintext String", policy: "hardcoded-ssm-string-value", bad: parameter({ type: "String", name: "/prod/ci-pipeline/db-password", value: SENTINELS.password, tags: {} }), twin: secureParameter({ name: "/prod/ci-pipeline/db-password" }) },
    { area: "ssm", evasion: "a database URL with a password in a StringList", policy: "hardcoded-ssm-string-value", bad: parameter({ type: "StringList", value: `postgres://app:${SENTINELS.password}@db.internal:5432/app,replica`, tags: {} }), twin: secureParameter() },
    { area: "ssm", evasion: "a private key in a plaintext String", policy: "hardcoded-ssm-string-value", bad: parameter({ type: "String", value: `-----BEGIN RSA PRIVATE KEY-----\nMIIEow${SENTINELS.hex}\n-----END RSA PRIVATE KEY-----`, tags: {} }), twin: secureParameter() },
    { area: "ssm", evasion: "a hex signing key in a plaintext String", policy: "hardcoded-ssm-string-value", bad: parameter({ type: "String", name: "/prod/ci-pipeline/signing-key", value: SENTINELS.hex, tags: {} }), twin: secureParameter({ name: "/prod/ci-pipeline/signing-key" }) },
    { area: "ssm", evasion: "a GitHub token in a plaintext String", policy: "hardcoded-ssm-string-value", bad: parameter({ type: "String", value: SENTINELS.token, tags: {} }), twin: secureParameter() },
    { area: "ssm", evasion: "a SecureString on the AWS-managed key by ARN", policy: "ssm-securestring-customer-key", bad: secureParameter({ keyId: `arn:aws:kms:us-east-1:${ACCOUNT}:alias/aws/ssm` }), twin: secureParameter() },
    { area: "ssm", evasion: "a SecureString without a key", policy: "ssm-securestring-customer-key", bad: secureParameter({ keyId: undefined }), twin: secureParameter() },
    { area: "ssm", evasion: "a GitHub token as a SecureString value that is not a Pulumi secret", policy: "hardcoded-credentials-in-inputs", bad: secureParameter({ value: SENTINELS.token }), twin: secureParameter() },
];
