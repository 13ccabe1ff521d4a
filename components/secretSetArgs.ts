// The arguments of a SecretSet. The declaration's shape (names, classes, stores) is
// plain data, validated before a single resource is registered. Everything that may
// come from another resource or from secret config is a `pulumi.Input` (values,
// rotation Lambda and KMS key ARNs, replica keys): checked at once when known, and
// inside `apply` when an Output, failing the deployment with the same message.
import type { AuditSettings } from "./audit/auditSettings";
import type { ClassificationTightenings, CrossAccountReader, ExistingKmsKeys, ProvidedValue, SecretDeclaration, VaultSettings } from "./types";

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
     * Existing customer-managed KMS keys per classification (key ARN, alias or alias ARN),
     * used instead of creating keys for those levels. @default none (SecretSet creates them)
     */
    readonly kmsKeys?: ExistingKmsKeys;
    /**
     * Other AWS accounts that may read chosen Secrets Manager secrets: each gets a secret
     * resource policy and a statement in the set's KMS key policy. @default none
     */
    readonly crossAccountReaders?: readonly CrossAccountReader[];
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
