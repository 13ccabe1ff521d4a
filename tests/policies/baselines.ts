// Compliant resources, one per type the pack reads, in the real provider input shapes.
// Each test changes one field of a baseline and expects the matching rule to fire.
import { TAG_KEYS } from "../../policies/lib/classification";
import { TYPES } from "../../policies/lib/resourceKinds";
import { ResourceInput, secret, SENTINEL } from "./util";

export const ENV = "dev";
export const CONFIG = { environment: ENV };
const ACCOUNT = "123456789012";
export const KEY_ARN = `arn:aws:kms:us-east-1:${ACCOUNT}:key/11111111-2222-3333-4444-555555555555`;
export const SECRET_NAME = `${ENV}/ci-pipeline/docker-password`;
export const SECRET_ARN = `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:${SECRET_NAME}-AbCdEf`;
export const RESTRICTED_NAME = `${ENV}/ci-pipeline/signing-key`;
export const RESTRICTED_ARN = `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:${RESTRICTED_NAME}-GhIjKl`;

export function tags(classification: string, environment = ENV): Record<string, string> {
    return { [TAG_KEYS.classification]: classification, [TAG_KEYS.environment]: environment, [TAG_KEYS.app]: "ci-pipeline", [TAG_KEYS.owner]: "platform-team" };
}

export function document(statements: Record<string, unknown>[]): string {
    return JSON.stringify({ Version: "2012-10-17", Statement: statements });
}

export const publicParameter: ResourceInput = {
    type: TYPES.ssmParameter,
    name: "ssm-registry-url",
    props: { name: `/${ENV}/ci-pipeline/registry-url`, type: "String", value: "https://index.docker.io/v1/", tier: "Standard", tags: tags("public") },
};

export const internalParameter: ResourceInput = {
    type: TYPES.ssmParameter,
    name: "ssm-docker-username",
    props: { name: `/${ENV}/ci-pipeline/docker-username`, type: "SecureString", keyId: KEY_ARN, value: secret(SENTINEL), tier: "Standard", tags: tags("internal") },
};

export const confidentialSecret: ResourceInput = {
    type: TYPES.secret,
    name: "sm-docker-password",
    props: { name: SECRET_NAME, kmsKeyId: KEY_ARN, recoveryWindowInDays: 7, tags: tags("confidential"), description: "Docker registry password" },
};

export const restrictedSecret: ResourceInput = {
    type: TYPES.secret,
    name: "sm-signing-key",
    props: { name: RESTRICTED_NAME, kmsKeyId: KEY_ARN, recoveryWindowInDays: 30, tags: tags("restricted") },
    opts: { protect: true },
};

export const rotation: ResourceInput = {
    type: TYPES.secretRotation,
    name: "rotation-docker-password",
    props: { secretId: SECRET_ARN, rotationLambdaArn: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:rotator`, rotationRules: { automaticallyAfterDays: 30 } },
};

export const secretPolicy: ResourceInput = {
    type: TYPES.secretPolicy,
    name: "policy-docker-password",
    props: {
        secretArn: SECRET_ARN,
        blockPublicPolicy: true,
        policy: document([{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/builder` }, Action: "secretsmanager:GetSecretValue", Resource: "*" }]),
    },
};

export const kmsKey: ResourceInput = {
    type: TYPES.kmsKey,
    name: "kms-restricted",
    props: {
        description: "Key for restricted secrets",
        enableKeyRotation: true,
        deletionWindowInDays: 30,
        policy: document([{ Sid: "Root", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "kms:*", Resource: "*" }]),
        tags: tags("restricted"),
    },
};

export const rolePolicy: ResourceInput = {
    type: TYPES.iamRolePolicy,
    name: "read-docker-password",
    props: { role: "builder", policy: document([{ Effect: "Allow", Action: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"], Resource: SECRET_ARN }]) },
};

export const vaultMount: ResourceInput = {
    type: TYPES.vaultMount,
    name: "vault-mount",
    props: { path: "secret", type: "kv", options: { version: "2" }, description: "KV v2" },
};

export const vaultBackend: ResourceInput = {
    type: TYPES.vaultKvBackend,
    name: "vault-kv-config",
    props: { mount: "secret", maxVersions: 10 },
};

export const vaultSecret: ResourceInput = {
    type: TYPES.vaultKvSecret,
    name: "vault-partner-token",
    props: {
        mount: "secret",
        name: `${ENV}/ci-pipeline/partner-token`,
        dataJson: secret(JSON.stringify({ value: SENTINEL })),
        customMetadata: { maxVersions: 10, data: { [TAG_KEYS.classification]: "confidential", [TAG_KEYS.environment]: ENV } },
    },
};

export const vaultPolicy: ResourceInput = {
    type: TYPES.vaultPolicy,
    name: "vault-reader",
    props: {
        name: "ci-pipeline-dev-read",
        policy: `# read the app's secrets\npath "secret/data/${ENV}/ci-pipeline/*" {\n  capabilities = ["read"]\n}\npath "secret/data/${ENV}/ci-pipeline/rotated" {\n  capabilities = ["create", "update", "read"]\n}\npath "secret/metadata/prod/ci-pipeline/*" {\n  capabilities = ["list"]\n}\n`,
    },
};

export const lambdaFunction: ResourceInput = {
    type: TYPES.lambdaFunction,
    name: "rotator",
    props: { runtime: "nodejs20.x", handler: "index.handler", environment: { variables: { SECRET_ARN, LOG_LEVEL: "info", VAULT_ADDR: "https://vault.internal:8200" } } },
};

export const codebuildProject: ResourceInput = {
    type: TYPES.codebuildProject,
    name: "docker-build",
    props: {
        environment: {
            computeType: "BUILD_GENERAL1_SMALL",
            image: "aws/codebuild/standard:7.0",
            type: "LINUX_CONTAINER",
            environmentVariables: [
                { name: "REGISTRY_URL", type: "PLAINTEXT", value: "https://index.docker.io/v1/" },
                { name: "DOCKER_PASSWORD", type: "SECRETS_MANAGER", value: SECRET_NAME },
            ],
        },
    },
};

export const ALL_BASELINES: ResourceInput[] = [
    publicParameter,
    internalParameter,
    confidentialSecret,
    restrictedSecret,
    rotation,
    secretPolicy,
    kmsKey,
    rolePolicy,
    vaultMount,
    vaultBackend,
    vaultSecret,
    vaultPolicy,
    lambdaFunction,
    codebuildProject,
];
