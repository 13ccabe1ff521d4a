// Shared pieces of the adversarial cases: sentinel values (no message may repeat any
// part of them), prod-shaped ARNs and names that carry a sentinel, and builders for
// the resources the cases change.
import { TAG_KEYS } from "../../../policies/lib/classification";
import { TYPES } from "../../../policies/lib/resourceKinds";
import { ResourceInput, secret, SENTINEL } from "../util";

/** Every value no message may contain (any 8-character piece of any of them). */
export const SENTINELS = {
    awsKey: SENTINEL,
    path: "zq7sentinelpath",
    password: "Zq7-Sentinel-Pw!42x",
    hex: "5e17e1a1c0ffee00deadbeef5e17e1a1c0ffee00deadbeef5e17e1a1c0ffee00",
    token: "ghp_Zq7Sentinel0Token1Value2ForTests345678",
} as const;

export const ACCOUNT = "123456789012";
export const ENV = "prod";
export const APP = "ci-pipeline";
export const SECRET_NAME = `${ENV}/${APP}/${SENTINELS.path}`;
export const SECRET_ARN = `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:${SECRET_NAME}-AbCdEf`;
export const PARAMETER_ARN = `arn:aws:ssm:us-east-1:${ACCOUNT}:parameter/${ENV}/${APP}/${SENTINELS.path}`;
export const KEY_ARN = `arn:aws:kms:us-east-1:${ACCOUNT}:key/11111111-2222-3333-4444-555555555555`;
export const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/${APP}-builder`;
export const ROOT_ARN = `arn:aws:iam::${ACCOUNT}:root`;

export function tags(classification: string): Record<string, string> {
    return { [TAG_KEYS.classification]: classification, [TAG_KEYS.environment]: ENV, [TAG_KEYS.app]: APP, [TAG_KEYS.owner]: "platform-team" };
}

export function doc(statements: Record<string, unknown>[] | Record<string, unknown>): string {
    return JSON.stringify({ Version: "2012-10-17", Statement: statements });
}

export const allow = (Action: unknown, Resource: unknown, extra: Record<string, unknown> = {}) => ({ Effect: "Allow", Action, Resource, ...extra });

/** The compliant read: exact ARNs of one secret, one parameter and the key. */
export const EXACT_READ = doc([
    allow(["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"], SECRET_ARN),
    allow(["ssm:GetParameter", "ssm:GetParameters"], PARAMETER_ARN),
    allow("kms:Decrypt", KEY_ARN, { Condition: { StringEquals: { "kms:ViaService": "secretsmanager.us-east-1.amazonaws.com" } } }),
]);

let counter = 0;
const nextName = (prefix: string) => `${prefix}-${++counter}`;

export function resource(type: string, props: Record<string, unknown>, prefix = "case"): ResourceInput {
    return { type, name: nextName(prefix), props };
}

export const rolePolicy = (policy: unknown) => resource(TYPES.iamRolePolicy, { role: `${APP}-builder`, policy }, "role-policy");
export const managedPolicy = (policy: unknown) => resource(TYPES.iamPolicy, { name: `${APP}-read`, policy }, "policy");
export const userPolicy = (policy: unknown) => resource(TYPES.iamUserPolicy, { user: "deployer", policy }, "user-policy");
export const groupPolicy = (policy: unknown) => resource(TYPES.iamGroupPolicy, { group: "deployers", policy }, "group-policy");

export const SERVICE_TRUST = doc(allow("sts:AssumeRole", undefined, { Principal: { Service: "codebuild.amazonaws.com" } }));

export function role(props: Record<string, unknown>): ResourceInput {
    return resource(TYPES.iamRole, { assumeRolePolicy: SERVICE_TRUST, ...props }, "role");
}

export const KEY_POLICY = doc([{ Sid: "Root", Effect: "Allow", Principal: { AWS: ROOT_ARN }, Action: "kms:*", Resource: "*" }]);

export function kmsKey(props: Record<string, unknown> = {}): ResourceInput {
    return resource(TYPES.kmsKey, { description: "Key for restricted secrets", enableKeyRotation: true, deletionWindowInDays: 30, policy: KEY_POLICY, tags: tags("restricted"), ...props }, "key");
}

export const SECRET_POLICY = doc([allow("secretsmanager:GetSecretValue", "*", { Principal: { AWS: ROLE_ARN } })]);

export function secretResource(props: Record<string, unknown> = {}): ResourceInput {
    return resource(TYPES.secret, { name: SECRET_NAME, kmsKeyId: KEY_ARN, recoveryWindowInDays: 30, tags: tags("confidential"), ...props }, "secret");
}

export function secretPolicyResource(props: Record<string, unknown> = {}): ResourceInput {
    return resource(TYPES.secretPolicy, { secretArn: SECRET_ARN, blockPublicPolicy: true, policy: SECRET_POLICY, ...props }, "secret-policy");
}

export function parameter(props: Record<string, unknown>): ResourceInput {
    return resource(TYPES.ssmParameter, { name: `/${ENV}/${APP}/${SENTINELS.path}`, tier: "Standard", tags: tags("internal"), ...props }, "parameter");
}

export const secureParameter = (props: Record<string, unknown> = {}) => parameter({ type: "SecureString", keyId: KEY_ARN, value: secret(SENTINELS.password), ...props });

export const vaultPolicy = (policy: string) => resource(TYPES.vaultPolicy, { name: `${APP}-${ENV}-read`, policy }, "vault-policy");

/** The compliant Vault policy: read one app's secrets in one environment. */
export const VAULT_EXACT = `path "secret/data/${ENV}/${APP}/${SENTINELS.path}" {\n  capabilities = ["read"]\n}\n`;

export function lambda(variables: Record<string, unknown>): ResourceInput {
    return resource(TYPES.lambdaFunction, { runtime: "nodejs20.x", handler: "index.handler", role: ROLE_ARN, environment: { variables: { LOG_LEVEL: "info", ...variables } } }, "lambda");
}

export function codebuild(environmentVariables: Record<string, unknown>[], source: Record<string, unknown> = { type: "NO_SOURCE", buildspec: "version: 0.2\nphases:\n  build:\n    commands:\n      - make\n" }): ResourceInput {
    return resource(
        TYPES.codebuildProject,
        { serviceRole: ROLE_ARN, environment: { computeType: "BUILD_GENERAL1_SMALL", image: "aws/codebuild/standard:7.0", type: "LINUX_CONTAINER", environmentVariables }, source },
        "codebuild",
    );
}
