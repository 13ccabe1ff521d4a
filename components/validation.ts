// Validation of a whole SecretSet declaration, before any resource exists.
// Every problem names the secret (or setting), the field in backticks and the fix;
// all problems are collected and reported together. No message echoes a value.
import * as pulumi from "@pulumi/pulumi";
import { CLASSIFICATIONS, isClassification, tightenRules } from "../policies/lib/classification";
import { SECRET_NAME_PATTERN, normaliseSecretName } from "../policies/lib/naming";
import { CLASSIFICATION_RULES } from "../policies/lib/classification";
import { crossAccountProblems } from "./crossAccount";
import { checkDeclaration } from "./declarationChecks";
import { isKnown } from "./deferredChecks";
import { kmsKeyProblem } from "./kmsKeyReference";
import { checkLambdaPermissionQuota } from "./rotation/rotationChecks";
import { checkRotatorNames } from "./rotation/rotatorNames";
import type { SecretSetArgs } from "./secretSetArgs";
import { effectiveRules, planSecrets } from "./secretPlan";
import type { VaultSettings } from "./types";
import { validateAuditSettings } from "./audit/auditSettings";

export interface ValidationProblem {
    /** The secret the problem is about; undefined for set-level settings. */
    readonly secret?: string;
    /** The field, as a path inside the secret or the set (`generate.length`, `classifications.confidential.maxRotationDays`). */
    readonly field: string;
    /** A full sentence naming the secret, the field in backticks and the fix. */
    readonly message: string;
}

/**
 * Thrown before any child resource exists; lists every problem found. A RunError,
 * so the CLI prints the message without a stack trace (it is a user error).
 */
export class SecretSetValidationError extends pulumi.RunError {
    constructor(
        readonly setName: string,
        readonly problems: readonly ValidationProblem[],
    ) {
        super(`SecretSet \`${setName}\` has ${problems.length} problem${problems.length === 1 ? "" : "s"}:\n${problems.map((p) => `  - ${p.message}`).join("\n")}`);
        this.name = "SecretSetValidationError";
    }
}

/** Fields of VaultSettings, so an unknown (misspelt) one is reported. */
const VAULT_FIELDS: Record<keyof VaultSettings, true> = { mount: true, createMount: true, maxVersions: true };
/** Keeping one version would lose the previous value on update. */
export const VAULT_MIN_MAX_VERSIONS = 2;
const IDENTIFIER_PATTERN = SECRET_NAME_PATTERN;

function isPlainObject(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

function checkIdentity(args: SecretSetArgs, problems: ValidationProblem[]): void {
    for (const field of ["app", "environment"] as const) {
        const value: unknown = args[field];
        if (typeof value !== "string" || !IDENTIFIER_PATTERN.test(value)) {
            problems.push({ field, message: `Setting \`${field}\` must be lower-case letters, digits and dashes, starting with a letter (it is part of every store name); set \`secretset:${field}\` accordingly.` });
        }
    }
    if (args.owner !== undefined && (typeof args.owner !== "string" || args.owner.trim() === "")) {
        problems.push({ field: "owner", message: "Setting `owner` must be a non-empty string (it becomes the `secretset:owner` tag); set `secretset:owner` or leave it out." });
    }
    if (args.disposable !== undefined && typeof args.disposable !== "boolean") {
        problems.push({ field: "disposable", message: "Setting `disposable` must be true or false; set `secretset:disposable` to true only for environments that may force-delete secrets." });
    }
}

function checkVault(vault: unknown, problems: ValidationProblem[]): void {
    if (vault === undefined) return;
    if (!isPlainObject(vault)) {
        problems.push({ field: "vault", message: "Setting `vault` must be a map with `mount`, `createMount` and `maxVersions`." });
        return;
    }
    for (const field of Object.keys(vault)) {
        if (!(field in VAULT_FIELDS)) {
            problems.push({ field: `vault.${field}`, message: `Setting \`vault.${field}\` is not a known field; use ${Object.keys(VAULT_FIELDS).map((f) => `\`${f}\``).join(", ")}.` });
        }
    }
    const { mount, createMount, maxVersions } = vault as VaultSettings;
    if (mount !== undefined && (typeof mount !== "string" || !/^[A-Za-z0-9][A-Za-z0-9_.-]*(\/[A-Za-z0-9_.-]+)*$/.test(mount))) {
        problems.push({ field: "vault.mount", message: "Setting `vault.mount` must be a mount path without leading or trailing slashes, e.g. `secret`." });
    }
    if (createMount !== undefined && typeof createMount !== "boolean") {
        problems.push({ field: "vault.createMount", message: "Setting `vault.createMount` must be true (create the KV v2 mount) or false (reuse it)." });
    }
    if (maxVersions !== undefined && (!Number.isInteger(maxVersions) || maxVersions < VAULT_MIN_MAX_VERSIONS)) {
        problems.push({ field: "vault.maxVersions", message: `Setting \`vault.maxVersions\` must be a whole number of at least ${VAULT_MIN_MAX_VERSIONS}, so an update never loses the previous value.` });
    }
}

function checkTightenings(args: SecretSetArgs, problems: ValidationProblem[]): void {
    const tightenings: unknown = args.classifications;
    if (tightenings === undefined) return;
    if (!isPlainObject(tightenings)) {
        problems.push({ field: "classifications", message: "Setting `classifications` must be a map from level to tightening, e.g. `confidential: { maxRotationDays: 60 }`." });
        return;
    }
    for (const [level, tightening] of Object.entries(tightenings)) {
        if (!isClassification(level)) {
            problems.push({ field: `classifications.${level}`, message: `Setting \`classifications.${level}\` names an unknown level; use one of ${CLASSIFICATIONS.map((c) => `\`${c}\``).join(", ")}.` });
            continue;
        }
        if (!isPlainObject(tightening)) {
            problems.push({ field: `classifications.${level}`, message: `Setting \`classifications.${level}\` must be a map, e.g. \`{ maxRotationDays: 60 }\`.` });
            continue;
        }
        for (const problem of tightenRules(level, tightening).problems) {
            problems.push({ field: `classifications.${level}.${problem.field}`, message: `Setting \`classifications.${level}\`: ${problem.message}` });
        }
    }
}

function checkNames(args: SecretSetArgs, problems: ValidationProblem[]): void {
    const byNormalForm = new Map<string, string[]>();
    for (const name of Object.keys(args.secrets)) {
        const normal = normaliseSecretName(name);
        byNormalForm.set(normal, [...(byNormalForm.get(normal) ?? []), name]);
    }
    for (const [normal, names] of byNormalForm) {
        if (names.length > 1) {
            problems.push({
                secret: names[0],
                field: "name",
                message: `Secrets ${names.map((n) => `\`${n}\``).join(" and ")} collide: both normalise to \`${normal}\`; keep one of them.`,
            });
        }
    }
    for (const name of Object.keys(args.values ?? {})) {
        if (!(name in args.secrets)) {
            problems.push({
                secret: name,
                field: "value",
                message: `A value is set for \`${name}\` (config key \`secretset:${name}\`) but no secret of that name is declared; declare it under \`secretset:secrets\` or remove it with \`pulumi config rm ${name}\`.`,
            });
        }
    }
}

/** `kmsKeys`: known levels that use a customer-managed key, each a valid reference (Outputs are checked at deployment). */
function checkKmsKeys(kmsKeys: unknown, problems: ValidationProblem[]): void {
    if (kmsKeys === undefined) return;
    if (!isPlainObject(kmsKeys)) {
        problems.push({ field: "kmsKeys", message: "Setting `kmsKeys` must be a map from level to an existing KMS key, e.g. `{ confidential: \"alias/team-secrets\" }`." });
        return;
    }
    for (const [level, key] of Object.entries(kmsKeys)) {
        const field = `kmsKeys.${level}`;
        if (!isClassification(level)) {
            problems.push({ field, message: `Setting \`${field}\` names an unknown level; use one of ${CLASSIFICATIONS.map((c) => `\`${c}\``).join(", ")}.` });
        } else if (!CLASSIFICATION_RULES[level].customerManagedKey) {
            problems.push({ field, message: `Setting \`${field}\`: ${level} secrets are not encrypted with a KMS key; remove it.` });
        } else if (isKnown(key)) {
            const text = kmsKeyProblem(key, `\`${field}\``);
            if (text !== undefined) problems.push({ field, message: `Setting ${text}` });
        }
    }
}

/** Every problem of a declaration; empty when it is valid. Pure. */
export function validateSecretSet(args: SecretSetArgs): ValidationProblem[] {
    const problems: ValidationProblem[] = [];
    checkIdentity(args, problems);
    checkVault(args.vault, problems);
    checkTightenings(args, problems);
    problems.push(...validateAuditSettings(args.audit));
    if (!isPlainObject(args.secrets)) {
        problems.push({ field: "secrets", message: "Setting `secrets` must be a map from secret name to declaration." });
        return problems;
    }
    if (args.values !== undefined && !isPlainObject(args.values)) {
        problems.push({ field: "values", message: "`values` must be a map from secret name to provided value." });
        return problems;
    }
    checkNames(args, problems);
    checkKmsKeys(args.kmsKeys, problems);
    const rules = effectiveRules({ classifications: isPlainObject(args.classifications) ? args.classifications : undefined });
    for (const [name, declaration] of Object.entries(args.secrets)) {
        problems.push(...checkDeclaration(name, declaration, args, rules));
    }
    const stores: Record<string, { storedInSecretsManager: boolean }> = {};
    for (const [name, declaration] of Object.entries(args.secrets)) {
        const d = declaration as Partial<SecretSetArgs["secrets"][string]> | undefined;
        const onAws = (d?.backends ?? ["aws"]).includes("aws");
        stores[name] = { storedInSecretsManager: onAws && isClassification(d?.classification) && rules[d.classification].store === "secretsmanager" };
    }
    problems.push(...crossAccountProblems(args.crossAccountReaders, stores));
    problems.push(...checkLambdaPermissionQuota(args.secrets, args.environment, args.app));
    // Names derive from the plan, which needs a valid declaration.
    if (problems.length === 0) problems.push(...checkRotatorNames(planSecrets(args), args.environment, args.app));
    return problems;
}

/** Throws SecretSetValidationError when the declaration has any problem. */
export function assertValidSecretSet(setName: string, args: SecretSetArgs): void {
    const problems = validateSecretSet(args);
    if (problems.length > 0) {
        throw new SecretSetValidationError(setName, problems);
    }
}
