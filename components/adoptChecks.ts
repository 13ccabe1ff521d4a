// Checks of `adopt`: which existing secret a declaration takes over. Each store the
// secret lives in may name its existing resource; nothing else is allowed.
import { type FieldProblem, unknownFields } from "./specChecks";
import type { AdoptSpec } from "./types";

const ADOPT_FIELDS: Record<keyof AdoptSpec, true> = { ssmParameter: true, secretsManagerArn: true, vaultPath: true };
const SSM_NAME = /^\/?[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/;
const SECRET_ARN = /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@-]+-[A-Za-z0-9]{6}$/;
const VAULT_PATH = /^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/;

interface Stores {
    readonly onSsm: boolean;
    readonly onSecretsManager: boolean;
    readonly onVault: boolean;
    /** The set creates its KV mount (`vault.createMount`, default true). */
    readonly createsVaultMount: boolean;
}

/** The Secrets Manager name inside a secret ARN (the ARN ends in `-` and six random characters). */
export function secretNameFromArn(arn: string): string {
    return arn.split(":").slice(6).join(":").slice(0, -7);
}

export function checkAdopt(adopt: unknown, stores: Stores): FieldProblem[] {
    if (typeof adopt !== "object" || adopt === null || Array.isArray(adopt)) {
        return [{ field: "adopt", text: "`adopt` must be a map naming the existing secret: `ssmParameter`, `secretsManagerArn` and/or `vaultPath`." }];
    }
    const spec = adopt as AdoptSpec;
    const problems = unknownFields(adopt as Record<string, unknown>, ADOPT_FIELDS, "adopt.");
    if (Object.keys(adopt).length === 0) {
        problems.push({ field: "adopt", text: "`adopt` names no existing secret; give `ssmParameter`, `secretsManagerArn` or `vaultPath`." });
    }
    const check = (field: keyof AdoptSpec, applies: boolean, pattern: RegExp, shape: string, store: string): void => {
        const value = spec[field];
        if (value === undefined) return;
        if (!applies) {
            problems.push({ field: `adopt.${field}`, text: `\`adopt.${field}\` names an existing ${store}, but this secret is not stored there (its classification and \`backends\` decide); remove it or change the classification.` });
        } else if (typeof value !== "string" || !pattern.test(value)) {
            problems.push({ field: `adopt.${field}`, text: `\`adopt.${field}\` must be ${shape}.` });
        }
    };
    check("ssmParameter", stores.onSsm, SSM_NAME, "the name of an existing SSM parameter, e.g. `/legacy/db-user`", "SSM parameter");
    check("secretsManagerArn", stores.onSecretsManager, SECRET_ARN, "the full ARN of an existing Secrets Manager secret (arn:aws:secretsmanager:<region>:<account>:secret:<name>-<6 characters>)", "Secrets Manager secret");
    check("vaultPath", stores.onVault, VAULT_PATH, "a path inside the set's KV v2 mount without leading or trailing `/`, e.g. `legacy/db`", "Vault secret");
    if (spec.vaultPath !== undefined && stores.onVault && stores.createsVaultMount) {
        // An existing secret lives in an existing mount; creating the mount again would fail.
        problems.push({ field: "adopt.vaultPath", text: "`adopt.vaultPath` names a secret in an existing mount, but the set creates its mount; set `vault.createMount: false` to reuse the mount." });
    }
    return problems;
}
