import * as assert from "assert";
import { validateConsumers } from "../../components/consumers";
import { DECLARATIONS } from "./fakeSet";

const DOCKER_BUILD = {
    secrets: ["registry-url", "docker-username", "docker-password"],
    codebuild: { environmentVariables: { REGISTRY_URL: "registry-url", DOCKER_USERNAME: "docker-username", DOCKER_PASSWORD: "docker-password" } },
};
const PARTNER = { secrets: ["partner-token"], vault: { appRole: { tokenTtlSeconds: 3600, tokenMaxTtlSeconds: 14400 } } };

/** Validates the baseline with one consumer replaced. */
function problemsWith(name: string, consumer: unknown) {
    return validateConsumers({ "docker-build": DOCKER_BUILD, "partner-agents": PARTNER, [name]: consumer }, DECLARATIONS);
}

describe("access: consumer validation", () => {
    it("accepts the Docker and partner examples", () => {
        assert.deepStrictEqual(validateConsumers({ "docker-build": DOCKER_BUILD, "partner-agents": PARTNER }, DECLARATIONS), []);
    });

    it("accepts no consumers at all", () => {
        assert.deepStrictEqual(validateConsumers(undefined, DECLARATIONS), []);
    });

    const cases: [string, string, unknown, string, RegExp][] = [
        ["an unknown secret", "svc", { secrets: ["nope"], role: { assumedBy: ["ecs-tasks.amazonaws.com"] } }, "secrets", /Consumer `svc`: `secrets` names `nope`, which is not declared; declare it under `secretset:secrets`/],
        ["an empty secrets list", "svc", { secrets: [], role: { assumedBy: ["ecs-tasks.amazonaws.com"] } }, "secrets", /`secrets` must be a non-empty list/],
        ["a duplicate secret", "svc", { secrets: ["registry-url", "registry-url"], role: { assumedBy: ["ecs-tasks.amazonaws.com"] } }, "secrets", /lists `registry-url` twice/],
        ["an unknown field", "svc", { secrets: ["registry-url"], role: { assumedBy: ["ecs-tasks.amazonaws.com"] }, roles: {} }, "roles", /unknown field `roles`/],
        ["AWS secrets without a role", "svc", { secrets: ["registry-url"] }, "role", /has no `role`; set `role.assumedBy`/],
        ["both assumedBy and existing", "svc", { secrets: ["registry-url"], role: { assumedBy: ["ecs-tasks.amazonaws.com"], existing: "app-role" } }, "role", /not both/],
        ["a bad principal", "svc", { secrets: ["registry-url"], role: { assumedBy: ["*"] } }, "role.assumedBy", /service principals/],
        ["a wildcard existing role", "svc", { secrets: ["registry-url"], role: { existing: "arn:aws:iam::123456789012:role/*" } }, "role.existing", /no wildcards/],
        ["a role for Vault-only secrets", "svc", { secrets: ["partner-token"], role: { assumedBy: ["ecs-tasks.amazonaws.com"] } }, "role", /none of its `secrets` is stored on AWS/],
        ["vault options without Vault secrets", "svc", { secrets: ["registry-url"], role: { existing: "app" }, vault: { includeMetadata: true } }, "vault", /none of its `secrets` is Vault-backed/],
        ["an unknown vault field", "svc", { secrets: ["partner-token"], vault: { metadata: true } }, "vault.metadata", /unknown field `vault.metadata`/],
        ["a TTL above the max TTL", "svc", { secrets: ["partner-token"], vault: { appRole: { tokenTtlSeconds: 7200, tokenMaxTtlSeconds: 3600 } } }, "vault.appRole.tokenTtlSeconds", /`vault.appRole.tokenTtlSeconds` \(7200\) exceeds `vault.appRole.tokenMaxTtlSeconds` \(3600\)/],
        ["a missing max TTL", "svc", { secrets: ["partner-token"], vault: { appRole: { tokenTtlSeconds: 600 } } }, "vault.appRole.tokenMaxTtlSeconds", /`vault.appRole.tokenMaxTtlSeconds` is required/],
        ["an unbounded max TTL", "svc", { secrets: ["partner-token"], vault: { appRole: { tokenTtlSeconds: 600, tokenMaxTtlSeconds: 604800 } } }, "vault.appRole.tokenMaxTtlSeconds", /from 1 to 86400/],
        ["a Vault-only CodeBuild variable", "ci", { secrets: ["partner-token", "registry-url"], codebuild: { environmentVariables: { TOKEN: "partner-token" } } }, "codebuild.environmentVariables.TOKEN", /stored only in Vault; CodeBuild reads SSM or Secrets Manager/],
        ["a CodeBuild variable not in secrets", "ci", { secrets: ["registry-url"], codebuild: { environmentVariables: { PASSWORD: "docker-password" } } }, "codebuild.environmentVariables.PASSWORD", /not in this consumer's `secrets`; add it there/],
        ["a reserved env var name", "ci", { secrets: ["registry-url"], codebuild: { environmentVariables: { CODEBUILD_X: "registry-url" } } }, "codebuild.environmentVariables.CODEBUILD_X", /not a usable env var name/],
        ["no CodeBuild variables", "ci", { secrets: ["registry-url"], codebuild: { environmentVariables: {} } }, "codebuild.environmentVariables", /must map at least one env var/],
        ["an unknown CodeBuild field", "ci", { secrets: ["registry-url"], codebuild: { environmentVariables: { URL: "registry-url" }, env: {} } }, "codebuild.env", /unknown field `codebuild.env`/],
        ["a bad log retention", "ci", { secrets: ["registry-url"], codebuild: { environmentVariables: { URL: "registry-url" }, logRetentionDays: 10 } }, "codebuild.logRetentionDays", /one of CloudWatch's values/],
        ["CodeBuild with an existing role", "ci", { secrets: ["registry-url"], role: { existing: "app" }, codebuild: { environmentVariables: { URL: "registry-url" } } }, "role.existing", /gets a role of its own/],
        ["a bad consumer name", "Docker_Build", { secrets: ["registry-url"], role: { existing: "app" } }, "name", /lower-case letters, digits and dashes/],
    ];
    for (const [what, consumer, settings, field, message] of cases) {
        it(`reports ${what}, naming consumer and field`, () => {
            const problems = problemsWith(consumer, settings);
            const match = problems.find((p) => p.field === field && message.test(p.message));
            assert.ok(match, `expected ${field} ~ ${message}, got ${JSON.stringify(problems, null, 1)}`);
            assert.strictEqual(match.consumer, consumer);
            assert.ok(match.message.startsWith(`Consumer \`${consumer}\``));
        });
    }

    it("reports every problem together", () => {
        const problems = validateConsumers(
            { a: { secrets: ["nope"] }, b: { secrets: ["partner-token"], vault: { appRole: { tokenTtlSeconds: 0, tokenMaxTtlSeconds: 10 } } } },
            DECLARATIONS,
        );
        assert.deepStrictEqual([...new Set(problems.map((p) => p.consumer))], ["a", "b"]);
    });

    it("rejects a consumers value that is not a map", () => {
        assert.match(validateConsumers(["x"], DECLARATIONS)[0].message, /must be a map/);
    });
});
