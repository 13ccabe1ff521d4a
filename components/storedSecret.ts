// What a SecretSet built for each secret: the read-only map other parts
// (grants, rotation wiring, consumers) work from, and the per-secret summary output.
import type * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import type * as random from "@pulumi/random";
import type * as vault from "@pulumi/vault";
import type { Classification, ClassificationRules, Store } from "../policies/lib/classification";
import type { EffectiveRotation, SecretPlan } from "./secretPlan";
import type { SecretDeclaration } from "./types";
import type { ValueSource } from "./valueSource";

export interface StoredSecret {
    readonly key: string;
    readonly classification: Classification;
    /** The level's rules after the stack's tightening. */
    readonly rules: ClassificationRules;
    readonly declaration: SecretDeclaration;
    readonly valueSource: ValueSource;
    readonly stores: readonly Store[];
    /** Effective rotation (defaulted to the class maximum where required); undefined = no rotation. */
    readonly rotation?: EffectiveRotation;
    /** The full plan the resources were built from (names, tier, recovery window, ...). */
    readonly plan: SecretPlan;
    readonly ssmParameter?: aws.ssm.Parameter;
    readonly secret?: aws.secretsmanager.Secret;
    /** Absent for `external` and `generate.keepOutOfState` secrets (the rotator writes the first value). */
    readonly secretVersion?: aws.secretsmanager.SecretVersion;
    readonly generatedPassword?: random.RandomPassword;
    readonly vaultSecret?: vault.kv.SecretV2;
    /** Vault KV v2 mount path (an Output of the mount when the set creates it). */
    readonly vaultMount?: pulumi.Output<string>;
    /** Path of the secret inside the mount: `{environment}/{app}/{name}`. */
    readonly vaultPath?: string;
    /** The customer-managed key the set created for the AWS copy (absent for public and for `kmsKeys`). */
    readonly kmsKey?: aws.kms.Key;
    /** ARN of the key that encrypts the AWS copy: the created key, or the `kmsKeys` key (an alias resolved to its key). */
    readonly kmsKeyArn?: pulumi.Input<string>;
}

/** Per-secret entry of the `secrets` output. No values. */
export interface SecretSummary {
    readonly classification: Classification;
    readonly stores: readonly Store[];
    readonly valueSource: ValueSource;
    readonly ssmParameterName?: string;
    readonly ssmParameterArn?: string;
    readonly ssmTier?: string;
    readonly secretName?: string;
    readonly secretArn?: string;
    readonly recoveryWindowDays?: number;
    readonly replicaRegions?: readonly string[];
    /** Replica regions with their keys (for grants from another stack). */
    readonly replicas?: readonly { readonly region: string; readonly kmsKeyArn: string }[];
    /** JSON field of a generated JSON document (`generate.jsonKey`): consumers read that field. */
    readonly jsonKey?: string;
    /** True when the secret was adopted (`adopt`): an existing secret imported under its existing name. */
    readonly adopted?: boolean;
    readonly vaultMount?: string;
    readonly vaultPath?: string;
    readonly kmsKeyArn?: string;
    readonly kmsAlias?: string;
    readonly rotationDays?: number;
    /** Who writes new values: generated | lambda | database | manual. */
    readonly rotationMode?: string;
    /** `manual` only: who rotates it. */
    readonly rotationOwner?: string;
}

export function summarise(stored: StoredSecret, kmsAlias: pulumi.Input<string | undefined> | undefined): pulumi.Input<SecretSummary> {
    const plan = stored.plan;
    return {
        classification: stored.classification,
        stores: [...stored.stores],
        valueSource: stored.valueSource,
        ...(plan.ssm !== undefined && stored.ssmParameter
            ? { ssmParameterName: plan.ssm.name, ssmParameterArn: stored.ssmParameter.arn, ssmTier: plan.ssm.tier ?? stored.ssmParameter.tier }
            : {}),
        ...(plan.secretsManager !== undefined && stored.secret
            ? {
                  secretName: plan.secretsManager.name,
                  secretArn: stored.secret.arn,
                  recoveryWindowDays: plan.secretsManager.recoveryWindowDays,
                  replicaRegions: plan.secretsManager.replicas.map((r) => r.region),
                  replicas: plan.secretsManager.replicas.map((r) => ({ region: r.region, kmsKeyArn: r.kmsKeyArn })),
              }
            : {}),
        ...(plan.adopt !== undefined ? { adopted: true } : {}),
        ...(stored.declaration.generate?.jsonKey !== undefined ? { jsonKey: stored.declaration.generate.jsonKey } : {}),
        ...(stored.vaultMount !== undefined ? { vaultMount: stored.vaultMount, vaultPath: stored.vaultPath } : {}),
        ...(stored.kmsKeyArn !== undefined ? { kmsKeyArn: stored.kmsKeyArn, ...(kmsAlias !== undefined ? { kmsAlias } : {}) } : {}),
        ...(stored.rotation !== undefined ? { rotationDays: stored.rotation.days, rotationMode: stored.rotation.mode } : {}),
        ...(stored.rotation?.owner !== undefined ? { rotationOwner: stored.rotation.owner } : {}),
    } as pulumi.Input<SecretSummary>;
}
