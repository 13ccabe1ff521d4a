// Federation rules: OIDC trust limited to one repository/project and STS as audience,
// one ref (advisory), Vault JWT roles bound to one project. Baselines are what the
// components build; each case changes one thing.
import { federationPolicies, iamOidcTrustOneRef, iamOidcTrustOneRepository, iamServiceTrustSourceAccount, vaultJwtRoleBoundToProject } from "../../policies/federation";
import { serviceTrustInAccount } from "../../components/pipeline/pipelinePolicies";
import { ALL_POLICIES } from "../../policies/allPolicies";
import { webIdentityTrustPolicy } from "../../components/federation/federatedAccess";
import { describeRule } from "./cases";
import { mutate, type ResourceInput, UNKNOWN_INPUT } from "./util";
import * as assert from "assert";

const GITHUB = "token.actions.githubusercontent.com";
const GITHUB_PROVIDER = `arn:aws:iam::123456789012:oidc-provider/${GITHUB}`;
const GITLAB_PROVIDER = "arn:aws:iam::123456789012:oidc-provider/gitlab.example.com";

function role(trust: string | Record<string, unknown>): ResourceInput {
    return { type: "aws:iam/role:Role", name: "ci-role", props: { assumeRolePolicy: trust } };
}
const githubRole = role(webIdentityTrustPolicy(GITHUB_PROVIDER, GITHUB, "repo:acme/app:ref:refs/heads/main", "GitHubActionsOidc"));
const gitlabRole = role(webIdentityTrustPolicy(GITLAB_PROVIDER, "gitlab.example.com", "project_path:acme/tools/app:ref_type:branch:ref:main", "GitLabCiOidc"));

type Trust = { Statement: { Condition: Record<string, Record<string, unknown>>; Principal: Record<string, unknown> }[] };
const withTrust = (base: ResourceInput, change: (t: Trust) => void) =>
    mutate(base, (r) => {
        const trust = JSON.parse(r.props.assumeRolePolicy as string) as Trust;
        change(trust);
        r.props.assumeRolePolicy = JSON.stringify(trust);
    });
const sub = (value: unknown, operator = "StringEquals") =>
    withTrust(githubRole, (t) => {
        delete t.Statement[0].Condition.StringEquals[`${GITHUB}:sub`];
        t.Statement[0].Condition[operator] = { ...t.Statement[0].Condition[operator], [`${GITHUB}:sub`]: value };
    });

const jwtRole: ResourceInput = {
    type: "vault:jwt/authBackendRole:AuthBackendRole",
    name: "gitlab-jwt",
    props: { backend: "jwt-gitlab", roleName: "dev-app-deploy", roleType: "jwt", userClaim: "project_path", boundAudiences: ["secretset-vault"], boundClaimsType: "string", boundClaims: { project_id: "42", ref: "main", ref_type: "branch" }, tokenPolicies: ["dev-app-deploy"] },
};

describe("policies: federation", () => {
    it("is registered in the pack's single list", () => {
        for (const policy of federationPolicies) assert.ok(ALL_POLICIES.includes(policy), policy.name);
        assert.equal(iamOidcTrustOneRepository.enforcementLevel, "mandatory");
        assert.equal(vaultJwtRoleBoundToProject.enforcementLevel, "mandatory");
    });

    describeRule(
        iamOidcTrustOneRepository,
        [
            { change: "the GitHub trust has no sub condition", input: withTrust(githubRole, (t) => delete t.Statement[0].Condition.StringEquals[`${GITHUB}:sub`]), says: `\`${GITHUB}:sub\`` },
            { change: "the trust has no condition at all", input: withTrust(githubRole, (t) => delete (t.Statement[0] as { Condition?: unknown }).Condition), says: "any repository can assume" },
            { change: "sub allows every repository of an owner", input: sub("repo:acme/*", "StringLike"), says: "`repo:acme/*`" },
            { change: "sub allows every repository", input: sub("repo:*", "StringLike"), says: "one repository or project" },
            { change: "sub is a bare wildcard", input: sub("*", "StringLike"), says: "one repository or project" },
            { change: "one of several subs spans repositories", input: sub(["repo:acme/app:ref:refs/heads/main", "repo:acme/*:ref:refs/heads/main"], "StringLike"), says: "`repo:acme/*:ref:refs/heads/main`" },
            { change: "sub is only limited by a negated operator", input: sub("repo:acme/app:ref:refs/heads/main", "StringNotEquals"), says: `\`${GITHUB}:sub\`` },
            { change: "the GitLab sub spans a group", input: withTrust(gitlabRole, (t) => { t.Statement[0].Condition = { StringEquals: { "gitlab.example.com:aud": "sts.amazonaws.com" }, StringLike: { "gitlab.example.com:sub": "project_path:acme/*:ref_type:branch:ref:main" } }; }), says: "`project_path:acme/*:ref_type:branch:ref:main`" },
            { change: "the audience is not limited", input: withTrust(githubRole, (t) => delete t.Statement[0].Condition.StringEquals[`${GITHUB}:aud`]), says: "`sts.amazonaws.com`" },
            { change: "the provider ARN is not an OIDC provider ARN and nothing limits sub", input: role({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Federated: "arn:aws:iam::123456789012:saml-provider/x" }, Action: "sts:AssumeRoleWithWebIdentity" }] }), says: "`<issuer>:sub`" },
            { change: "the trust is an object, not a string", input: role({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Federated: GITHUB_PROVIDER }, Action: "sts:AssumeRoleWithWebIdentity" }] }), says: `\`${GITHUB}:sub\`` },
        ],
        [
            { change: "the trust names one repository and branch (GitHub)", input: githubRole },
            { change: "the trust names one project and branch (GitLab)", input: gitlabRole },
            { change: "the trust names a deployment environment", input: sub("repo:acme/app:environment:production") },
            { change: "the role is for a service", input: role({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "codebuild.amazonaws.com" }, Action: "sts:AssumeRole" }] }) },
            { change: "the trust is unknown during preview", input: role(UNKNOWN_INPUT) },
            { change: "the provider ARN is unknown during preview", input: withTrust(githubRole, (t) => (t.Statement[0].Principal.Federated = UNKNOWN_INPUT)) },
            { change: "the statement denies", input: role({ Version: "2012-10-17", Statement: [{ Effect: "Deny", Principal: { Federated: GITHUB_PROVIDER }, Action: "sts:AssumeRoleWithWebIdentity" }] }) },
        ],
    );

    describeRule(
        iamOidcTrustOneRef,
        [{ change: "sub allows every branch of one repository", input: sub("repo:acme/app:*", "StringLike"), says: "`repo:acme/app:*`" }],
        [
            { change: "sub names one branch", input: githubRole },
            { change: "sub spans repositories (the mandatory rule reports it)", input: sub("repo:acme/*", "StringLike") },
        ],
    );

    describeRule(
        vaultJwtRoleBoundToProject,
        [
            { change: "the role has no bound claims", input: mutate(jwtRole, (r) => delete r.props.boundClaims), says: "`bound_claims`" },
            { change: "the role binds only the ref", input: mutate(jwtRole, (r) => (r.props.boundClaims = { ref: "main" })), says: "one project" },
            { change: "the project claim is a glob", input: mutate(jwtRole, (r) => { r.props.boundClaimsType = "glob"; r.props.boundClaims = { project_path: "acme/*", ref: "main" }; }), says: "`bound_claims.project_path`" },
            { change: "the role has no bound audiences", input: mutate(jwtRole, (r) => delete r.props.boundAudiences), says: "`bound_audiences`" },
        ],
        [
            { change: "the role is bound to one project id and ref", input: jwtRole },
            { change: "the role is an interactive OIDC role", input: mutate(jwtRole, (r) => { r.props.roleType = "oidc"; delete r.props.boundClaims; }) },
            { change: "the bound claims are unknown during preview", input: mutate(jwtRole, (r) => (r.props.boundClaims = UNKNOWN_INPUT)) },
            { change: "a glob binds an exact project", input: mutate(jwtRole, (r) => (r.props.boundClaimsType = "glob")) },
        ],
    );

    const codebuildTrust = role(serviceTrustInAccount("codebuild.amazonaws.com", "123456789012", "arn:aws:codebuild:us-east-1:123456789012:project/dev-app-build"));
    describeRule(
        iamServiceTrustSourceAccount,
        [
            { change: "CodeBuild's trust has no condition", input: role({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: ["codebuild.amazonaws.com"] }, Action: "sts:AssumeRole" }] }), says: "`aws:SourceAccount`" },
            { change: "CodePipeline's trust has an unrelated condition", input: role({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "codepipeline.amazonaws.com" }, Action: "sts:AssumeRole", Condition: { Bool: { "aws:SecureTransport": "true" } } }] }), says: "`codepipeline.amazonaws.com`" },
        ],
        [
            { change: "the trust names the account and the project", input: codebuildTrust },
            { change: "the service does not send source keys (EC2)", input: role({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: ["ec2.amazonaws.com"] }, Action: "sts:AssumeRole" }] }) },
        ],
    );
});
