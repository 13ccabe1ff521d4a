// Checks of one secret's declaration against the classification rules and the
// store limits. Messages: "Secret `<name>`: `<field>` ... <fix>". Values are
// measured, never quoted.
import { CLASSIFICATION_RULES, CLASSIFICATIONS, type Classification, isClassification } from "../policies/lib/classification";
import { SECRETS_MANAGER_MAX_BYTES, SSM_ADVANCED_MAX_BYTES, ssmTierFor } from "../policies/lib/limits";
import { SECRET_NAME_MAX_LENGTH, SECRET_NAME_PATTERN } from "../policies/lib/naming";
import type { SecretSetArgs } from "./secretSetArgs";
import { type EffectiveRules, backendsOf } from "./secretPlan";
import { checkRotationMode } from "./rotation/rotationChecks";
import { type FieldProblem, checkGenerate, checkRecoveryWindow, checkReplicas, checkRotation, unknownFields } from "./specChecks";
import { checkAdopt } from "./adoptChecks";
import { isKnown } from "./deferredChecks";
import type { Backend, ProvidedValue, SecretDeclaration } from "./types";
import type { ValidationProblem } from "./validation";
import { byteLength } from "../policies/lib/limits";
import { valueBytes } from "./valueSource";

const DECLARATION_FIELDS: Record<keyof SecretDeclaration, true> = {
    classification: true, description: true, value: true, generate: true, external: true, backends: true,
    rotation: true, recoveryWindowDays: true, replicas: true, renamedFrom: true, adopt: true,
};
const BACKENDS: readonly Backend[] = ["aws", "vault"];

/** The least sensitive level stored in Secrets Manager: what to suggest for an oversize SSM value. */
const FIRST_SECRETS_MANAGER_LEVEL: Classification | undefined = CLASSIFICATIONS.find((c) => CLASSIFICATION_RULES[c].store === "secretsmanager");

function kb(bytes: number): string {
    return `${bytes / 1024} KB`;
}

/** The fix for a missing or plaintext value: the exact command. */
export function setSecretCommand(name: string): string {
    return `pulumi config set --secret ${name} <value>`;
}

function checkValueSource(name: string, d: SecretDeclaration, provided: ProvidedValue | undefined, mustBeSecret: boolean, literalAllowed: boolean): FieldProblem[] {
    const problems: FieldProblem[] = [];
    const hasValue = d.value !== undefined;
    const hasGenerate = d.generate !== undefined;
    if (hasValue && (typeof d.value !== "string" || d.value === "")) {
        problems.push({ field: "value", text: "`value` must be a non-empty string (the stores reject empty values)." });
    }
    if (d.external !== undefined && typeof d.external !== "boolean") {
        problems.push({ field: "external", text: "`external` must be true or false." });
    }
    if (hasValue && hasGenerate) {
        problems.push({ field: "value", text: "Only one of `value` or `generate` can be given; remove one." });
    }
    if (d.external === true && (hasValue || hasGenerate)) {
        problems.push({ field: "external", text: "`external: true` means SecretSet manages no value; remove `value`/`generate` or `external`." });
    }
    if (d.adopt !== undefined && (hasValue || hasGenerate || d.external === true || provided !== undefined)) {
        problems.push({ field: "adopt", text: "an adopted secret keeps the value it has; remove `value`, `generate`, `external` and any provided value, or `adopt`." });
        return problems;
    }
    if (hasValue && !literalAllowed) {
        problems.push({ field: "value", text: `\`value\` is allowed only for public secrets, because stack files are plain text; remove it and run \`${setSecretCommand(name)}\`.` });
    }
    if (provided !== undefined) {
        if (typeof provided !== "object" || provided === null || provided.value === undefined || (isKnown(provided.value) && providedValueProblem(name, provided.value) !== undefined)) {
            problems.push({ field: "value", text: providedValueProblem(name, undefined) as string });
        } else if (hasValue || hasGenerate || d.external === true) {
            const other = hasValue ? "value" : hasGenerate ? "generate" : "external";
            problems.push({ field: other, text: `the config key \`secretset:${name}\` is set while the declaration gives \`${other}\`; keep one: remove \`${other}\` or run \`pulumi config rm ${name}\`.` });
        } else if (mustBeSecret && provided.fromSecretConfig === false) {
            problems.push({ field: "value", text: `the config key \`secretset:${name}\` holds a plaintext value; a value of this class must be encrypted: run \`${setSecretCommand(name)}\`.` });
        }
    } else if (!hasValue && !hasGenerate && d.external !== true && d.adopt === undefined) {
        const fix = literalAllowed ? `give \`value\`, or run \`pulumi config set ${name} <value>\`` : `run \`${setSecretCommand(name)}\``;
        problems.push({ field: "value", text: `no value: ${fix}, or declare \`generate\` or \`external: true\`.` });
    }
    return problems;
}

function checkBackends(d: SecretDeclaration, args: SecretSetArgs): FieldProblem[] {
    if (d.backends === undefined) return [];
    if (!Array.isArray(d.backends) || d.backends.length === 0) {
        return [{ field: "backends", text: "`backends` must be a non-empty list of `aws` and/or `vault`." }];
    }
    const problems: FieldProblem[] = [];
    for (const backend of d.backends as unknown[]) {
        if (!BACKENDS.includes(backend as Backend)) {
            problems.push({ field: "backends", text: `\`backends\` lists an unknown backend; use \`aws\` and/or \`vault\`.` });
        }
    }
    if (new Set(d.backends).size !== d.backends.length) {
        problems.push({ field: "backends", text: "`backends` lists a backend twice; list each once." });
    }
    if (d.backends.includes("vault") && args.vault === undefined) {
        problems.push({ field: "backends", text: "`backends` includes `vault` but the stack has no Vault settings; add `secretset:vault: { mount: secret }` or remove `vault`." });
    }
    return problems;
}

/** The problem with a provided value (non-empty string), checked at once or inside `apply`. */
export function providedValueProblem(name: string, value: unknown): string | undefined {
    return typeof value === "string" && value !== ""
        ? undefined
        : `the config key \`secretset:${name}\` must hold a non-empty string; run \`${setSecretCommand(name)}\`.`;
}

/** The problem with a value of `bytes` bytes in the chosen stores, or undefined. */
export function sizeProblem(bytes: number, field: string, onSsm: boolean, onSecretsManager: boolean): FieldProblem | undefined {
    if (onSsm && ssmTierFor(bytes) === undefined) {
        const raise = FIRST_SECRETS_MANAGER_LEVEL ? `raise \`classification\` to \`${FIRST_SECRETS_MANAGER_LEVEL}\` (Secrets Manager holds ${kb(SECRETS_MANAGER_MAX_BYTES)}) or ` : "";
        return { field, text: `\`${field}\` is ${bytes} bytes, over the SSM Parameter Store limit of ${kb(SSM_ADVANCED_MAX_BYTES)} (Advanced tier); ${raise}store a smaller value.` };
    }
    if (onSecretsManager && bytes > SECRETS_MANAGER_MAX_BYTES) {
        return { field, text: `\`${field}\` is ${bytes} bytes, over the Secrets Manager limit of ${kb(SECRETS_MANAGER_MAX_BYTES)}; store a smaller value (e.g. keep large data in S3 and store its key here).` };
    }
    return undefined;
}

/** Bytes of a provided value (for the deferred size check of an Output). */
export function providedBytes(value: string): number {
    return byteLength(value);
}

function checkSize(d: SecretDeclaration, provided: ProvidedValue | undefined, onSsm: boolean, onSecretsManager: boolean): FieldProblem[] {
    if (d.value !== undefined && typeof d.value !== "string") return [];
    if (provided !== undefined && (typeof provided !== "object" || provided === null || typeof provided.value !== "string")) return [];
    const bytes = valueBytes(d, provided);
    if (bytes === undefined) return [];
    const problem = sizeProblem(bytes, d.generate !== undefined ? "generate.length" : "value", onSsm, onSecretsManager);
    return problem === undefined ? [] : [problem];
}

function checkRename(name: string, renamedFrom: unknown, args: SecretSetArgs): FieldProblem[] {
    if (renamedFrom === undefined) return [];
    if (typeof renamedFrom !== "string" || !SECRET_NAME_PATTERN.test(renamedFrom)) {
        return [{ field: "renamedFrom", text: "`renamedFrom` must be the previous secret name (lower-case letters, digits, dashes)." }];
    }
    if (renamedFrom in args.secrets) {
        return [{ field: "renamedFrom", text: `\`renamedFrom\` names \`${renamedFrom}\`, which is still declared; remove \`renamedFrom\` or the old declaration.` }];
    }
    const others = Object.entries(args.secrets).filter(([other, d]) => other !== name && (d as Partial<SecretDeclaration> | undefined)?.renamedFrom === renamedFrom);
    if (others.length > 0) {
        return [{ field: "renamedFrom", text: `\`renamedFrom\` \`${renamedFrom}\` is claimed by \`${others[0][0]}\` too; only one secret can take over a previous name.` }];
    }
    return [];
}

/** Every problem of one declaration. */
export function checkDeclaration(name: string, declaration: unknown, args: SecretSetArgs, rules: EffectiveRules): ValidationProblem[] {
    const problems: FieldProblem[] = [];
    if (!SECRET_NAME_PATTERN.test(name) || name.length > SECRET_NAME_MAX_LENGTH) {
        problems.push({ field: "name", text: `the name must be lower-case letters, digits and dashes, starting with a letter, at most ${SECRET_NAME_MAX_LENGTH} characters; rename it (e.g. \`${name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^[^a-z]+|-+$/g, "") || "my-secret"}\`).` });
    }
    const finish = (): ValidationProblem[] => problems.map((p) => ({ secret: name, field: p.field, message: `Secret \`${name}\`: ${p.text}` }));
    if (typeof declaration !== "object" || declaration === null || Array.isArray(declaration)) {
        problems.push({ field: "classification", text: "the declaration must be a map with at least `classification`." });
        return finish();
    }
    const d = declaration as SecretDeclaration;
    problems.push(...unknownFields(declaration as Record<string, unknown>, DECLARATION_FIELDS, ""));
    if (!isClassification(d.classification)) {
        problems.push({ field: "classification", text: `\`classification\` must be one of ${CLASSIFICATIONS.map((c) => `\`${c}\``).join(", ")}.` });
        return finish();
    }
    const level = d.classification;
    const levelRules = rules[level];
    const provided = args.values?.[name];
    if (d.description !== undefined && typeof d.description !== "string") {
        problems.push({ field: "description", text: "`description` must be a string." });
    }
    problems.push(...checkValueSource(name, d, provided, levelRules.valueMustBeSecret, levelRules.literalValueAllowed));
    const backendProblems = checkBackends(d, args);
    problems.push(...backendProblems);
    const backends = backendProblems.length === 0 ? backendsOf(d) : [];
    const awsStore = backends.includes("aws") ? levelRules.store : undefined;
    const onSecretsManager = awsStore === "secretsmanager";
    const onSsm = awsStore === "ssm-string" || awsStore === "ssm-securestring";

    if (d.generate !== undefined) {
        problems.push(...checkGenerate(d.generate));
        if (d.generate?.keepOutOfState === true && (!onSecretsManager || backends.includes("vault"))) {
            problems.push({ field: "generate.keepOutOfState", text: "`generate.keepOutOfState` needs Secrets Manager as the only store (the rotator writes the first value there); use a confidential or restricted classification with `backends: [aws]`, or drop `keepOutOfState`." });
        }
    }
    if (d.rotation !== undefined) {
        if (!levelRules.valueMustBeSecret) {
            problems.push({ field: "rotation", text: `\`rotation\` does not apply to ${level} secrets; remove it or raise \`classification\`.` });
        } else {
            problems.push(...checkRotation(d.rotation, levelRules, level));
        }
    }
    // Who writes new values, checked against where the value comes from and where it lives.
    // (A literal `value` in a rotating class is already refused above.)
    if (d.value === undefined && ((d.rotation !== undefined && levelRules.valueMustBeSecret) || (d.rotation === undefined && levelRules.rotationRequired))) {
        problems.push(...checkRotationMode(name, d, provided, onSecretsManager, backends.includes("vault")));
    }
    if (d.recoveryWindowDays !== undefined) {
        problems.push(...(onSecretsManager
            ? checkRecoveryWindow(d.recoveryWindowDays, levelRules, level, args.disposable === true)
            : [{ field: "recoveryWindowDays", text: "`recoveryWindowDays` applies only to secrets stored in Secrets Manager on AWS; remove it." }]));
    }
    if (d.replicas !== undefined) {
        problems.push(...(onSecretsManager
            ? checkReplicas(d.replicas)
            : [{ field: "replicas", text: "`replicas` applies only to secrets stored in Secrets Manager on AWS; remove it." }]));
    }
    problems.push(...checkSize(d, provided, onSsm, onSecretsManager));
    if (d.adopt !== undefined) problems.push(...checkAdopt(d.adopt, { onSsm, onSecretsManager, onVault: backends.includes("vault"), createsVaultMount: args.vault?.createMount !== false }));
    problems.push(...checkRename(name, d.renamedFrom, args));
    return finish();
}
