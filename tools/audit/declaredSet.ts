// The declared set of a stack, read the way the program reads it: the stack file
// through the offline preview's reader, the declaration through SecretSet's own
// validation and plan (same names, stores, keys, rotation). Nothing is decrypted.
import { planSecrets, type SecretPlan } from "../../components/secretPlan";
import { DEFAULT_VAULT_MAX_VERSIONS, DEFAULT_VAULT_MOUNT, type SecretSetArgs } from "../../components/secretSetArgs";
import type { ProvidedValue } from "../../components/types";
import { validateSecretSet } from "../../components/validation";
import type { AuditSettings } from "../../components/audit/auditSettings";
import { InputError } from "../preview/inputError";
import { PROJECT, readStackConfig } from "../preview/stackConfig";

export interface DeclaredSet {
    readonly stack: string;
    readonly app: string;
    readonly environment: string;
    /** AWS region from the stack file (`aws:region`), when set. */
    readonly region?: string;
    readonly plans: readonly SecretPlan[];
    /** Set when a secret is Vault-backed. */
    readonly vault?: { readonly mount: string; readonly maxVersions: number; readonly createMount: boolean };
    readonly audit?: AuditSettings;
}

function parsed(config: Record<string, string>, key: string): unknown {
    const raw = config[`${PROJECT}:${key}`];
    if (raw === undefined) return undefined;
    try {
        return JSON.parse(raw) as unknown;
    } catch {
        return raw; // a plain string setting (app, owner, environment)
    }
}

export function declaredSetOf(config: Record<string, string>, secretKeys: readonly string[], stack: string, source: string): DeclaredSet {
    const app = parsed(config, "app");
    if (typeof app !== "string" || app === "") throw new InputError(`${source} has no \`${PROJECT}:app\`; the audit needs the app name the secrets are tagged with.`);
    const environment = parsed(config, "environment") ?? stack;
    const secrets = (parsed(config, "secrets") ?? {}) as SecretSetArgs["secrets"];
    const values: Record<string, ProvidedValue> = {};
    for (const name of Object.keys(typeof secrets === "object" && secrets !== null ? secrets : {})) {
        const key = `${PROJECT}:${name}`;
        if (config[key] !== undefined) values[name] = { value: config[key], fromSecretConfig: secretKeys.includes(key) };
    }
    const args: SecretSetArgs = {
        app,
        environment: String(environment),
        owner: parsed(config, "owner") as string | undefined,
        disposable: parsed(config, "disposable") === true,
        secrets,
        values,
        vault: parsed(config, "vault") as SecretSetArgs["vault"],
        classifications: parsed(config, "classifications") as SecretSetArgs["classifications"],
        audit: parsed(config, "audit") as AuditSettings | undefined,
    };
    // Values are never needed: the config's unset or encrypted ones are placeholders.
    const problems = validateSecretSet(args).filter((p) => !/pulumi config set --secret/.test(p.message));
    if (problems.length > 0) throw new InputError(`${source}: the declaration has ${problems.length} problem(s): ${problems.map((p) => p.message).join(" ")}`);
    const plans = planSecrets(args);
    const region = config["aws:region"];
    return {
        stack,
        app,
        environment: args.environment,
        ...(region !== undefined ? { region } : {}),
        plans,
        ...(plans.some((p) => p.vault !== undefined)
            ? { vault: { mount: args.vault?.mount ?? DEFAULT_VAULT_MOUNT, maxVersions: args.vault?.maxVersions ?? DEFAULT_VAULT_MAX_VERSIONS, createMount: args.vault?.createMount !== false } }
            : {}),
        ...(args.audit !== undefined ? { audit: args.audit } : {}),
    };
}

export function readDeclaredSet(file: string, stack: string): DeclaredSet {
    const config = readStackConfig(file);
    return declaredSetOf(config.config, config.secretKeys, stack, file);
}
