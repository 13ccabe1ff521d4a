// Validation of the consumer kinds for CI systems outside AWS (`githubActions`,
// `gitlabCi`, `jenkins`): pure, every problem names the field and the fix. Called by
// validateConsumers, so these problems are reported with all the others.
import { hasWildcard } from "../../policies/lib/oidcClaims";
import { APPROLE_MAX_TTL_SECONDS } from "../vaultAccess";
import { DEFAULT_GITLAB_JWT_MOUNT, DEFAULT_GITLAB_URL } from "./oidcSubjects";

export interface FieldProblem {
    readonly field: string;
    readonly message: string;
}

/** The consumer kinds; a consumer is at most one of them (each decides who assumes its role). */
export const CONSUMER_KINDS = ["codebuild", "githubActions", "gitlabCi", "jenkins"] as const;
export const FEDERATED_KINDS = ["githubActions", "gitlabCi", "jenkins"] as const;

const GITHUB_FIELDS = ["repository", "branch", "environment", "tag", "providerArn"];
const GITLAB_FIELDS = ["projectPath", "projectId", "ref", "refType", "url", "providerArn", "vault"];
const GITLAB_VAULT_FIELDS = ["mountPath", "createMount", "audience", "tokenTtlSeconds", "tokenMaxTtlSeconds"];
const JENKINS_FIELDS = ["instanceProfile"];

const GITHUB_REPOSITORY = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;
const GITLAB_PROJECT_PATH = /^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)+$/;
/** Git ref names: no spaces, no `:` (it separates claim fields), no wildcards. */
const REF_NAME = /^[A-Za-z0-9_./-]+$/;
const OIDC_PROVIDER_ARN = /^arn:aws[a-z-]*:iam::\d{12}:oidc-provider\/[A-Za-z0-9.-]+(\/[A-Za-z0-9._\/-]*)?$/;
const VAULT_PATH = /^[A-Za-z0-9][A-Za-z0-9_\-/]*$/;

function isPlainObject(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

function unknownFields(settings: Record<string, unknown>, allowed: readonly string[], prefix: string, add: (f: string, m: string) => void): void {
    for (const field of Object.keys(settings)) {
        if (!allowed.includes(field)) add(`${prefix}.${field}`, `unknown field \`${prefix}.${field}\`; use ${allowed.map((f) => `\`${prefix}.${f}\``).join(", ")}.`);
    }
}

function refProblem(value: unknown, field: string, add: (f: string, m: string) => void): void {
    if (typeof value !== "string" || !REF_NAME.test(value)) {
        add(field, `\`${field}\` must be one exact name such as \`main\` (letters, digits, \`.\`, \`_\`, \`-\`, \`/\`); wildcards would let any ${field.endsWith("environment") ? "environment" : "ref"} assume the role.`);
    }
}

function githubProblems(settings: unknown, add: (f: string, m: string) => void): void {
    if (!isPlainObject(settings)) return add("githubActions", "`githubActions` must be a map with `repository` and one of `branch`, `environment`, `tag`.");
    unknownFields(settings, GITHUB_FIELDS, "githubActions", add);
    const repository = settings.repository;
    if (typeof repository !== "string" || !GITHUB_REPOSITORY.test(repository)) {
        add("githubActions.repository", `\`githubActions.repository\` must be one repository as \`owner/name\` (e.g. \`acme/app\`)${typeof repository === "string" && hasWildcard(repository) ? "; a wildcard would let other repositories assume the role" : ""}.`);
    }
    const limits = (["branch", "environment", "tag"] as const).filter((k) => settings[k] !== undefined);
    if (limits.length !== 1) {
        add("githubActions", "`githubActions` needs exactly one of `branch`, `environment` or `tag`, so only runs of that ref or deployment environment get the role.");
    }
    for (const key of limits) refProblem(settings[key], `githubActions.${key}`, add);
    providerArnProblem(settings.providerArn, "githubActions.providerArn", add);
}

function providerArnProblem(value: unknown, field: string, add: (f: string, m: string) => void): void {
    if (value !== undefined && (typeof value !== "string" || !OIDC_PROVIDER_ARN.test(value))) {
        add(field, `\`${field}\` must be an IAM OIDC provider ARN (arn:aws:iam::<account>:oidc-provider/<host>).`);
    }
}

function ttlProblems(settings: Record<string, unknown>, prefix: string, add: (f: string, m: string) => void): void {
    const valid = (key: string) => {
        const value = settings[key];
        if (value === undefined) {
            add(`${prefix}.${key}`, `\`${prefix}.${key}\` is required; Vault tokens of CI jobs must expire (e.g. 900, at most ${APPROLE_MAX_TTL_SECONDS}).`);
            return false;
        }
        if (typeof value !== "number" || !Number.isInteger(value) || value <= 0 || value > APPROLE_MAX_TTL_SECONDS) {
            add(`${prefix}.${key}`, `\`${prefix}.${key}\` must be a whole number of seconds from 1 to ${APPROLE_MAX_TTL_SECONDS} (one day).`);
            return false;
        }
        return true;
    };
    const ttl = valid("tokenTtlSeconds");
    const max = valid("tokenMaxTtlSeconds");
    if (ttl && max && (settings.tokenTtlSeconds as number) > (settings.tokenMaxTtlSeconds as number)) {
        add(`${prefix}.tokenTtlSeconds`, `\`${prefix}.tokenTtlSeconds\` exceeds \`${prefix}.tokenMaxTtlSeconds\`; lower the TTL or raise the max TTL.`);
    }
}

function gitlabProblems(settings: unknown, readsVault: boolean, add: (f: string, m: string) => void): void {
    if (!isPlainObject(settings)) return add("gitlabCi", "`gitlabCi` must be a map with `projectPath` and `ref`.");
    unknownFields(settings, GITLAB_FIELDS, "gitlabCi", add);
    const path = settings.projectPath;
    if (typeof path !== "string" || !GITLAB_PROJECT_PATH.test(path)) {
        add("gitlabCi.projectPath", `\`gitlabCi.projectPath\` must be one project as \`group/project\` (e.g. \`acme/app\`)${typeof path === "string" && hasWildcard(path) ? "; a wildcard would let other projects assume the role" : ""}.`);
    }
    refProblem(settings.ref, "gitlabCi.ref", add);
    if (settings.refType !== undefined && settings.refType !== "branch" && settings.refType !== "tag") add("gitlabCi.refType", "`gitlabCi.refType` must be `branch` or `tag`.");
    if (settings.url !== undefined && (typeof settings.url !== "string" || !/^https:\/\/[A-Za-z0-9.-]+(:\d+)?(\/[A-Za-z0-9._~-]+)*\/?$/.test(settings.url))) {
        add("gitlabCi.url", "`gitlabCi.url` must be the https URL of the GitLab instance, e.g. `https://gitlab.example.com`.");
    }
    providerArnProblem(settings.providerArn, "gitlabCi.providerArn", add);
    const vault = settings.vault;
    if (!readsVault) {
        if (vault !== undefined) add("gitlabCi.vault", "`gitlabCi.vault` is set but none of the consumer's `secrets` is Vault-backed; remove it or list a secret with `backends: [vault]`.");
        return;
    }
    if (settings.projectId === undefined || typeof settings.projectId !== "number" || !Number.isInteger(settings.projectId) || settings.projectId <= 0) {
        add("gitlabCi.projectId", "`gitlabCi.projectId` (the numeric project id, Settings > General) is required to bind the Vault role to one project.");
    }
    if (!isPlainObject(vault)) {
        add("gitlabCi.vault", "reads Vault-backed secrets, so `gitlabCi.vault` is required with `tokenTtlSeconds` and `tokenMaxTtlSeconds` (Vault JWT login).");
        return;
    }
    unknownFields(vault, GITLAB_VAULT_FIELDS, "gitlabCi.vault", add);
    ttlProblems(vault, "gitlabCi.vault", add);
    if (vault.mountPath !== undefined && (typeof vault.mountPath !== "string" || !VAULT_PATH.test(vault.mountPath))) add("gitlabCi.vault.mountPath", "`gitlabCi.vault.mountPath` must be a Vault path such as `jwt-gitlab`.");
    if (vault.createMount !== undefined && typeof vault.createMount !== "boolean") add("gitlabCi.vault.createMount", "`gitlabCi.vault.createMount` must be true or false.");
    if (vault.audience !== undefined && (typeof vault.audience !== "string" || vault.audience === "" || hasWildcard(vault.audience))) add("gitlabCi.vault.audience", "`gitlabCi.vault.audience` must be the exact `aud` of the job's `id_tokens` entry.");
}

function jenkinsProblems(settings: unknown, consumer: Record<string, unknown>, readsAws: boolean, readsVault: boolean, add: (f: string, m: string) => void): void {
    if (!isPlainObject(settings)) return add("jenkins", "`jenkins` must be a map, e.g. `{ instanceProfile: true }`.");
    unknownFields(settings, JENKINS_FIELDS, "jenkins", add);
    if (settings.instanceProfile !== undefined && typeof settings.instanceProfile !== "boolean") add("jenkins.instanceProfile", "`jenkins.instanceProfile` must be true or false.");
    const role = isPlainObject(consumer.role) ? consumer.role : undefined;
    if (readsAws && settings.instanceProfile !== true && role?.existing === undefined) {
        add("jenkins.instanceProfile", "reads AWS secrets: set `jenkins.instanceProfile: true` (an EC2 instance profile for the agents) or `role.existing` (the agents' existing role).");
    }
    if (settings.instanceProfile === true && !readsAws) add("jenkins.instanceProfile", "`jenkins.instanceProfile` is set but none of the consumer's `secrets` is stored on AWS; remove it or list an AWS-backed secret.");
    if (settings.instanceProfile === true && role?.existing !== undefined) add("jenkins.instanceProfile", "give either `jenkins.instanceProfile: true` or `role.existing`, not both.");
    const vault = isPlainObject(consumer.vault) ? consumer.vault : undefined;
    if (readsVault && vault?.appRole === undefined) {
        add("vault.appRole", "a `jenkins` consumer logs in to Vault with AppRole: set `vault.appRole` with `tokenTtlSeconds` and `tokenMaxTtlSeconds`.");
    }
}

/** Problems of the consumer kinds; `readsAws` / `readsVault` say where its secrets live. */
export function federationProblems(consumer: Record<string, unknown>, readsAws: boolean, readsVault: boolean): FieldProblem[] {
    const problems: FieldProblem[] = [];
    const add = (field: string, message: string) => problems.push({ field, message });
    const kinds = CONSUMER_KINDS.filter((k) => consumer[k] !== undefined);
    if (kinds.length > 1) add(kinds[1], `a consumer is one kind: ${kinds.map((k) => `\`${k}\``).join(" and ")} are both set; declare one consumer per kind.`);
    const role = isPlainObject(consumer.role) ? consumer.role : undefined;
    for (const kind of ["githubActions", "gitlabCi"] as const) {
        if (consumer[kind] === undefined) continue;
        if (role !== undefined) add("role", `a \`${kind}\` consumer gets a role trusted by its OIDC provider only; remove \`role\`.`);
        if (consumer.vault !== undefined) add("vault", `a \`${kind}\` consumer ${kind === "gitlabCi" ? "logs in to Vault through `gitlabCi.vault`" : "cannot log in to Vault here"}; remove \`vault\`.`);
    }
    if (consumer.githubActions !== undefined) {
        githubProblems(consumer.githubActions, add);
        if (readsVault) add("githubActions", "a `githubActions` consumer reads AWS secrets only; list Vault-backed secrets in a `gitlabCi` or AppRole consumer, or add `aws` to their `backends`.");
    }
    if (consumer.gitlabCi !== undefined) gitlabProblems(consumer.gitlabCi, readsVault, add);
    if (consumer.jenkins !== undefined) {
        if (role?.assumedBy !== undefined) add("role.assumedBy", "a `jenkins` consumer's role is trusted by EC2 (`jenkins.instanceProfile`); remove `role.assumedBy`.");
        jenkinsProblems(consumer.jenkins, consumer, readsAws, readsVault, add);
    }
    return problems;
}

/** True when the consumer's role (if any) comes from its kind rather than from `role`. */
export function hasFederatedKind(consumer: Record<string, unknown>): boolean {
    return FEDERATED_KINDS.some((k) => consumer[k] !== undefined);
}

/**
 * Problems between consumers: GitLab consumers that share a JWT auth method (one per
 * path) must trust the same GitLab instance, or one would silently verify the other's tokens.
 */
export function sharedIdentityProblems(consumers: Record<string, unknown>): (FieldProblem & { readonly consumer: string })[] {
    const problems: (FieldProblem & { readonly consumer: string })[] = [];
    const issuerByPath = new Map<string, { consumer: string; url: string }>();
    for (const [consumer, raw] of Object.entries(consumers)) {
        const gitlab = isPlainObject(raw) && isPlainObject(raw.gitlabCi) ? raw.gitlabCi : undefined;
        if (gitlab === undefined || !isPlainObject(gitlab.vault)) continue;
        const path = typeof gitlab.vault.mountPath === "string" ? gitlab.vault.mountPath : DEFAULT_GITLAB_JWT_MOUNT;
        const url = (typeof gitlab.url === "string" ? gitlab.url : DEFAULT_GITLAB_URL).replace(/\/+$/, "");
        const first = issuerByPath.get(path);
        if (first === undefined) issuerByPath.set(path, { consumer, url });
        else if (first.url !== url) {
            problems.push({ consumer, field: "gitlabCi.vault.mountPath", message: `its GitLab (${url}) differs from consumer \`${first.consumer}\`'s (${first.url}) on the same JWT auth method \`${path}\`; give it another \`gitlabCi.vault.mountPath\`.` });
        }
    }
    return problems;
}
