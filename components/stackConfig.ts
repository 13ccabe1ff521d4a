// Reads the SecretSet settings out of a stack's configuration, as plain values,
// and says everything that is wrong with them before a resource exists. Pure:
// index.ts passes the engine's config (`pulumi.runtime.allConfig()`), the offline
// preview passes the parsed Pulumi.<stack>.yaml, so both judge a stack the same way.
import type { AuditSettings } from "./audit/auditSettings";
import { CONFIG_NAMESPACE, configKeyProblems, SETTING_KEYS } from "./configKeys";
import { validateConsumers } from "./consumers";
import type { SecretSetArgs } from "./secretSetArgs";
import type { ClassificationTightenings, CrossAccountReader, ExistingKmsKeys, ProvidedValue, SecretDeclaration, VaultSettings } from "./types";
import { validateSecretSet, ValidationProblem } from "./validation";

export interface StackConfigSource {
    /** Fully qualified key (`secretset:app`) to the raw string the engine hands the program. */
    readonly values: Readonly<Record<string, string>>;
    /** True when the key was set with `--secret` (encrypted in the stack file). */
    isSecret(key: string): boolean;
    /** Stack name: the default environment. */
    readonly stack: string;
}

export interface SecretSetConfig {
    readonly setArgs: SecretSetArgs;
    readonly consumers: unknown;
    /** Every problem; the stack must not be deployed unless this is empty. */
    readonly problems: ValidationProblem[];
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A map-valued setting: JSON in the engine's config; wrong shapes become problems, never throws. */
function readMap<T>(source: StackConfigSource, name: string, problems: ValidationProblem[]): T | undefined {
    const raw = source.values[`${CONFIG_NAMESPACE}:${name}`];
    if (raw === undefined) return undefined;
    let parsed: unknown;
    try {
        parsed = JSON.parse(raw);
    } catch {
        parsed = undefined;
    }
    if (!isPlainObject(parsed)) {
        problems.push({ field: name, message: `Stack config \`${CONFIG_NAMESPACE}:${name}\` must be a map; see docs/configuration.md.` });
        return undefined;
    }
    return parsed as T;
}

/** Any JSON value (as `config.getObject`); text that is not JSON is a problem. */
function readJson<T>(source: StackConfigSource, name: string, problems: ValidationProblem[]): T | undefined {
    const raw = source.values[`${CONFIG_NAMESPACE}:${name}`];
    if (raw === undefined) return undefined;
    try {
        return JSON.parse(raw) as T;
    } catch {
        problems.push({ field: name, message: `Stack config \`${CONFIG_NAMESPACE}:${name}\` must be a map; see docs/configuration.md.` });
        return undefined;
    }
}

function readBoolean(source: StackConfigSource, name: string, problems: ValidationProblem[]): boolean | undefined {
    const raw = source.values[`${CONFIG_NAMESPACE}:${name}`];
    if (raw === undefined) return undefined;
    if (raw === "true" || raw === "false") return raw === "true";
    problems.push({ field: name, message: `Stack config \`${CONFIG_NAMESPACE}:${name}\` must be true or false.` });
    return undefined;
}

export function readSecretSetConfig(source: StackConfigSource): SecretSetConfig {
    const problems: ValidationProblem[] = [];
    const declarations = readMap<Record<string, SecretDeclaration>>(source, "secrets", problems) ?? {};
    const names = Object.keys(declarations);
    for (const name of names.filter((n) => (SETTING_KEYS as readonly string[]).includes(n))) {
        problems.push({ secret: name, field: "secrets", message: `Secret \`${name}\` in \`${CONFIG_NAMESPACE}:secrets\` clashes with the setting \`${CONFIG_NAMESPACE}:${name}\`; rename the secret (e.g. \`${name}-secret\`).` });
    }
    problems.push(...configKeyProblems(Object.keys(source.values), names).map((p) => ({ field: p.key, message: p.message })));

    const app = source.values[`${CONFIG_NAMESPACE}:app`];
    if (app === undefined || app.trim() === "") {
        problems.push({ field: "app", message: `Setting \`${CONFIG_NAMESPACE}:app\` is required and must not be empty (it is part of every store name); set it with \`pulumi config set app <name>\`.` });
    }
    const values: Record<string, ProvidedValue> = {};
    for (const name of names) {
        const key = `${CONFIG_NAMESPACE}:${name}`;
        const raw = source.values[key];
        if (raw !== undefined) values[name] = { value: raw, fromSecretConfig: source.isSecret(key) };
    }
    const setArgs: SecretSetArgs = {
        app: app ?? "",
        environment: source.values[`${CONFIG_NAMESPACE}:environment`] ?? source.stack,
        owner: source.values[`${CONFIG_NAMESPACE}:owner`],
        disposable: readBoolean(source, "disposable", problems) ?? false,
        secrets: declarations,
        values,
        vault: readMap<VaultSettings>(source, "vault", problems),
        classifications: readMap<ClassificationTightenings>(source, "classifications", problems),
        // Any shape: validateSecretSet reports what is wrong with it, field by field.
        audit: readJson<AuditSettings>(source, "audit", problems),
        kmsKeys: readMap<ExistingKmsKeys>(source, "kmsKeys", problems),
        // A list; validateSecretSet reports a wrong shape, entry by entry.
        crossAccountReaders: readJson<CrossAccountReader[]>(source, "crossAccountReaders", problems),
    };
    const consumers = readMap<unknown>(source, "consumers", problems);
    const appProblemGiven = problems.some((p) => p.field === "app");
    problems.push(...validateSecretSet(setArgs).filter((p) => !(appProblemGiven && p.field === "app")));
    problems.push(...validateConsumers(consumers, declarations).map((p) => ({ field: `consumers.${p.consumer}.${p.field}`, message: p.message })));
    return { setArgs, consumers, problems };
}
