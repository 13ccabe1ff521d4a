// The CI consumer kinds as resources under the SDK mocks: GitHub Actions and GitLab CI
// roles trusted through one shared OIDC provider per issuer, limited to one repository
// and ref; a GitLab JWT login to Vault bound to one project; Jenkins agents with an
// instance profile and an AppRole; exact read grants; the pack's rules agree.
import * as assert from "assert";
import { createSecretConsumers, type SecretConsumer } from "../../components/secretConsumer";
import { federationPolicies } from "../../policies/federation";
import { iamPolicies } from "../../policies/iam";
import { vaultPolicies } from "../../policies/vault";
import { dockerExampleSet, secretArn, SHARED_KEY, ssmArn } from "../access/fakeSet";
import { useFederationMocks, violationsOf } from "./federationMocks";

const GITHUB_PROVIDER = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com";
const GITHUB = "token.actions.githubusercontent.com";

const CONSUMERS = {
    "gha-build": { secrets: ["docker-username", "docker-password"], githubActions: { repository: "acme/app", branch: "main" } },
    "gha-release": { secrets: ["registry-url"], githubActions: { repository: "acme/app", environment: "production" } },
    "gitlab-deploy": {
        secrets: ["docker-password", "partner-token"],
        gitlabCi: { projectPath: "acme/tools/app", projectId: 4242, ref: "v1.2.3", refType: "tag", url: "https://gitlab.example.com", vault: { tokenTtlSeconds: 900, tokenMaxTtlSeconds: 1800 } },
    },
    "jenkins-agents": { secrets: ["docker-password", "partner-token"], jenkins: { instanceProfile: true }, vault: { appRole: { tokenTtlSeconds: 600, tokenMaxTtlSeconds: 1200 } } },
};

describe("federation: CI consumer kinds as resources", () => {
    const mocks = useFederationMocks();
    let created: Record<string, SecretConsumer>;
    const named = (type: string, name: string) => mocks.find(type, name);
    const trustOf = (consumer: string) => JSON.parse(named("aws:iam/role:Role", `ci-pipeline-consumer-${consumer}-role`).inputs.assumeRolePolicy);
    const grantOf = (consumer: string) => JSON.parse(named("aws:iam/rolePolicy:RolePolicy", `ci-pipeline-read-ci-pipeline-consumer-${consumer}-role`).inputs.policy);
    const resourcesOf = (document: any) => document.Statement.flatMap((s: any) => s.Resource).sort();

    before(async () => {
        mocks.reset();
        created = createSecretConsumers(dockerExampleSet(), CONSUMERS);
        await mocks.settled();
    });

    it("creates one IAM OIDC provider per issuer, accepting STS as the only audience", () => {
        const providers = mocks.byType("aws:iam/openIdConnectProvider:OpenIdConnectProvider");
        assert.deepStrictEqual(providers.map((p) => p.inputs.url).sort(), ["https://gitlab.example.com", `https://${GITHUB}`]);
        for (const provider of providers) assert.deepStrictEqual(provider.inputs.clientIdLists, ["sts.amazonaws.com"]);
    });

    it("trusts a GitHub role for one repository and branch only, with StringEquals on aud and sub", () => {
        const trust = trustOf("gha-build");
        assert.deepStrictEqual(trust.Statement, [
            {
                Sid: "GitHubActionsOidc",
                Effect: "Allow",
                Principal: { Federated: GITHUB_PROVIDER },
                Action: "sts:AssumeRoleWithWebIdentity",
                Condition: { StringEquals: { [`${GITHUB}:aud`]: "sts.amazonaws.com", [`${GITHUB}:sub`]: "repo:acme/app:ref:refs/heads/main" } },
            },
        ]);
        assert.strictEqual(trustOf("gha-release").Statement[0].Condition.StringEquals[`${GITHUB}:sub`], "repo:acme/app:environment:production");
    });

    it("trusts a GitLab role for one project and tag through the instance's own provider", () => {
        const statement = trustOf("gitlab-deploy").Statement[0];
        assert.strictEqual(statement.Principal.Federated, "arn:aws:iam::123456789012:oidc-provider/gitlab.example.com");
        assert.deepStrictEqual(statement.Condition, {
            StringEquals: { "gitlab.example.com:aud": "sts.amazonaws.com", "gitlab.example.com:sub": "project_path:acme/tools/app:ref_type:tag:ref:v1.2.3" },
        });
    });

    it("grants each role exactly its AWS secrets and their key through the owning service", () => {
        assert.deepStrictEqual(resourcesOf(grantOf("gha-build")), [SHARED_KEY, SHARED_KEY, secretArn("docker-password"), ssmArn("docker-username")].sort());
        assert.deepStrictEqual(resourcesOf(grantOf("gha-release")), [ssmArn("registry-url")]);
        assert.deepStrictEqual(resourcesOf(grantOf("gitlab-deploy")), [SHARED_KEY, secretArn("docker-password")].sort());
        assert.deepStrictEqual(resourcesOf(grantOf("jenkins-agents")), [SHARED_KEY, secretArn("docker-password")].sort());
    });

    it("logs GitLab jobs in to Vault through a JWT role bound to the project id and ref, with the read policy only", () => {
        const mount = named("vault:jwt/authBackend:AuthBackend", "ci-pipeline-jwt-jwt-gitlab");
        assert.deepStrictEqual(
            { path: mount.inputs.path, type: mount.inputs.type, discovery: mount.inputs.oidcDiscoveryUrl, issuer: mount.inputs.boundIssuer },
            { path: "jwt-gitlab", type: "jwt", discovery: "https://gitlab.example.com", issuer: "https://gitlab.example.com" },
        );
        const role = named("vault:jwt/authBackendRole:AuthBackendRole", "ci-pipeline-consumer-gitlab-deploy-jwt-role");
        assert.strictEqual(role.inputs.roleType, "jwt");
        assert.strictEqual(role.inputs.boundClaimsType, "string");
        assert.deepStrictEqual(role.inputs.boundClaims, { project_id: "4242", ref: "v1.2.3", ref_type: "tag" });
        assert.deepStrictEqual(role.inputs.boundAudiences, ["secretset-vault"]);
        assert.deepStrictEqual(role.inputs.tokenPolicies, ["dev-ci-pipeline-gitlab-deploy"]);
        assert.deepStrictEqual([role.inputs.tokenTtl, role.inputs.tokenMaxTtl, role.inputs.tokenExplicitMaxTtl], [900, 1800, 1800]);
        const policy = named("vault:index/policy:Policy", "ci-pipeline-consumer-gitlab-deploy-policy");
        assert.match(policy.inputs.policy, /path "secret\/data\/dev\/ci-pipeline\/partner-token"/);
        assert.doesNotMatch(policy.inputs.policy, /docker-password/);
    });

    it("gives Jenkins agents an EC2-trusted role with an instance profile, and an AppRole for Vault", () => {
        assert.deepStrictEqual(trustOf("jenkins-agents").Statement[0].Principal, { Service: ["ec2.amazonaws.com"] });
        const profile = named("aws:iam/instanceProfile:InstanceProfile", "ci-pipeline-consumer-jenkins-agents-instance-profile");
        assert.strictEqual(profile.inputs.name, "dev-ci-pipeline-jenkins-agents");
        assert.strictEqual(profile.inputs.role, "ci-pipeline-consumer-jenkins-agents-role");
        assert.ok(created["jenkins-agents"].instanceProfile !== undefined);
        const appRole = named("vault:appRole/authBackendRole:AuthBackendRole", "ci-pipeline-consumer-jenkins-agents-approle");
        assert.deepStrictEqual(appRole.inputs.tokenPolicies, ["dev-ci-pipeline-jenkins-agents"]);
    });

    it("creates no role, provider or key for any consumer beyond what it declares", () => {
        assert.strictEqual(mocks.byType("aws:iam/role:Role").length, 4);
        assert.strictEqual(mocks.byType("aws:iam/instanceProfile:InstanceProfile").length, 1);
        assert.strictEqual(mocks.byType("vault:jwt/authBackendRole:AuthBackendRole").length, 1);
    });

    it("passes the pack's federation, IAM and Vault rules", async () => {
        for (const policy of [...federationPolicies, ...iamPolicies, ...vaultPolicies]) {
            if (!("validateResource" in policy)) continue;
            assert.deepStrictEqual(await violationsOf(policy, mocks.resources), [], policy.name);
        }
    });
});

describe("federation: an existing OIDC provider", () => {
    const mocks = useFederationMocks();
    it("is used instead of creating one", async () => {
        mocks.reset();
        const existing = "arn:aws:iam::210987654321:oidc-provider/token.actions.githubusercontent.com";
        createSecretConsumers(dockerExampleSet(), { gha: { secrets: ["docker-password"], githubActions: { repository: "acme/app", tag: "v2", providerArn: existing } } });
        await mocks.settled();
        assert.deepStrictEqual(mocks.byType("aws:iam/openIdConnectProvider:OpenIdConnectProvider"), []);
        const trust = JSON.parse(mocks.find("aws:iam/role:Role", "ci-pipeline-consumer-gha-role").inputs.assumeRolePolicy);
        assert.strictEqual(trust.Statement[0].Principal.Federated, existing);
        assert.strictEqual(trust.Statement[0].Condition.StringEquals[`${GITHUB}:sub`], "repo:acme/app:ref:refs/tags/v2");
    });
});
