// The resources behind the consumer kinds for CI systems outside AWS: the account's
// OIDC providers and Vault JWT auth methods (one per issuer / path, shared by the
// consumers of a stack), the web-identity trust of a consumer's role, a Jenkins
// instance profile, and the Vault JWT role a GitLab job logs in with.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as vault from "@pulumi/vault";
import { STS_AUDIENCE, WEB_IDENTITY_ACTION } from "../../policies/lib/oidcClaims";
import {
    DEFAULT_GITLAB_JWT_MOUNT,
    DEFAULT_GITLAB_VAULT_AUDIENCE,
    GITHUB_OIDC_ISSUER,
    type GitHubActionsSettings,
    githubSubject,
    type GitLabCiSettings,
    gitlabSubject,
    gitlabUrl,
    issuerHost,
} from "./oidcSubjects";

/** What a consumer of one of these kinds needs from the shared identity resources. */
export interface IdentityProviders {
    /** ARN of the IAM OIDC provider for an issuer URL (`https://...`), or undefined when none was created. */
    readonly oidcProviderArn: (issuerUrl: string) => pulumi.Input<string> | undefined;
    /** The JWT auth method created at a path, so a role waits for it. */
    readonly jwtMount: (path: string) => vault.jwt.AuthBackend | undefined;
}

interface FederatedDeclaration {
    readonly githubActions?: GitHubActionsSettings;
    readonly gitlabCi?: GitLabCiSettings;
}

/**
 * Trust letting exactly one repository and ref assume the role through `providerArn`:
 * StringEquals on `<issuer>:aud` (STS) and `<issuer>:sub` (never StringLike, never a wildcard).
 */
export function webIdentityTrustPolicy(providerArn: string, issuer: string, subject: string, sid: string): string {
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            {
                Sid: sid,
                Effect: "Allow",
                Principal: { Federated: providerArn },
                Action: WEB_IDENTITY_ACTION,
                Condition: { StringEquals: { [`${issuer}:aud`]: STS_AUDIENCE, [`${issuer}:sub`]: subject } },
            },
        ],
    });
}

function providerArnFor(issuerUrl: string, given: string | undefined, providers: IdentityProviders, consumer: string): pulumi.Input<string> {
    const arn = given ?? providers.oidcProviderArn(issuerUrl);
    if (arn === undefined) throw new Error(`Consumer \`${consumer}\`: no OIDC provider for ${issuerUrl}; create the consumers with createSecretConsumers or give \`providerArn\`.`);
    return arn;
}

/** The trust policy of a `githubActions` / `gitlabCi` consumer's role; undefined for other kinds. */
export function federatedTrustPolicy(consumer: string, declaration: FederatedDeclaration, providers: IdentityProviders): pulumi.Output<string> | undefined {
    const github = declaration.githubActions;
    if (github !== undefined) {
        const arn = providerArnFor(`https://${GITHUB_OIDC_ISSUER}`, github.providerArn, providers, consumer);
        return pulumi.output(arn).apply((a) => webIdentityTrustPolicy(a, GITHUB_OIDC_ISSUER, githubSubject(github), "GitHubActionsOidc"));
    }
    const gitlab = declaration.gitlabCi;
    if (gitlab !== undefined) {
        const url = gitlabUrl(gitlab);
        const arn = providerArnFor(url, gitlab.providerArn, providers, consumer);
        return pulumi.output(arn).apply((a) => webIdentityTrustPolicy(a, issuerHost(url), gitlabSubject(gitlab), "GitLabCiOidc"));
    }
    return undefined;
}

/** Issuer URLs that need an IAM OIDC provider created for these consumers (those without `providerArn`). */
export function oidcIssuersToCreate(declarations: readonly FederatedDeclaration[]): string[] {
    const urls = new Set<string>();
    for (const d of declarations) {
        if (d.githubActions !== undefined && d.githubActions.providerArn === undefined) urls.add(`https://${GITHUB_OIDC_ISSUER}`);
        if (d.gitlabCi !== undefined && d.gitlabCi.providerArn === undefined) urls.add(gitlabUrl(d.gitlabCi));
    }
    return [...urls].sort();
}

/** One IAM OIDC provider; STS is the only client (audience) it accepts. */
export function createOidcProvider(resourceName: string, issuerUrl: string, tags: Record<string, string>, opts?: pulumi.CustomResourceOptions): aws.iam.OpenIdConnectProvider {
    // No thumbprint: IAM verifies these issuers through its own trusted CA store.
    return new aws.iam.OpenIdConnectProvider(resourceName, { url: issuerUrl, clientIdLists: [STS_AUDIENCE], tags }, opts);
}

export function gitlabJwtMountPath(settings: GitLabCiSettings): string {
    return settings.vault?.mountPath ?? DEFAULT_GITLAB_JWT_MOUNT;
}

/** The JWT auth method verifying GitLab's ID tokens against its OIDC discovery document. */
export function createGitLabJwtMount(resourceName: string, settings: GitLabCiSettings, opts?: pulumi.CustomResourceOptions): vault.jwt.AuthBackend {
    const url = gitlabUrl(settings);
    return new vault.jwt.AuthBackend(
        resourceName,
        { path: gitlabJwtMountPath(settings), type: "jwt", oidcDiscoveryUrl: url, boundIssuer: url, description: `GitLab CI logins (${url}) of SecretSet consumers` },
        opts,
    );
}

/**
 * The Vault role a GitLab job of one project and ref logs in with: bound_claims on
 * `project_id`, `ref` and `ref_type` (exact strings, no globs), the job's audience,
 * bounded token lifetimes, and the consumer's read policy only.
 */
export function createGitLabJwtRole(resourceName: string, roleName: string, settings: GitLabCiSettings, policyName: pulumi.Input<string>, opts?: pulumi.CustomResourceOptions): vault.jwt.AuthBackendRole {
    const vaultSettings = settings.vault;
    if (vaultSettings === undefined || settings.projectId === undefined) {
        throw new Error(`GitLab consumer \`${roleName}\`: \`gitlabCi.vault\` and \`gitlabCi.projectId\` are required to log in to Vault.`);
    }
    return new vault.jwt.AuthBackendRole(
        resourceName,
        {
            backend: gitlabJwtMountPath(settings),
            roleName,
            roleType: "jwt",
            // The entity is the project, not whichever person started the pipeline.
            userClaim: "project_path",
            boundAudiences: [vaultSettings.audience ?? DEFAULT_GITLAB_VAULT_AUDIENCE],
            boundClaimsType: "string",
            boundClaims: { project_id: String(settings.projectId), ref: settings.ref, ref_type: settings.refType ?? "branch" },
            tokenPolicies: [policyName],
            tokenTtl: vaultSettings.tokenTtlSeconds,
            tokenMaxTtl: vaultSettings.tokenMaxTtlSeconds,
            tokenExplicitMaxTtl: vaultSettings.tokenMaxTtlSeconds,
        },
        opts,
    );
}

/** Resource-name suffix of an issuer: `https://token.actions.githubusercontent.com` -> `token-actions-githubusercontent-com`. */
export function issuerResourceSuffix(issuerUrl: string): string {
    return issuerHost(issuerUrl).replace(/[^A-Za-z0-9]+/g, "-");
}
