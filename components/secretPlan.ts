// What SecretSet will build for each declared secret, derived from the declaration
// and the (tightened) classification rules. Pure: the stores, the manifest and the
// cost estimate all read the same plan, and tests can inspect it without Pulumi.
import { type AwsStore, type Classification, type ClassificationRules, type Store, tightenRules, CLASSIFICATIONS } from "../policies/lib/classification";
import { type SsmTier, ssmTierFor } from "../policies/lib/limits";
import { secretsManagerName, ssmParameterName, vaultSecretPath } from "../policies/lib/naming";
import type * as pulumi from "@pulumi/pulumi";
import { secretNameFromArn } from "./adoptChecks";
import { DEFAULT_VAULT_MAX_VERSIONS, DEFAULT_VAULT_MOUNT, type SecretSetArgs } from "./secretSetArgs";
import { defaultRotationMode } from "./rotation/rotationChecks";
import type { AdoptSpec, Backend, DatabaseRotationSpec, ReplicaSpec, RotationMode, SecretDeclaration } from "./types";
import { type ValueSource, valueBytes, valueSourceOf } from "./valueSource";

/** Which KMS key encrypts a secret: the set's shared key or the dedicated key of a level. */
export type KeyRole = "shared" | Classification;

export interface EffectiveRotation {
    readonly days: number;
    /** Who writes new values (validated: never `generated` for a value that comes from outside). */
    readonly mode: RotationMode;
    /** `manual`: who rotates it. */
    readonly owner?: string;
    readonly lambdaArn?: pulumi.Input<string>;
    readonly database?: DatabaseRotationSpec;
    readonly rotateImmediately: boolean;
}

export interface SecretPlan {
    readonly key: string;
    readonly classification: Classification;
    /** The level's rules after the stack's tightening. */
    readonly rules: ClassificationRules;
    readonly declaration: SecretDeclaration;
    readonly valueSource: ValueSource;
    /** Undefined only for a provided value that is an Output (its size is checked at deployment). */
    readonly valueBytes?: number;
    readonly backends: readonly Backend[];
    /** Every store the secret lives in. */
    readonly stores: readonly Store[];
    readonly awsStore?: AwsStore;
    /** `tier` is undefined when the value is an Output: it is then chosen from the value at deployment. */
    readonly ssm?: { readonly name: string; readonly type: "String" | "SecureString"; readonly tier?: SsmTier };
    readonly secretsManager?: { readonly name: string; readonly recoveryWindowDays: number; readonly replicas: readonly ReplicaSpec[] };
    readonly vault?: { readonly mount: string; readonly path: string; readonly maxVersions: number };
    /** Set when the AWS store encrypts with a customer-managed key that the set creates. */
    readonly keyRole?: KeyRole;
    /** The user's existing customer-managed key for this class (`kmsKeys`), used instead of a created one. */
    readonly existingKey?: pulumi.Input<string>;
    /** The existing store resources this secret takes over (`adopt`), imported by id. */
    readonly adopt?: AdoptSpec;
    readonly rotation?: EffectiveRotation;
    /** protect + retainOnDelete on the stored value. */
    readonly protect: boolean;
    /**
     * Per store: `pulumi up` must not revert a value someone else writes. Rotators write
     * rotating Secrets Manager values; the owner writes a `manual` value in every store; an
     * operator writes an `external` value anywhere. SSM and Vault values are otherwise written
     * by SecretSet alone (scheduled rotation included), so a new value must land.
     */
    readonly ignoreValueChanges: { readonly secretsManager: boolean; readonly ssm: boolean; readonly vault: boolean };
}

export type EffectiveRules = Readonly<Record<Classification, ClassificationRules>>;

/** The matrix with the stack's tightening applied (problems are reported by validation). */
export function effectiveRules(args: Pick<SecretSetArgs, "classifications">): EffectiveRules {
    const result = {} as Record<Classification, ClassificationRules>;
    for (const level of CLASSIFICATIONS) {
        result[level] = tightenRules(level, args.classifications?.[level]).rules;
    }
    return result;
}

export function backendsOf(declaration: SecretDeclaration): readonly Backend[] {
    return declaration.backends ?? ["aws"];
}

/** Rotation as configured, or defaulted to the class maximum where the class requires it. */
export function effectiveRotation(declaration: SecretDeclaration, rules: ClassificationRules, source?: ValueSource): EffectiveRotation | undefined {
    const spec = declaration.rotation;
    if (spec === undefined && !rules.rotationRequired) return undefined;
    const days = spec?.days ?? rules.maxRotationDays;
    if (days === undefined) return undefined;
    const rotateImmediately = spec?.rotateImmediately ?? declaration.generate?.keepOutOfState === true;
    // Validation refuses a rotating secret without a mode; `manual` here only keeps an unvalidated plan safe.
    const mode = defaultRotationMode(spec, source ?? valueSourceOf(declaration, undefined)) ?? "manual";
    return {
        days,
        mode,
        rotateImmediately,
        ...(spec?.owner !== undefined ? { owner: spec.owner } : {}),
        ...(spec?.lambdaArn !== undefined ? { lambdaArn: spec.lambdaArn } : {}),
        ...(spec?.database !== undefined ? { database: spec.database } : {}),
    };
}

/** Plans one secret of a validated declaration. */
export function planSecret(key: string, args: SecretSetArgs, rules: EffectiveRules): SecretPlan {
    const declaration = args.secrets[key];
    const classification = declaration.classification;
    const levelRules = rules[classification];
    const provided = args.values?.[key];
    const source = valueSourceOf(declaration, provided) ?? "external";
    const bytes = valueBytes(declaration, provided);
    const adopt = declaration.adopt;
    const backends = backendsOf(declaration);
    const onAws = backends.includes("aws");
    const awsStore = onAws ? levelRules.store : undefined;
    const stores: Store[] = awsStore ? [awsStore] : [];
    const rotation = effectiveRotation(declaration, levelRules, source);
    // Nothing SecretSet runs may write a manual or external value: `pulumi up` must not revert it either.
    const keepOutsideValue = source === "external" || rotation?.mode === "manual";

    // A rename (`renamedFrom`) keeps the stored names: SSM, Secrets Manager and Vault cannot
    // rename in place, so a new name would replace (delete and re-create) the stored secret.
    const storedKey = declaration.renamedFrom ?? key;
    let vault: SecretPlan["vault"];
    if (backends.includes("vault")) {
        stores.push("vault-kv");
        vault = {
            mount: args.vault?.mount ?? DEFAULT_VAULT_MOUNT,
            path: adopt?.vaultPath ?? vaultSecretPath(args.environment, args.app, storedKey),
            maxVersions: args.vault?.maxVersions ?? DEFAULT_VAULT_MAX_VERSIONS,
        };
    }
    const ssm: SecretPlan["ssm"] =
        awsStore === "ssm-string" || awsStore === "ssm-securestring"
            ? {
                  name: adopt?.ssmParameter ?? ssmParameterName(args.environment, args.app, storedKey),
                  type: awsStore === "ssm-string" ? "String" : "SecureString",
                  ...(bytes !== undefined ? { tier: ssmTierFor(bytes) ?? "Advanced" } : {}),
              }
            : undefined;
    const secretsManager: SecretPlan["secretsManager"] =
        awsStore === "secretsmanager"
            ? {
                  name: adopt?.secretsManagerArn !== undefined ? secretNameFromArn(adopt.secretsManagerArn) : secretsManagerName(args.environment, args.app, storedKey),
                  recoveryWindowDays: declaration.recoveryWindowDays ?? levelRules.recoveryWindowDays, replicas: declaration.replicas ?? [] }
            : undefined;
    const needsKey = awsStore !== undefined && levelRules.customerManagedKey;
    const existingKey = needsKey ? args.kmsKeys?.[classification] : undefined;
    const keyRole: KeyRole | undefined = needsKey && existingKey === undefined ? (levelRules.dedicatedKey ? classification : "shared") : undefined;

    return {
        key,
        classification,
        rules: levelRules,
        declaration,
        valueSource: source,
        ...(bytes !== undefined ? { valueBytes: bytes } : {}),
        backends,
        stores,
        ...(awsStore !== undefined ? { awsStore } : {}),
        ...(ssm !== undefined ? { ssm } : {}),
        ...(secretsManager !== undefined ? { secretsManager } : {}),
        ...(vault !== undefined ? { vault } : {}),
        ...(keyRole !== undefined ? { keyRole } : {}),
        ...(existingKey !== undefined ? { existingKey } : {}),
        ...(adopt !== undefined ? { adopt } : {}),
        ...(rotation !== undefined ? { rotation } : {}),
        protect: levelRules.protect,
        ignoreValueChanges: {
            secretsManager: rotation !== undefined || source === "external" || source === "rotator",
            ssm: keepOutsideValue,
            vault: keepOutsideValue,
        },
    };
}

/** Plans every secret, in a stable (sorted) order so child registration order is stable too. */
export function planSecrets(args: SecretSetArgs): SecretPlan[] {
    const rules = effectiveRules(args);
    return Object.keys(args.secrets)
        .sort()
        .map((key) => planSecret(key, args, rules));
}
