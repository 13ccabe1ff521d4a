// What the audit can find, with a severity each: mandatory findings fail the run
// (exit 1), advisory ones are reported only. One table, read by every comparer.

export type Severity = "mandatory" | "advisory";
export type Store = "secretsmanager" | "ssm" | "vault" | "kms";

export const FINDING_KINDS = {
    missing: { severity: "mandatory", title: "declared but missing" },
    extra: { severity: "advisory", title: "tagged with the set's app and environment but not declared" },
    "wrong-store-type": { severity: "mandatory", title: "stored with the wrong type" },
    "wrong-classification-tag": { severity: "mandatory", title: "classification tag differs from the declaration" },
    "wrong-kms-key": { severity: "mandatory", title: "encrypted with another key than the set's" },
    "rotation-disabled": { severity: "mandatory", title: "rotation declared but disabled" },
    "rotation-overdue": { severity: "mandatory", title: "not rotated within its interval (Security Hub SecretsManager.4)" },
    "rotation-failed": { severity: "mandatory", title: "last rotation started but did not finish" },
    "not-accessed": { severity: "advisory", title: "not read for N days (Security Hub SecretsManager.3)" },
    "manual-overdue": { severity: "mandatory", title: "manually rotated secret past its interval" },
    "vault-mount": { severity: "mandatory", title: "Vault mount missing or not KV version 2" },
    "vault-max-versions": { severity: "mandatory", title: "Vault keeps fewer versions than declared" },
    "vault-audit-disabled": { severity: "mandatory", title: "no Vault audit device enabled" },
    "value-drift": { severity: "mandatory", title: "current version differs from the one Pulumi wrote" },
} as const satisfies Record<string, { severity: Severity; title: string }>;

export type FindingKind = keyof typeof FINDING_KINDS;

export interface Finding {
    readonly kind: FindingKind;
    readonly severity: Severity;
    readonly store: Store;
    /** Declared secret key, or null for an undeclared (extra) one or a store-wide finding. */
    readonly secret: string | null;
    /** Name in the store (SSM / Secrets Manager name, Vault mount/path). Never a value. */
    readonly name: string;
    readonly message: string;
}

export function finding(kind: FindingKind, store: Store, secret: string | null, name: string, message: string): Finding {
    return { kind, severity: FINDING_KINDS[kind].severity, store, secret, name, message };
}

export const DAY_MS = 86_400_000;

/** Whole days from `then` to `now`. */
export function daysBetween(then: Date, now: Date): number {
    return Math.floor((now.getTime() - then.getTime()) / DAY_MS);
}
