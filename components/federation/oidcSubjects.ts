// OIDC identities of CI systems outside AWS, as the claims their tokens carry: issuer,
// audience and the `sub` claim naming one repository/project and one ref. The policy
// pack reads the same issuers and claim shapes (policies/lib/oidcClaims.ts).
import { GITHUB_OIDC_ISSUER, STS_AUDIENCE } from "../../policies/lib/oidcClaims";

export { GITHUB_OIDC_ISSUER, STS_AUDIENCE };

export const DEFAULT_GITLAB_URL = "https://gitlab.com";

export interface GitHubActionsSettings {
    /** `owner/repository`; never a wildcard. */
    readonly repository: string;
    /** Exactly one of `branch`, `environment` or `tag` limits which runs may assume the role. */
    readonly branch?: string;
    readonly environment?: string;
    readonly tag?: string;
    /** ARN of the account's existing GitHub OIDC provider. @default one is created for the stack */
    readonly providerArn?: string;
}

export interface GitLabVaultSettings {
    /** Path of the JWT auth method. @default "jwt-gitlab" */
    readonly mountPath?: string;
    /** Enable the auth method (true) or reuse one already enabled at `mountPath` (false). @default true */
    readonly createMount?: boolean;
    /** `aud` the job's `id_tokens` entry sets for Vault. @default "secretset-vault" */
    readonly audience?: string;
    /** Lifetime of a Vault token issued to a job, in seconds (<= 86400). Required. */
    readonly tokenTtlSeconds: number;
    /** Hard ceiling of that token, in seconds (<= 86400). Required. */
    readonly tokenMaxTtlSeconds: number;
}

export interface GitLabCiSettings {
    /** `group/project` (subgroups allowed); never a wildcard. */
    readonly projectPath: string;
    /** Numeric project id; required to bind a Vault role (`bound_claims.project_id`). */
    readonly projectId?: number;
    /** Branch or tag name the job runs for. */
    readonly ref: string;
    /** @default "branch" */
    readonly refType?: "branch" | "tag";
    /** GitLab instance URL (issuer). @default "https://gitlab.com" */
    readonly url?: string;
    /** ARN of the account's existing OIDC provider for that GitLab. @default one is created for the stack */
    readonly providerArn?: string;
    /** JWT login to Vault for the consumer's Vault-backed secrets. Required when it reads any. */
    readonly vault?: GitLabVaultSettings;
}

export interface JenkinsSettings {
    /** Create an EC2 instance profile for the Jenkins agents carrying the read grant. @default false */
    readonly instanceProfile?: boolean;
}

export const DEFAULT_GITLAB_JWT_MOUNT = "jwt-gitlab";
export const DEFAULT_GITLAB_VAULT_AUDIENCE = "secretset-vault";

/** `https://gitlab.example.com/` -> `gitlab.example.com`: the prefix of the IAM condition keys. */
export function issuerHost(url: string): string {
    return url.replace(/^https:\/\//, "").replace(/\/+$/, "");
}

/** The `sub` claim of one repository and one branch, environment or tag. */
export function githubSubject(settings: GitHubActionsSettings): string {
    if (settings.environment !== undefined) return `repo:${settings.repository}:environment:${settings.environment}`;
    if (settings.tag !== undefined) return `repo:${settings.repository}:ref:refs/tags/${settings.tag}`;
    return `repo:${settings.repository}:ref:refs/heads/${settings.branch}`;
}

/** GitLab's `sub`: `project_path:<group>/<project>:ref_type:<branch|tag>:ref:<name>`. */
export function gitlabSubject(settings: GitLabCiSettings): string {
    return `project_path:${settings.projectPath}:ref_type:${settings.refType ?? "branch"}:ref:${settings.ref}`;
}

export function gitlabUrl(settings: GitLabCiSettings): string {
    return (settings.url ?? DEFAULT_GITLAB_URL).replace(/\/+$/, "");
}
