// The declaration a user writes (in stack config or in code) for a SecretSet.
// These are plain data: `index.ts` reads stack config into them, the component
// validates them before it registers a single resource.
import type * as pulumi from "@pulumi/pulumi";
import type { Classification, ClassificationTightening, RotationMode } from "../policies/lib/classification";

export type Backend = "aws" | "vault";

/** How a value is generated (`random.RandomPassword` or the rotator). */
export interface GenerateSpec {
    /** @default 32 */
    readonly length?: number;
    /** @default true */
    readonly lower?: boolean;
    /** @default true */
    readonly upper?: boolean;
    /** @default true */
    readonly numeric?: boolean;
    /** @default true */
    readonly special?: boolean;
    /** Characters used for `special`. @default the provider's set */
    readonly overrideSpecial?: string;
    /** @default 0 */
    readonly minLower?: number;
    /** @default 0 */
    readonly minUpper?: number;
    /** @default 0 */
    readonly minNumeric?: number;
    /** @default 0 */
    readonly minSpecial?: number;
    /** Store `{"<jsonKey>": "<value>"}` instead of the bare value. @default bare value */
    readonly jsonKey?: string;
    /**
     * Never generate the value in Pulumi: the secret is created empty and the
     * rotator writes the first value at once, so it never enters the Pulumi state.
     * Needs Secrets Manager (confidential or restricted, AWS backend).
     * @default false
     */
    readonly keepOutOfState?: boolean;
}

/**
 * Who writes a rotating secret's new value:
 * - `generated`: SecretSet's generic rotator (Secrets Manager) or schedule (SSM, Vault) sets a new random value;
 * - `lambda`: the function `lambdaArn` (e.g. one that issues a new registry token); Secrets Manager only;
 * - `database`: SecretSet's PostgreSQL rotator changes the database user's password (`database`); Secrets Manager only;
 * - `manual`: a person or another system rotates it (`owner`); nothing in SecretSet ever overwrites the value.
 */
export type { RotationMode } from "../policies/lib/classification";

/** PostgreSQL rotation (`mode: database`); the secret holds AWS's JSON (engine, host, port, username, password, dbname). */
export interface DatabaseRotationSpec {
    /** `alternating-users` keeps the previous user working until the next rotation. @default "single-user" */
    readonly strategy?: "single-user" | "alternating-users";
    /** Exact ARN of the secret with the master user's credentials (the `masterarn` of the JSON); alternating-users only. */
    readonly masterSecretArn?: string;
    /** Customer-managed key of the master secret, when it has one. */
    readonly masterKmsKeyArn?: string;
    /** Subnets the rotator runs in (they must reach the database and Secrets Manager). */
    readonly subnetIds: readonly string[];
    /** Security groups of the rotator (the database must accept them on its port). */
    readonly securityGroupIds: readonly string[];
}

export interface RotationSpec {
    /** Rotate every `days` days; must not exceed the class maximum. @default the class maximum */
    readonly days?: number;
    /** Who writes new values. @default `lambda` with `lambdaArn`, `generated` for a generated value; required otherwise */
    readonly mode?: RotationMode;
    /** `manual` only: the person, team or system that rotates the value (the `secretset:rotation-owner` tag). */
    readonly owner?: string;
    /**
     * ARN of the rotation Lambda (`mode: lambda`), e.g. an AWS RDS rotator or a registry-token
     * rotator; may be the `arn` Output of a function in the same program (checked when it resolves).
     */
    readonly lambdaArn?: pulumi.Input<string>;
    /** `mode: database` only. */
    readonly database?: DatabaseRotationSpec;
    /** Rotate as soon as the rotation is configured. @default false (true when `generate.keepOutOfState`) */
    readonly rotateImmediately?: boolean;
}

/** A Secrets Manager replica in another region, encrypted with a customer-managed key there. */
export interface ReplicaSpec {
    readonly region: string;
    /** ARN of a customer-managed KMS key in `region` (may be an Output of a key in the program). */
    readonly kmsKeyArn: pulumi.Input<string>;
}

export interface SecretDeclaration {
    readonly classification: Classification;
    readonly description?: string;
    /** Literal value; allowed for `public` secrets only. */
    readonly value?: string;
    readonly generate?: GenerateSpec;
    /** Created without a value SecretSet manages; never reverted by `pulumi up`. @default false */
    readonly external?: boolean;
    /** @default ["aws"] */
    readonly backends?: readonly Backend[];
    /** Required (defaulted) for confidential and restricted. */
    readonly rotation?: RotationSpec;
    /** Secrets Manager recovery window; 0 only in a disposable environment. @default the class default */
    readonly recoveryWindowDays?: number;
    /** @default none */
    readonly replicas?: readonly ReplicaSpec[];
    /** Previous key of this secret, so a rename moves resources instead of replacing them. */
    readonly renamedFrom?: string;
    /**
     * Take over an existing secret instead of creating one: its store resources are
     * imported (Pulumi `import` option) under their existing names, their value is never
     * written (as with `external`) and they are retained if the set stops managing them.
     * @default none (SecretSet creates the secret)
     */
    readonly adopt?: AdoptSpec;
}

/** The existing secret a declaration adopts, per store the secret lives in. */
export interface AdoptSpec {
    /** Name of an existing SSM parameter (public and internal secrets), e.g. `/legacy/db-user`. */
    readonly ssmParameter?: string;
    /** Full ARN of an existing Secrets Manager secret (confidential and restricted secrets). */
    readonly secretsManagerArn?: string;
    /** Path of an existing KV v2 secret inside the set's Vault mount (`backends: [vault]`). */
    readonly vaultPath?: string;
}

/**
 * Existing customer-managed KMS keys, per classification, used instead of the keys
 * SecretSet would create: a key ARN, an alias name (`alias/team-secrets`) or an alias
 * ARN, or an Output of one. AWS-managed keys (`alias/aws/*`) are refused.
 */
export type ExistingKmsKeys = Readonly<Partial<Record<Classification, pulumi.Input<string>>>>;

/** Another AWS account whose principals may read chosen Secrets Manager secrets of the set. */
export interface CrossAccountReader {
    /** The 12-digit account id. */
    readonly accountId: string;
    /** Secrets it may read; each must be stored in Secrets Manager. @default every Secrets Manager secret of the set */
    readonly secrets?: readonly string[];
}

/**
 * A value for a declared secret: from the config key `secretset:<name>` (the reference
 * program), or any string or Output in a program (`config.requireSecret(...)`, another
 * resource's output). Wrapped in `pulumi.secret` at once unless the secret is public and
 * the value plain. Checks that need the value (size) run when it is known: at once for a
 * string, inside `apply` for an Output, failing the deployment with the same message.
 */
export interface ProvidedValue {
    readonly value: pulumi.Input<string>;
    /**
     * Whether the value came from an encrypted (`--secret`) config key. `false` marks a
     * plaintext config key, refused for internal and above. Leave it out for values that
     * do not come from a config key. @default undefined (not from config)
     */
    readonly fromSecretConfig?: boolean;
}

export interface VaultSettings {
    /** KV v2 mount path. @default "secret" */
    readonly mount?: string;
    /** Create the mount (true) or reuse an existing one (false). @default true */
    readonly createMount?: boolean;
    /** Versions kept per secret, so an update never loses the previous value. @default 10 */
    readonly maxVersions?: number;
}

export type ClassificationTightenings = Partial<Record<Classification, ClassificationTightening>>;
