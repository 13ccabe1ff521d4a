// The arguments of a SecretSet. Plain values, not `pulumi.Input`s: the whole
// declaration is validated (names, sizes, sources) before a single resource is
// registered, which needs every field known at construction time.
import type { AuditSettings } from "./audit/auditSettings";
import type { ClassificationTightenings, ProvidedValue, SecretDeclaration, VaultSettings } from "./types";

export interface SecretSetArgs {
    /** Application name; used in every store name and in the `secretset:app` tag. */
    readonly app: string;
    /** Environment (usually the stack name); first segment of every store name. */
    readonly environment: string;
    /** Value of the `secretset:owner` tag. @default "unowned" */
    readonly owner?: string;
    /** The environment may force-delete secrets (`recoveryWindowDays: 0`). @default false */
    readonly disposable?: boolean;
    /** Secret key -> declaration. Keys become the last segment of every store name. */
    readonly secrets: Readonly<Record<string, SecretDeclaration>>;
    /**
     * Values of declared secrets from the config keys `secretset:<name>`.
     * Wrapped in `pulumi.secret` at once; never logged or echoed. @default {}
     */
    readonly values?: Readonly<Record<string, ProvidedValue>>;
    /** Vault KV v2 settings; absent = a secret may not use `backends: [vault]`. @default none */
    readonly vault?: VaultSettings;
    /** Per-level tightening of the classification matrix; loosening is an error. @default none */
    readonly classifications?: ClassificationTightenings;
    /**
     * Audit trail, unexpected-read alert and Vault audit device (docs/audit.md). The read
     * rules are created by `set.audit.watchReads(consumerRoleArns)`. @default none
     */
    readonly audit?: AuditSettings;
}

/** Owner tag value when none is given. */
export const DEFAULT_OWNER = "unowned";
/** Vault defaults (see VaultSettings). */
export const DEFAULT_VAULT_MOUNT = "secret";
export const DEFAULT_VAULT_MAX_VERSIONS = 10;
/** Length of a generated value when `generate.length` is not given. */
export const DEFAULT_GENERATED_LENGTH = 32;
