// The dev stack's Docker example as an AccessibleSet with literal ARNs, so the
// access code can be tested on its own (the SecretSet integration has its own test).
import type { AccessibleSet } from "../../components/accessibleSet";
import type { SecretDeclaration } from "../../components/types";
import { ACCOUNT, REGION } from "./accessMocks";

export const SHARED_KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/shared`;
export const RESTRICTED_KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/restricted`;
export const ssmArn = (name: string) => `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/dev/ci-pipeline/${name}`;
export const secretArn = (name: string) => `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:dev/ci-pipeline/${name}-AbCdEf`;

export const DECLARATIONS: Record<string, SecretDeclaration> = {
    "registry-url": { classification: "public", value: "https://index.docker.io/v1/" },
    "docker-username": { classification: "internal" },
    "docker-password": { classification: "confidential", rotation: { mode: "manual", owner: "platform-team", days: 90 } },
    "partner-token": { classification: "confidential", backends: ["vault"], generate: { length: 40, special: false }, rotation: { days: 30 } },
    "signing-key": { classification: "restricted", generate: { length: 64, keepOutOfState: true }, rotation: { days: 30 } },
};

export function dockerExampleSet(): AccessibleSet {
    return {
        setName: "ci-pipeline",
        app: "ci-pipeline",
        environment: "dev",
        owner: "platform-team",
        vaultMount: "secret",
        secrets: {
            "registry-url": { key: "registry-url", declaration: DECLARATIONS["registry-url"], ssmParameterName: "/dev/ci-pipeline/registry-url", ssmParameterArn: ssmArn("registry-url") },
            "docker-username": {
                key: "docker-username",
                declaration: DECLARATIONS["docker-username"],
                ssmParameterName: "/dev/ci-pipeline/docker-username",
                ssmParameterArn: ssmArn("docker-username"),
                ssmKmsKeyArn: SHARED_KEY,
            },
            "docker-password": { key: "docker-password", declaration: DECLARATIONS["docker-password"], secretArn: secretArn("docker-password"), secretKmsKeyArn: SHARED_KEY },
            "partner-token": { key: "partner-token", declaration: DECLARATIONS["partner-token"], vaultPath: "dev/ci-pipeline/partner-token" },
            "signing-key": { key: "signing-key", declaration: DECLARATIONS["signing-key"], secretArn: secretArn("signing-key"), secretKmsKeyArn: RESTRICTED_KEY },
        },
    };
}
