// Read access to Vault-backed secrets: a vault.Policy on the exact KV v2 paths and,
// optionally, an AppRole role bound to it whose tokens live a bounded time.
import * as pulumi from "@pulumi/pulumi";
import * as vault from "@pulumi/vault";
import { renderVaultReadPolicy } from "./vaultPolicyDocument";

/** Longest token (and secret ID) lifetime an AppRole consumer may ask for: one day. */
export const APPROLE_MAX_TTL_SECONDS = 24 * 60 * 60;
/** Mount path of the AppRole auth method when none is given. */
export const DEFAULT_APPROLE_MOUNT_PATH = "approle";

export interface AppRoleSettings {
    /** Lifetime of a token issued by the role, in seconds. Required. */
    readonly tokenTtlSeconds: number;
    /** Longest a token may be renewed to, in seconds (<= 86400). Required. */
    readonly tokenMaxTtlSeconds: number;
    /** Lifetime of a secret ID, in seconds (<= 86400). @default 86400 */
    readonly secretIdTtlSeconds?: number;
    /** Path of the AppRole auth method. @default "approle" */
    readonly mountPath?: string;
    /** Enable the auth method at `mountPath` (true) or reuse one already enabled (false). @default true */
    readonly createMount?: boolean;
}

export const APPROLE_FIELDS: readonly (keyof AppRoleSettings)[] = ["tokenTtlSeconds", "tokenMaxTtlSeconds", "secretIdTtlSeconds", "mountPath", "createMount"];

export interface AccessProblem {
    /** The field, relative to where the settings were given (e.g. `appRole.tokenTtlSeconds`). */
    readonly field: string;
    readonly message: string;
}

function isWholeSeconds(value: unknown): value is number {
    return typeof value === "number" && Number.isInteger(value) && value > 0;
}

/** Every problem with AppRole settings: missing or unbounded TTLs, ttl above max ttl, unknown fields. */
export function appRoleProblems(settings: AppRoleSettings, prefix = "appRole"): AccessProblem[] {
    const problems: AccessProblem[] = [];
    for (const field of Object.keys(settings)) {
        if (!(APPROLE_FIELDS as readonly string[]).includes(field)) {
            problems.push({ field: `${prefix}.${field}`, message: `Unknown field \`${prefix}.${field}\`; AppRole settings are ${APPROLE_FIELDS.map((f) => `\`${f}\``).join(", ")}.` });
        }
    }
    const bounded = (field: "tokenTtlSeconds" | "tokenMaxTtlSeconds" | "secretIdTtlSeconds", required: boolean) => {
        const value = settings[field];
        if (value === undefined) {
            if (required) {
                problems.push({ field: `${prefix}.${field}`, message: `\`${prefix}.${field}\` is required; tokens must expire (e.g. 3600, at most ${APPROLE_MAX_TTL_SECONDS}).` });
            }
            return false;
        }
        if (!isWholeSeconds(value) || value > APPROLE_MAX_TTL_SECONDS) {
            problems.push({ field: `${prefix}.${field}`, message: `\`${prefix}.${field}\` must be a whole number of seconds from 1 to ${APPROLE_MAX_TTL_SECONDS} (one day).` });
            return false;
        }
        return true;
    };
    const ttlOk = bounded("tokenTtlSeconds", true);
    const maxOk = bounded("tokenMaxTtlSeconds", true);
    bounded("secretIdTtlSeconds", false);
    if (ttlOk && maxOk && settings.tokenTtlSeconds > settings.tokenMaxTtlSeconds) {
        problems.push({
            field: `${prefix}.tokenTtlSeconds`,
            message: `\`${prefix}.tokenTtlSeconds\` (${settings.tokenTtlSeconds}) exceeds \`${prefix}.tokenMaxTtlSeconds\` (${settings.tokenMaxTtlSeconds}); lower the TTL or raise the max TTL.`,
        });
    }
    if (settings.mountPath !== undefined && (typeof settings.mountPath !== "string" || !/^[A-Za-z0-9][A-Za-z0-9_\-/]*$/.test(settings.mountPath))) {
        problems.push({ field: `${prefix}.mountPath`, message: `\`${prefix}.mountPath\` must be a Vault path such as "approle" (letters, digits, -, _, /).` });
    }
    if (settings.createMount !== undefined && typeof settings.createMount !== "boolean") {
        problems.push({ field: `${prefix}.createMount`, message: `\`${prefix}.createMount\` must be true or false.` });
    }
    return problems;
}

export interface VaultReadAccessArgs {
    /** Name of the Vault policy (and of the AppRole role), e.g. `dev-ci-pipeline-partner-agents`. */
    readonly policyName: string;
    /** KV v2 mount of the secrets. */
    readonly mount: pulumi.Input<string>;
    /** Secret paths inside the mount, e.g. `dev/ci-pipeline/partner-token`. */
    readonly paths: readonly string[];
    /** Also grant `read` on `metadata/` (versions, custom metadata). @default false */
    readonly includeMetadata?: boolean;
    /** Bind an AppRole role to the policy. @default none */
    readonly appRole?: AppRoleSettings;
    /** Path of the AppRole auth method when it is created elsewhere (see `createAppRoleMount`). */
    readonly appRoleMountPath?: pulumi.Input<string>;
}

export interface VaultReadAccess {
    readonly policy: vault.Policy;
    readonly appRole?: vault.approle.AuthBackendRole;
}

/** Enables the AppRole auth method once per path; share the result between consumers. */
export function createAppRoleMount(resourceName: string, path: string, opts?: pulumi.CustomResourceOptions): vault.AuthBackend {
    return new vault.AuthBackend(resourceName, { type: "approle", path, description: "AppRole logins of SecretSet consumers" }, opts);
}

/**
 * Creates the read policy and, when asked, the AppRole role. Throws on bad TTLs
 * (validate earlier with `appRoleProblems` to report them with the rest).
 */
export function createVaultReadAccess(resourceName: string, args: VaultReadAccessArgs, opts?: pulumi.CustomResourceOptions): VaultReadAccess {
    if (args.paths.length === 0) {
        throw new Error(`Vault policy \`${args.policyName}\` would grant nothing; give at least one Vault-backed secret.`);
    }
    const policy = new vault.Policy(
        `${resourceName}-policy`,
        {
            name: args.policyName,
            policy: pulumi.output(args.mount).apply((mount) => renderVaultReadPolicy({ mount, paths: args.paths, includeMetadata: args.includeMetadata ?? false })),
        },
        opts,
    );
    if (args.appRole === undefined) {
        return { policy };
    }
    const problems = appRoleProblems(args.appRole);
    if (problems.length > 0) {
        throw new Error(problems.map((p) => `AppRole \`${args.policyName}\`: ${p.message}`).join("\n"));
    }
    const appRole = new vault.approle.AuthBackendRole(
        `${resourceName}-approle`,
        {
            backend: args.appRoleMountPath ?? args.appRole.mountPath ?? DEFAULT_APPROLE_MOUNT_PATH,
            roleName: args.policyName,
            tokenPolicies: [policy.name],
            tokenTtl: args.appRole.tokenTtlSeconds,
            tokenMaxTtl: args.appRole.tokenMaxTtlSeconds,
            // Hard ceiling too, so renewals can never outlive the bound.
            tokenExplicitMaxTtl: args.appRole.tokenMaxTtlSeconds,
            secretIdTtl: args.appRole.secretIdTtlSeconds ?? APPROLE_MAX_TTL_SECONDS,
        },
        opts,
    );
    return { policy, appRole };
}
