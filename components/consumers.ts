// Consumers of a SecretSet declared in stack config (`secretset:consumers`): who
// reads which secrets, through which role, CodeBuild project or Vault AppRole.
// `validateConsumers` is pure and reports every problem before anything exists.
import { SECRET_NAME_PATTERN } from "../policies/lib/naming";
import { CODEBUILD_FIELDS, type CodeBuildSettings, ENVIRONMENT_VARIABLE_NAME_PATTERN } from "./codebuild";
import type { SecretDeclaration } from "./types";
import { type AppRoleSettings, appRoleProblems } from "./vaultAccess";
import { federationProblems, hasFederatedKind, sharedIdentityProblems } from "./federation/federationChecks";
import type { GitHubActionsSettings, GitLabCiSettings, JenkinsSettings } from "./federation/oidcSubjects";
import { type PipelineSettings, pipelineProblems } from "./pipeline/pipelineSettings";
import { existsSync } from "fs";

export interface ConsumerRoleSettings {
    /** Service principals that may assume a new role, e.g. ["ecs-tasks.amazonaws.com"]. @default ["codebuild.amazonaws.com"] with `codebuild` */
    readonly assumedBy?: readonly string[];
    /** Name or ARN of an existing role to grant to instead of creating one. @default none */
    readonly existing?: string;
}

export interface ConsumerVaultSettings {
    /** Also allow reading `metadata/` (versions, custom metadata). @default false */
    readonly includeMetadata?: boolean;
    /** Bind an AppRole role with bounded token TTLs to the consumer's policy. @default none */
    readonly appRole?: AppRoleSettings;
}

export interface ConsumerDeclaration {
    /** Declared secrets this consumer may read (AWS grants and Vault policy both come from this list). */
    readonly secrets: readonly string[];
    readonly role?: ConsumerRoleSettings;
    readonly codebuild?: CodeBuildSettings;
    readonly vault?: ConsumerVaultSettings;
    /** GitHub Actions runs of one repository and ref assume the role through OIDC (docs/ci-cd.md). */
    readonly githubActions?: GitHubActionsSettings;
    /** GitLab CI jobs of one project and ref: OIDC into AWS, JWT login into Vault (docs/ci-cd.md). */
    readonly gitlabCi?: GitLabCiSettings;
    /** Jenkins agents: an EC2 instance profile, and/or `vault.appRole` (docs/ci-cd.md). */
    readonly jenkins?: JenkinsSettings;
    /** With `codebuild`: a CodePipeline (S3 or CodeStar source) whose build stage pushes the image (docs/ci-cd.md). */
    readonly pipeline?: PipelineSettings;
}

export const CONSUMER_FIELDS: readonly (keyof ConsumerDeclaration)[] = ["secrets", "role", "codebuild", "vault", "githubActions", "gitlabCi", "jenkins", "pipeline"];
const ROLE_FIELDS: readonly (keyof ConsumerRoleSettings)[] = ["assumedBy", "existing"];
const VAULT_FIELDS: readonly (keyof ConsumerVaultSettings)[] = ["includeMetadata", "appRole"];
const SERVICE_PRINCIPAL_PATTERN = /^[a-z0-9][a-z0-9.-]*\.amazonaws\.com$/;
const ROLE_NAME_OR_ARN_PATTERN = /^(arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+|[\w+=,.@-]{1,64})$/;
/** Retention values CloudWatch Logs accepts. */
export const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

export interface ConsumerProblem {
    readonly consumer: string;
    readonly field: string;
    readonly message: string;
}

export class ConsumerValidationError extends Error {
    constructor(readonly problems: readonly ConsumerProblem[]) {
        super(`Invalid \`secretset:consumers\` (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n${problems.map((p) => `  - ${p.message}`).join("\n")}`);
        this.name = "ConsumerValidationError";
    }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

function backendsOf(declaration: SecretDeclaration): readonly string[] {
    return declaration.backends ?? ["aws"];
}

/** Every problem in the consumers, each naming the consumer, the field (in backticks) and the fix. */
export function validateConsumers(consumers: unknown, declarations: Readonly<Record<string, SecretDeclaration>>): ConsumerProblem[] {
    const problems: ConsumerProblem[] = [];
    if (consumers === undefined) return problems;
    if (!isPlainObject(consumers)) {
        return [{ consumer: "", field: "consumers", message: "`secretset:consumers` must be a map of consumer name to settings." }];
    }
    for (const [name, raw] of Object.entries(consumers)) {
        const add = (field: string, message: string) => problems.push({ consumer: name, field, message: `Consumer \`${name}\`: ${message}` });
        if (!SECRET_NAME_PATTERN.test(name)) {
            add("name", "the name must be lower-case letters, digits and dashes, starting with a letter (it is used in resource names).");
        }
        if (!isPlainObject(raw)) {
            add("", `settings must be a map with \`secrets\` and optionally ${CONSUMER_FIELDS.filter((f) => f !== "secrets").map((f) => `\`${f}\``).join(", ")}.`);
            continue;
        }
        for (const field of Object.keys(raw)) {
            if (!(CONSUMER_FIELDS as readonly string[]).includes(field)) {
                add(field, `unknown field \`${field}\`; a consumer has ${CONSUMER_FIELDS.map((f) => `\`${f}\``).join(", ")}.`);
            }
        }
        const secrets = raw.secrets;
        const known: string[] = [];
        if (!Array.isArray(secrets) || secrets.length === 0 || !secrets.every((s) => typeof s === "string")) {
            add("secrets", "`secrets` must be a non-empty list of declared secret names, e.g. `secrets: [registry-url]`.");
        } else {
            for (const secret of secrets as string[]) {
                if (declarations[secret] === undefined) {
                    add("secrets", `\`secrets\` names \`${secret}\`, which is not declared; declare it under \`secretset:secrets\` or remove it.`);
                } else if (known.includes(secret)) {
                    add("secrets", `\`secrets\` lists \`${secret}\` twice; remove the duplicate.`);
                } else {
                    known.push(secret);
                }
            }
        }
        const onAws = known.filter((s) => backendsOf(declarations[s]).includes("aws"));
        const onVault = known.filter((s) => backendsOf(declarations[s]).includes("vault"));
        problems.push(...roleProblems(name, raw, onAws.length > 0));
        problems.push(...codeBuildProblems(name, raw.codebuild, known, declarations));
        problems.push(...vaultProblems(name, raw.vault, onVault.length > 0));
        for (const p of federationProblems(raw, onAws.length > 0, onVault.length > 0)) add(p.field, p.message);
        // The source directory is read relative to the Pulumi project, as FileArchive reads it.
        if (raw.pipeline !== undefined) for (const p of pipelineProblems(raw.pipeline, raw.codebuild, (dir) => existsSync(dir))) add(p.field, p.message);
    }
    for (const p of sharedIdentityProblems(consumers)) problems.push({ consumer: p.consumer, field: p.field, message: `Consumer \`${p.consumer}\`: ${p.message}` });
    return problems;
}

/** Throws one ConsumerValidationError listing every problem; call before creating anything. */
export function assertValidConsumers(consumers: unknown, declarations: Readonly<Record<string, SecretDeclaration>>): void {
    const problems = validateConsumers(consumers, declarations);
    if (problems.length > 0) throw new ConsumerValidationError(problems);
}

function roleProblems(name: string, consumer: Record<string, unknown>, readsAws: boolean): ConsumerProblem[] {
    const problems: ConsumerProblem[] = [];
    const add = (field: string, message: string) => problems.push({ consumer: name, field, message: `Consumer \`${name}\`: ${message}` });
    const role = consumer.role;
    if (role === undefined) {
        if (readsAws && consumer.codebuild === undefined && !hasFederatedKind(consumer)) {
            add("role", "reads AWS secrets but has no `role`; set `role.assumedBy` (e.g. [ecs-tasks.amazonaws.com]) or `role.existing` (a role name or ARN).");
        }
        return problems;
    }
    if (!isPlainObject(role)) {
        add("role", "`role` must be a map with `assumedBy` or `existing`.");
        return problems;
    }
    for (const field of Object.keys(role)) {
        if (!(ROLE_FIELDS as readonly string[]).includes(field)) add(`role.${field}`, `unknown field \`role.${field}\`; use \`role.assumedBy\` or \`role.existing\`.`);
    }
    if (!readsAws) add("role", "`role` is set but none of its `secrets` is stored on AWS; remove `role` or add an AWS-backed secret.");
    if (role.assumedBy !== undefined && role.existing !== undefined) add("role", "give either `role.assumedBy` (new role) or `role.existing` (existing role), not both.");
    if (role.assumedBy === undefined && role.existing === undefined && consumer.codebuild === undefined) {
        add("role", "`role` needs `assumedBy` (service principals of a new role) or `existing` (a role name or ARN).");
    }
    if (role.assumedBy !== undefined && (!Array.isArray(role.assumedBy) || role.assumedBy.length === 0 || !role.assumedBy.every((p) => typeof p === "string" && SERVICE_PRINCIPAL_PATTERN.test(p)))) {
        add("role.assumedBy", "`role.assumedBy` must be a non-empty list of service principals such as `codebuild.amazonaws.com`.");
    }
    if (role.existing !== undefined && (typeof role.existing !== "string" || !ROLE_NAME_OR_ARN_PATTERN.test(role.existing))) {
        add("role.existing", "`role.existing` must be an IAM role name or a role ARN (arn:aws:iam::<account>:role/<name>); no wildcards.");
    }
    if (role.existing !== undefined && consumer.codebuild !== undefined) {
        add("role.existing", "a `codebuild` consumer gets a role of its own; remove `role.existing` (use `role.assumedBy` to add principals).");
    }
    return problems;
}

function codeBuildProblems(name: string, codebuild: unknown, known: readonly string[], declarations: Readonly<Record<string, SecretDeclaration>>): ConsumerProblem[] {
    const problems: ConsumerProblem[] = [];
    if (codebuild === undefined) return problems;
    const add = (field: string, message: string) => problems.push({ consumer: name, field, message: `Consumer \`${name}\`: ${message}` });
    if (!isPlainObject(codebuild)) {
        add("codebuild", "`codebuild` must be a map with `environmentVariables` (env var name -> secret name).");
        return problems;
    }
    for (const field of Object.keys(codebuild)) {
        if (!(CODEBUILD_FIELDS as readonly string[]).includes(field)) {
            add(`codebuild.${field}`, `unknown field \`codebuild.${field}\`; CodeBuild settings are ${CODEBUILD_FIELDS.map((f) => `\`${f}\``).join(", ")}.`);
        }
    }
    for (const flag of ["createProject", "privilegedMode"] as const) {
        if (codebuild[flag] !== undefined && typeof codebuild[flag] !== "boolean") add(`codebuild.${flag}`, `\`codebuild.${flag}\` must be true or false.`);
    }
    for (const text of ["image", "computeType", "buildspec"] as const) {
        if (codebuild[text] !== undefined && (typeof codebuild[text] !== "string" || codebuild[text] === "")) add(`codebuild.${text}`, `\`codebuild.${text}\` must be a non-empty string.`);
    }
    const retention = codebuild.logRetentionDays;
    if (retention !== undefined && !LOG_RETENTION_DAYS.includes(retention as number)) {
        add("codebuild.logRetentionDays", `\`codebuild.logRetentionDays\` must be one of CloudWatch's values: ${LOG_RETENTION_DAYS.join(", ")}.`);
    }
    const variables = codebuild.environmentVariables;
    if (!isPlainObject(variables) || Object.keys(variables).length === 0) {
        add("codebuild.environmentVariables", "`codebuild.environmentVariables` must map at least one env var name to a secret, e.g. `{ DOCKER_PASSWORD: docker-password }`.");
        return problems;
    }
    for (const [variable, secret] of Object.entries(variables)) {
        const field = `codebuild.environmentVariables.${variable}`;
        if (!ENVIRONMENT_VARIABLE_NAME_PATTERN.test(variable) || variable.startsWith("CODEBUILD_")) {
            add(field, `\`${field}\`: \`${variable}\` is not a usable env var name; use letters, digits and _ and do not start with CODEBUILD_.`);
        }
        if (typeof secret !== "string" || declarations[secret] === undefined) {
            add(field, `\`${field}\` must name a declared secret; declare it under \`secretset:secrets\` and list it in \`secrets\`.`);
        } else if (!known.includes(secret)) {
            add(field, `\`${field}\` names \`${secret}\`, which is not in this consumer's \`secrets\`; add it there (grants come only from that list).`);
        } else if (!backendsOf(declarations[secret]).includes("aws")) {
            add(field, `\`${field}\` names \`${secret}\`, which is stored only in Vault; CodeBuild reads SSM or Secrets Manager, so add "aws" to its \`backends\` or read it from Vault in the build.`);
        }
    }
    return problems;
}

function vaultProblems(name: string, vaultSettings: unknown, readsVault: boolean): ConsumerProblem[] {
    const problems: ConsumerProblem[] = [];
    if (vaultSettings === undefined) return problems;
    const add = (field: string, message: string) => problems.push({ consumer: name, field, message: `Consumer \`${name}\`: ${message}` });
    if (!isPlainObject(vaultSettings)) {
        add("vault", "`vault` must be a map with `includeMetadata` and/or `appRole`.");
        return problems;
    }
    for (const field of Object.keys(vaultSettings)) {
        if (!(VAULT_FIELDS as readonly string[]).includes(field)) add(`vault.${field}`, `unknown field \`vault.${field}\`; use \`vault.includeMetadata\` or \`vault.appRole\`.`);
    }
    if (!readsVault) {
        add("vault", "`vault` is set but none of its `secrets` is Vault-backed; remove `vault` or list a secret with `backends: [vault]`.");
    }
    if (vaultSettings.includeMetadata !== undefined && typeof vaultSettings.includeMetadata !== "boolean") {
        add("vault.includeMetadata", "`vault.includeMetadata` must be true or false.");
    }
    if (vaultSettings.appRole !== undefined) {
        if (!isPlainObject(vaultSettings.appRole)) {
            add("vault.appRole", "`vault.appRole` must be a map with `tokenTtlSeconds` and `tokenMaxTtlSeconds`.");
        } else {
            for (const p of appRoleProblems(vaultSettings.appRole as unknown as AppRoleSettings, "vault.appRole")) add(p.field, p.message);
        }
    }
    return problems;
}
