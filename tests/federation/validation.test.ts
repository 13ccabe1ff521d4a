// Every validation message of the CI consumer kinds, as a table: one bad field per
// case, the message names the consumer, the field and the fix.
import * as assert from "assert";
import { validateConsumers } from "../../components/consumers";
import { DECLARATIONS } from "../access/fakeSet";

const github = (settings: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({ ci: { secrets: ["docker-password"], githubActions: settings, ...extra } });
const gitlab = (settings: Record<string, unknown>, secrets = ["docker-password", "partner-token"]) => ({ ci: { secrets, gitlabCi: settings } });
const GITLAB_OK = { projectPath: "acme/app", projectId: 7, ref: "main", vault: { tokenTtlSeconds: 600, tokenMaxTtlSeconds: 1200 } };

const CASES: { readonly name: string; readonly consumers: unknown; readonly field: string; readonly says: string }[] = [
    { name: "a wildcard repository", consumers: github({ repository: "acme/*", branch: "main" }), field: "githubActions.repository", says: "a wildcard would let other repositories" },
    { name: "a repository without owner", consumers: github({ repository: "app", branch: "main" }), field: "githubActions.repository", says: "`owner/name`" },
    { name: "no branch, environment or tag", consumers: github({ repository: "acme/app" }), field: "githubActions", says: "exactly one of `branch`, `environment` or `tag`" },
    { name: "both branch and environment", consumers: github({ repository: "acme/app", branch: "main", environment: "prod" }), field: "githubActions", says: "exactly one of" },
    { name: "a wildcard branch", consumers: github({ repository: "acme/app", branch: "release/*" }), field: "githubActions.branch", says: "one exact name" },
    { name: "a bad provider ARN", consumers: github({ repository: "acme/app", branch: "main", providerArn: "arn:aws:iam::1:role/x" }), field: "githubActions.providerArn", says: "OIDC provider ARN" },
    { name: "an unknown GitHub field", consumers: github({ repository: "acme/app", branch: "main", repo: "x" }), field: "githubActions.repo", says: "unknown field `githubActions.repo`" },
    { name: "a GitHub consumer with a role", consumers: github({ repository: "acme/app", branch: "main" }, { role: { assumedBy: ["ec2.amazonaws.com"] } }), field: "role", says: "remove `role`" },
    { name: "a GitHub consumer of a Vault-only secret", consumers: { ci: { secrets: ["partner-token"], githubActions: { repository: "acme/app", branch: "main" } } }, field: "githubActions", says: "reads AWS secrets only" },
    { name: "two kinds on one consumer", consumers: { ci: { secrets: ["docker-password"], githubActions: { repository: "acme/app", branch: "main" }, jenkins: { instanceProfile: true } } }, field: "jenkins", says: "a consumer is one kind" },
    { name: "a wildcard GitLab project", consumers: gitlab({ ...GITLAB_OK, projectPath: "acme/*" }), field: "gitlabCi.projectPath", says: "a wildcard would let other projects" },
    { name: "no GitLab ref", consumers: gitlab({ ...GITLAB_OK, ref: undefined }), field: "gitlabCi.ref", says: "`gitlabCi.ref` must be one exact name" },
    { name: "a bad ref type", consumers: gitlab({ ...GITLAB_OK, refType: "merge_request" }), field: "gitlabCi.refType", says: "`branch` or `tag`" },
    { name: "a plain-http GitLab URL", consumers: gitlab({ ...GITLAB_OK, url: "http://gitlab.local" }), field: "gitlabCi.url", says: "https URL" },
    { name: "Vault secrets without a project id", consumers: gitlab({ ...GITLAB_OK, projectId: undefined }), field: "gitlabCi.projectId", says: "numeric project id" },
    { name: "Vault secrets without gitlabCi.vault", consumers: gitlab({ ...GITLAB_OK, vault: undefined }), field: "gitlabCi.vault", says: "`gitlabCi.vault` is required" },
    { name: "a Vault token without TTL", consumers: gitlab({ ...GITLAB_OK, vault: { tokenMaxTtlSeconds: 1200 } }), field: "gitlabCi.vault.tokenTtlSeconds", says: "must expire" },
    { name: "a Vault token TTL over a day", consumers: gitlab({ ...GITLAB_OK, vault: { tokenTtlSeconds: 600, tokenMaxTtlSeconds: 90000 } }), field: "gitlabCi.vault.tokenMaxTtlSeconds", says: "from 1 to 86400" },
    { name: "TTL above max TTL", consumers: gitlab({ ...GITLAB_OK, vault: { tokenTtlSeconds: 1300, tokenMaxTtlSeconds: 1200 } }), field: "gitlabCi.vault.tokenTtlSeconds", says: "exceeds" },
    { name: "a wildcard Vault audience", consumers: gitlab({ ...GITLAB_OK, vault: { ...GITLAB_OK.vault, audience: "*" } }), field: "gitlabCi.vault.audience", says: "exact `aud`" },
    { name: "gitlabCi.vault without Vault secrets", consumers: gitlab(GITLAB_OK, ["docker-password"]), field: "gitlabCi.vault", says: "none of the consumer's `secrets` is Vault-backed" },
    { name: "Jenkins reading AWS without a profile or role", consumers: { ci: { secrets: ["docker-password"], jenkins: {} } }, field: "jenkins.instanceProfile", says: "`jenkins.instanceProfile: true`" },
    { name: "Jenkins reading Vault without AppRole", consumers: { ci: { secrets: ["partner-token"], jenkins: {} } }, field: "vault.appRole", says: "logs in to Vault with AppRole" },
    { name: "Jenkins with a profile and an existing role", consumers: { ci: { secrets: ["docker-password"], jenkins: { instanceProfile: true }, role: { existing: "jenkins-agents" } } }, field: "jenkins.instanceProfile", says: "not both" },
    { name: "a Jenkins profile without AWS secrets", consumers: { ci: { secrets: ["partner-token"], jenkins: { instanceProfile: true }, vault: { appRole: { tokenTtlSeconds: 600, tokenMaxTtlSeconds: 1200 } } } }, field: "jenkins.instanceProfile", says: "none of the consumer's `secrets` is stored on AWS" },
    { name: "Jenkins with role.assumedBy", consumers: { ci: { secrets: ["docker-password"], jenkins: { instanceProfile: true }, role: { assumedBy: ["ecs-tasks.amazonaws.com"] } } }, field: "role.assumedBy", says: "remove `role.assumedBy`" },
];

describe("federation: validation of the CI consumer kinds", () => {
    for (const c of CASES) {
        it(`reports ${c.name}`, () => {
            const problems = validateConsumers(c.consumers, DECLARATIONS);
            const match = problems.find((p) => p.field === c.field && p.message.includes(c.says));
            assert.ok(match, `expected \`${c.field}\` saying "${c.says}", got:\n${problems.map((p) => `${p.field}: ${p.message}`).join("\n")}`);
            assert.ok(match.message.startsWith("Consumer `ci`: "), match.message);
        });
    }

    it("reports two GitLab instances on one JWT auth method", () => {
        const consumers = { a: gitlab(GITLAB_OK).ci, b: gitlab({ ...GITLAB_OK, url: "https://gitlab.example.com" }).ci };
        const problems = validateConsumers(consumers, DECLARATIONS);
        assert.deepStrictEqual(problems.map((p) => [p.consumer, p.field]), [["b", "gitlabCi.vault.mountPath"]]);
        assert.match(problems[0].message, /^Consumer `b`: its GitLab \(https:\/\/gitlab\.example\.com\) differs from consumer `a`'s \(https:\/\/gitlab\.com\)/);
        const apart = { a: consumers.a, b: gitlab({ ...GITLAB_OK, url: "https://gitlab.example.com", vault: { ...GITLAB_OK.vault, mountPath: "jwt-gitlab-example" } }).ci };
        assert.deepStrictEqual(validateConsumers(apart, DECLARATIONS), []);
    });

    it("accepts each kind when it is complete", () => {
        const consumers = {
            gha: { secrets: ["docker-password"], githubActions: { repository: "acme/app", environment: "production" } },
            gitlab: { secrets: ["docker-password", "partner-token"], gitlabCi: GITLAB_OK },
            jenkins: { secrets: ["docker-password", "partner-token"], jenkins: { instanceProfile: true }, vault: { appRole: { tokenTtlSeconds: 600, tokenMaxTtlSeconds: 1200 } } },
            "jenkins-existing": { secrets: ["docker-password"], jenkins: {}, role: { existing: "jenkins-agents" } },
        };
        assert.deepStrictEqual(validateConsumers(consumers, DECLARATIONS), []);
    });
});
