// SecretSet with its access and rotation wiring: the Docker example end to end,
// under the shared mocks helper (which also records ignoreChanges and secrets).
import * as assert from "assert";
import * as aws from "@pulumi/aws";
import { capturePrinted, type RecordedResource, useMocks } from "../helpers/mocks";
import { SecretSet } from "../../components/secretSet";
import { createSecretConsumers } from "../../components/secretConsumer";
import { selectionQualifier } from "../../components/grants";
import { dockerExample } from "../components/exampleArgs";

const SENTINEL_USER = "sentinel-user-7f3c9a";
const SENTINEL_PASSWORD = "sentinel-pass-b41d2e";

function sentinelExample() {
    return dockerExample({
        values: {
            "docker-username": { value: SENTINEL_USER, fromSecretConfig: true },
            "docker-password": { value: SENTINEL_PASSWORD, fromSecretConfig: true },
        },
    });
}

const CONSUMERS = {
    "docker-build": {
        secrets: ["registry-url", "docker-username", "docker-password"],
        codebuild: { environmentVariables: { REGISTRY_URL: "registry-url", DOCKER_USERNAME: "docker-username", DOCKER_PASSWORD: "docker-password" } },
    },
    "partner-agents": { secrets: ["partner-token"], vault: { appRole: { tokenTtlSeconds: 3600, tokenMaxTtlSeconds: 14400 } } },
};

function policyDocuments(resources: readonly RecordedResource[]): { name: string; document: any }[] {
    return resources.filter((r) => r.type === "aws:iam/rolePolicy:RolePolicy").map((r) => ({ name: r.name, document: JSON.parse(r.inputs.policy) }));
}

describe("access: SecretSet integration (Docker example)", () => {
    const mocks = useMocks({
        // Log group ARNs as AWS writes them (the helper's generic ARN has no `logs` service).
        outputs: (args) => (args.type === "aws:cloudwatch/logGroup:LogGroup" ? { arn: `arn:aws:logs:us-east-1:123456789012:log-group:${args.inputs.name}` } : undefined),
    });

    async function buildAll() {
        const { result, printed, error } = await capturePrinted(async () => {
            const set = new SecretSet("ci-pipeline", sentinelExample());
            const role = new aws.iam.Role("app-role", { assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [] }) });
            set.grantRead(role, { secrets: ["docker-password"] });
            createSecretConsumers(set.access, CONSUMERS);
            await mocks.settled();
            return set;
        });
        if (error !== undefined) throw error;
        return { set: result as SecretSet, printed };
    }

    it("wires one generic rotator and a SecretRotation per rotating Secrets Manager secret; the manual docker-password gets none", async () => {
        await buildAll();
        assert.strictEqual(mocks.byType("aws:lambda/function:Function").length, 1);
        const rotations = Object.fromEntries(mocks.byType("aws:secretsmanager/secretRotation:SecretRotation").map((r) => [r.name, r.inputs]));
        assert.deepStrictEqual(Object.keys(rotations).sort(), ["ci-pipeline-rotation-signing-key"]);
        assert.strictEqual(rotations["ci-pipeline-rotation-signing-key"].rotationRules.automaticallyAfterDays, 30);
        assert.strictEqual(rotations["ci-pipeline-rotation-signing-key"].rotateImmediately, true);
        const permissions = mocks.byType("aws:lambda/permission:Permission").map((p) => [p.inputs.sourceArn, p.inputs.sourceAccount]);
        // signing-key is restricted: its grants and its invoke permission name it exactly.
        assert.deepStrictEqual(permissions, [["arn:aws:secretsmanager:us-east-1:123456789012:secret:dev/ci-pipeline/signing-key-AbCdEf", "123456789012"]]);
        const rotator = mocks.byType("aws:lambda/function:Function")[0];
        assert.strictEqual(rotator.inputs.tags["secretset:classification"], "restricted");
        const password = mocks.find("aws:secretsmanager/secret:Secret", "ci-pipeline-secret-docker-password");
        assert.strictEqual(password.inputs.tags["secretset:rotation-mode"], "manual");
        assert.strictEqual(password.inputs.tags["secretset:rotation-owner"], "platform-team");
        assert.strictEqual(password.inputs.tags["secretset:rotation-days"], "90");
    });

    it("keeps the keepOutOfState secret out of state and ignores rotated values", async () => {
        await buildAll();
        assert.ok(!mocks.byType("aws:secretsmanager/secretVersion:SecretVersion").some((v) => v.name.includes("signing-key")));
        const password = mocks.byType("aws:secretsmanager/secretVersion:SecretVersion").find((v) => v.name.includes("docker-password"));
        assert.ok(password);
        assert.deepStrictEqual(password.options.ignoreChanges, ["secretString"]);
    });

    it("rotates the generated Vault secret by schedule: time.Rotating keeps the RandomPassword", async () => {
        await buildAll();
        const rotating = mocks.find("time:index/rotating:Rotating", "ci-pipeline-rotation-schedule-partner-token");
        assert.strictEqual(rotating.inputs.rotationDays, 30);
        const generated = mocks.byType("random:index/randomPassword:RandomPassword").find((p) => p.name.includes("partner-token"));
        assert.ok(generated);
        assert.deepStrictEqual(Object.keys(generated.inputs.keepers ?? {}), ["secretset-rotation"]);
        // A new value must reach Vault as a new version, so the Vault secret does not ignore it.
        const vaultSecret = mocks.byType("vault:kv/secretV2:SecretV2").find((s) => s.name.includes("partner-token"));
        assert.ok(vaultSecret);
        assert.ok(!vaultSecret.options.ignoreChanges.includes("dataJson"));
    });

    it("lets a scheduled rotation replace a restricted generated Vault secret's generator (no protect on it)", async () => {
        const args = sentinelExample();
        new SecretSet("vault-only", {
            ...args,
            app: "vault-only",
            secrets: { "db-root": { classification: "restricted", backends: ["vault"], generate: { length: 32 }, rotation: { days: 7 } } },
            values: {},
        });
        await mocks.settled();
        const generator = mocks.find("random:index/randomPassword:RandomPassword", "vault-only-generated-db-root");
        assert.strictEqual(generator.options.protect, false);
        assert.ok(generator.inputs.keepers["secretset-rotation"] !== undefined);
        const stored = mocks.byType("vault:kv/secretV2:SecretV2").find((s) => s.name.includes("db-root"));
        assert.strictEqual(stored?.options.protect, true);
    });

    it("grantRead attaches exact grants to the role", async () => {
        await buildAll();
        // A grant of chosen secrets is named after the role and the choice (several grants per role never collide).
        const grant = mocks.find("aws:iam/rolePolicy:RolePolicy", `ci-pipeline-read-app-role-${selectionQualifier(["docker-password"])}`);
        const document = JSON.parse(grant.inputs.policy);
        const resources = document.Statement.flatMap((s: any) => s.Resource);
        assert.ok(resources.includes("arn:aws:secretsmanager:us-east-1:123456789012:secret:dev/ci-pipeline/docker-password-AbCdEf"));
        assert.ok(resources.every((r: string) => !r.includes("*")));
    });

    it("grantRead refuses undeclared secrets and grants that would grant nothing", async () => {
        const { set } = await buildAll();
        assert.throws(() => set.grantRead("app-role", { secrets: ["partner-token"] }), /Nothing to grant from SecretSet `ci-pipeline` to role `app-role`: none of the chosen secrets is stored on AWS/);
        assert.throws(() => set.grantRead("app-role", { secrets: ["nope"] }), /Secret `nope` is not declared in SecretSet `ci-pipeline`/);
    });

    it("never grants on a wildcard and always scopes kms:Decrypt by kms:ViaService", async () => {
        await buildAll();
        const documents = policyDocuments(mocks.resources);
        assert.ok(documents.length >= 4, documents.map((d) => d.name).join(","));
        for (const { name, document } of documents) {
            for (const statement of document.Statement) {
                for (const resource of statement.Resource) {
                    assert.notStrictEqual(resource, "*", name);
                    // Wildcards: generated log streams, and the generic rotator's own set prefix (narrowed by tag conditions).
                    if (resource.includes("*") && !resource.endsWith(":log-stream:*")) {
                        assert.strictEqual(resource, "arn:aws:secretsmanager:us-east-1:123456789012:secret:dev/ci-pipeline/*", name);
                        assert.strictEqual(statement.Condition.StringEquals["secretsmanager:ResourceTag/secretset:rotation-mode"], "generated", name);
                    } else if (resource.includes("*")) assert.match(resource, /:log-group:\/aws\/(lambda|codebuild)\/dev-ci-pipeline-[a-z-]+:log-stream:\*$/, name);
                }
                if (statement.Action.some((a: string) => a.startsWith("kms:"))) {
                    assert.match(statement.Condition.StringEquals["kms:ViaService"], /^(ssm|secretsmanager)\.us-east-1\.amazonaws\.com$/, name);
                }
            }
        }
    });

    it("gives CodeBuild references, never PLAINTEXT", async () => {
        await buildAll();
        const project = mocks.find("aws:codebuild/project:Project", "ci-pipeline-consumer-docker-build-build");
        const types = Object.fromEntries(project.inputs.environment.environmentVariables.map((v: any) => [v.name, v.type]));
        assert.deepStrictEqual(types, { DOCKER_PASSWORD: "SECRETS_MANAGER", DOCKER_USERNAME: "PARAMETER_STORE", REGISTRY_URL: "PARAMETER_STORE" });
    });

    it("never lets a secret value into a non-secret input or printed output (sentinel)", async () => {
        const { printed } = await buildAll();
        for (const sentinel of [SENTINEL_USER, SENTINEL_PASSWORD]) {
            assert.deepStrictEqual(mocks.plainOccurrences(sentinel), []);
            assert.ok(!printed.includes(sentinel));
        }
        // Inputs this area creates hold no value at all, not even as a secret.
        const mine = mocks.resources.filter((r) => /lambda|codebuild|iam|vault:index\/policy|appRole/.test(r.type));
        assert.ok(mine.length > 0);
        for (const resource of mine) {
            const text = JSON.stringify(resource.inputs);
            assert.ok(!text.includes(SENTINEL_USER) && !text.includes(SENTINEL_PASSWORD) && !text.includes("mock-generated-"), `${resource.type} ${resource.name}`);
        }
    });
});
