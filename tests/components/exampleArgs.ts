// Declarations shared by the component tests: the Docker CI example of DESIGN.md.
import type { SecretSetArgs } from "../../components/secretSetArgs";

export const DOCKER_USER = "ci-bot";
export const DOCKER_PASSWORD = "dckr_pat_example";

export function dockerExample(overrides: Partial<SecretSetArgs> = {}): SecretSetArgs {
    return {
        app: "ci-pipeline",
        environment: "dev",
        owner: "platform-team",
        disposable: true,
        vault: { mount: "secret", createMount: true, maxVersions: 10 },
        secrets: {
            "registry-url": { classification: "public", value: "https://index.docker.io/v1/" },
            "docker-username": { classification: "internal" },
            "docker-password": { classification: "confidential", rotation: { mode: "manual", owner: "platform-team", days: 90 }, recoveryWindowDays: 0 },
            "partner-token": { classification: "confidential", backends: ["vault"], generate: { length: 40, special: false }, rotation: { days: 30 } },
            "signing-key": { classification: "restricted", generate: { length: 64, keepOutOfState: true }, rotation: { days: 30 } },
        },
        values: {
            "docker-username": { value: DOCKER_USER, fromSecretConfig: true },
            "docker-password": { value: DOCKER_PASSWORD, fromSecretConfig: true },
        },
        ...overrides,
    };
}
