import * as assert from "assert";
import { policyDocuments, useAccessMocks } from "./accessMocks";
import { dockerExampleSet, secretArn, SHARED_KEY, ssmArn } from "./fakeSet";

import { createSecretConsumers, SecretConsumer } from "../../components/secretConsumer";

describe("access: consumer resources", () => {
    const DOCKER_VARIABLES = { REGISTRY_URL: "registry-url", DOCKER_USERNAME: "docker-username", DOCKER_PASSWORD: "docker-password" };

    const mocks = useAccessMocks();
    const named = (type: string, name: string) => mocks.find(type, name);
    const ofType = (type: string) => mocks.byType(type);

    async function build(consumers: unknown): Promise<Record<string, SecretConsumer>> {
        mocks.reset();
        const created = createSecretConsumers(dockerExampleSet(), consumers);
        await mocks.settled();
        return created;
    }

    describe("access: consumers as resources (Docker CI example)", () => {
        before(async () => {
            await build({
                "docker-build": { secrets: Object.values(DOCKER_VARIABLES), codebuild: { environmentVariables: DOCKER_VARIABLES, privilegedMode: true } },
                "partner-agents": { secrets: ["partner-token"], vault: { appRole: { tokenTtlSeconds: 3600, tokenMaxTtlSeconds: 14400 } } },
                "other-agents": { secrets: ["partner-token"], vault: { includeMetadata: true, appRole: { tokenTtlSeconds: 600, tokenMaxTtlSeconds: 1200 } } },
            });
        });

        it("creates a role CodeBuild can assume", () => {
            const role = named("aws:iam/role:Role", "ci-pipeline-consumer-docker-build-role");
            const trust = JSON.parse(role.inputs.assumeRolePolicy);
            assert.deepStrictEqual(trust.Statement[0].Principal, { Service: ["codebuild.amazonaws.com"] });
        });

        it("grants exactly the three secrets, their key via the owning service, nothing else", () => {
            const policy = JSON.parse(named("aws:iam/rolePolicy:RolePolicy", "ci-pipeline-read-ci-pipeline-consumer-docker-build-role").inputs.policy);
            const resources = policy.Statement.flatMap((s: any) => s.Resource).sort();
            assert.deepStrictEqual(resources, [SHARED_KEY, SHARED_KEY, secretArn("docker-password"), ssmArn("docker-username"), ssmArn("registry-url")].sort());
            const via = policy.Statement.filter((s: any) => s.Action.includes("kms:Decrypt")).map((s: any) => s.Condition.StringEquals["kms:ViaService"]).sort();
            assert.deepStrictEqual(via, ["secretsmanager.us-east-1.amazonaws.com", "ssm.us-east-1.amazonaws.com"]);
        });

        it("never grants on a wildcard resource in any policy it creates", () => {
            const documents = policyDocuments(mocks.resources);
            assert.ok(documents.length >= 2);
            for (const { resource, document } of documents) {
                for (const statement of document.Statement) {
                    for (const r of [].concat(statement.Resource)) {
                        assert.notStrictEqual(r, "*", resource);
                        // Only log streams under the consumer's own log group have generated names.
                        if (String(r).includes("*")) assert.match(r, /^arn:aws:logs:us-east-1:123456789012:log-group:\/aws\/codebuild\/dev-ci-pipeline-docker-build:log-stream:\*$/);
                    }
                    assert.ok(![].concat(statement.Action).some((a: string) => a.endsWith("*")), `${resource}: ${statement.Action}`);
                }
            }
        });

        it("gives CodeBuild PARAMETER_STORE and SECRETS_MANAGER variables, never PLAINTEXT", () => {
            const project = named("aws:codebuild/project:Project", "ci-pipeline-consumer-docker-build-build");
            const variables = project.inputs.environment.environmentVariables;
            assert.deepStrictEqual(variables, [
                { name: "DOCKER_PASSWORD", type: "SECRETS_MANAGER", value: secretArn("docker-password") },
                { name: "DOCKER_USERNAME", type: "PARAMETER_STORE", value: "/dev/ci-pipeline/docker-username" },
                { name: "REGISTRY_URL", type: "PARAMETER_STORE", value: "/dev/ci-pipeline/registry-url" },
            ]);
            assert.strictEqual(project.inputs.environment.privilegedMode, true);
            assert.strictEqual(project.inputs.logsConfig.cloudwatchLogs.groupName, "/aws/codebuild/dev-ci-pipeline-docker-build");
            assert.strictEqual(project.inputs.serviceRole, "arn:aws:iam::123456789012:role/ci-pipeline-consumer-docker-build-role");
        });

        it("enables the AppRole auth method once for both Vault consumers", () => {
            const mounts = ofType("vault:index/authBackend:AuthBackend");
            assert.deepStrictEqual(mounts.map((m) => [m.inputs.type, m.inputs.path]), [["approle", "approle"]]);
        });

        it("renders Vault policies on the exact data path, metadata only when asked", () => {
            const partner = named("vault:index/policy:Policy", "ci-pipeline-consumer-partner-agents-policy").inputs.policy as string;
            assert.match(partner, /path "secret\/data\/dev\/ci-pipeline\/partner-token"/);
            assert.doesNotMatch(partner, /metadata|\*/);
            const other = named("vault:index/policy:Policy", "ci-pipeline-consumer-other-agents-policy").inputs.policy as string;
            assert.match(other, /path "secret\/metadata\/dev\/ci-pipeline\/partner-token"/);
        });

        it("binds an AppRole role to the policy with the bounded TTLs", () => {
            const role = named("vault:appRole/authBackendRole:AuthBackendRole", "ci-pipeline-consumer-partner-agents-approle");
            assert.deepStrictEqual(
                { backend: role.inputs.backend, roleName: role.inputs.roleName, policies: role.inputs.tokenPolicies, ttl: role.inputs.tokenTtl, max: role.inputs.tokenMaxTtl, explicit: role.inputs.tokenExplicitMaxTtl },
                { backend: "approle", roleName: "dev-ci-pipeline-partner-agents", policies: ["dev-ci-pipeline-partner-agents"], ttl: 3600, max: 14400, explicit: 14400 },
            );
        });

        it("creates no IAM role for a Vault-only consumer", () => {
            assert.ok(!mocks.resources.some((r) => r.type === "aws:iam/role:Role" && r.name.includes("partner-agents")));
        });
    });

    describe("access: consumers with options", () => {
        it("creates only the role (and its log group) when told not to create the project", async () => {
            await build({ "docker-build": { secrets: ["registry-url"], codebuild: { createProject: false, environmentVariables: { REGISTRY_URL: "registry-url" } } } });
            assert.strictEqual(ofType("aws:codebuild/project:Project").length, 0);
            assert.strictEqual(ofType("aws:iam/role:Role").length, 1);
            assert.strictEqual(ofType("aws:cloudwatch/logGroup:LogGroup").length, 1);
        });

        it("grants to an existing role by name, taken from its ARN", async () => {
            await build({ service: { secrets: ["docker-password"], role: { existing: "arn:aws:iam::123456789012:role/teams/app-runtime" } } });
            assert.strictEqual(ofType("aws:iam/role:Role").length, 0);
            // Named after the role and the consumer, so consumers sharing one existing role never collide.
            const grant = named("aws:iam/rolePolicy:RolePolicy", "ci-pipeline-read-app-runtime-service");
            assert.strictEqual(grant.inputs.role, "app-runtime");
            assert.strictEqual(grant.inputs.name, "secretset-read-ci-pipeline-service");
            assert.deepStrictEqual(grant.options.aliases.map((a) => a.name), ["ci-pipeline-read-app-runtime"]);
        });

        it("reuses an AppRole mount when told to", async () => {
            await build({ agents: { secrets: ["partner-token"], vault: { appRole: { tokenTtlSeconds: 60, tokenMaxTtlSeconds: 60, createMount: false, mountPath: "approle-ci" } } } });
            assert.strictEqual(ofType("vault:index/authBackend:AuthBackend").length, 0);
            assert.strictEqual(named("vault:appRole/authBackendRole:AuthBackendRole", "ci-pipeline-consumer-agents-approle").inputs.backend, "approle-ci");
        });

        it("throws every validation problem before creating anything", () => {
            mocks.reset();
            assert.throws(() => createSecretConsumers(dockerExampleSet(), { a: { secrets: ["nope"] }, b: { secrets: ["registry-url"] } }), (e: Error) => /`a`/.test(e.message) && /`b`/.test(e.message));
            assert.strictEqual(mocks.resources.length, 0);
        });

        it("registers not even the component when one consumer is invalid", async () => {
            mocks.reset();
            assert.throws(() => new SecretConsumer("svc", { set: dockerExampleSet(), declaration: { secrets: ["registry-url"] } }), /Consumer `svc`: reads AWS secrets but has no `role`/);
            await mocks.settled();
            assert.strictEqual(mocks.resources.length, 0);
        });
    });
});
