// SecretSet: a classification-driven set of secrets. Each declared secret goes to
// the store its classification asks for (SSM String / SecureString, Secrets Manager,
// Vault KV v2) with encryption, tags, names and lifecycle from the same rules the
// policy pack enforces. The whole declaration is validated before anything exists.
import type * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { CostEstimate, CostLine } from "../policies/lib/pricing";
import { estimateSetCost } from "./cost";
import { type SetKey, createKmsKeys } from "./kms";
import { buildManifest } from "./manifest";
import { createSecretsManagerSecret } from "./secretsManagerStore";
import { DEFAULT_OWNER, type SecretSetArgs } from "./secretSetArgs";
import { type SecretPlan, planSecrets } from "./secretPlan";
import { createSsmParameter } from "./ssmStore";
import { type SecretSummary, type StoredSecret, summarise } from "./storedSecret";
import { tagsFor } from "./tags";
import { assertValidSecretSet } from "./validation";
import { resolveValue } from "./values";
import { type VaultMountChildren, createVaultMount, createVaultSecret } from "./vaultStore";
import { type AccessibleSet, readableSecrets } from "./accessibleSet";
import { attachReadPolicy } from "./grants";
import { rotationTagsFor } from "./rotation/rotationTags";
import type { SetRotation } from "./rotation/secretRotation";
import { SecretSetAudit } from "./audit/secretSetAudit";
import { accessibleSetOf, type SetIdentity, scheduledRotationFor, wireSecretsManagerRotation } from "./secretSetAccess";

export type { SecretSetArgs } from "./secretSetArgs";
export type { SecretSummary, StoredSecret } from "./storedSecret";
export { SecretSetValidationError, validateSecretSet } from "./validation";

export class SecretSet extends pulumi.ComponentResource {
    static readonly TYPE = "secretset:index:SecretSet";

    readonly app: string;
    readonly environment: string;
    /** Secret key -> what was built for it. For grants, rotation wiring and consumers. */
    readonly storedSecrets: Readonly<Record<string, StoredSecret>>;
    /** Customer-managed keys the set created (shared and dedicated), with their aliases. */
    readonly kmsKeys: readonly SetKey[];
    /** The KV v2 mount, when any secret is Vault-backed. */
    readonly vaultMount?: VaultMountChildren;
    /** Per secret: classification, stores, names, ARNs, Vault path, KMS key. No values. */
    readonly secrets: pulumi.Output<Record<string, SecretSummary>>;
    /** JSON document of the same, for consumers and tools. No values. */
    readonly manifest: pulumi.Output<string>;
    readonly estimatedMonthlyCostUsd: pulumi.Output<number>;
    readonly costBreakdown: pulumi.Output<CostLine[]>;
    /** The same estimate as a plain value (known at construction time). */
    readonly costEstimate: CostEstimate;
    /** Where each secret lives, for grants and consumers (`createSecretConsumers(set.access, ...)`). */
    readonly access: AccessibleSet;
    /** SecretRotations and the generic rotator; undefined when no Secrets Manager secret rotates. */
    readonly rotation?: SetRotation;
    /** Audit trail, alert topic and Vault audit device; undefined without `args.audit`. */
    readonly audit?: SecretSetAudit;

    constructor(name: string, args: SecretSetArgs, opts?: pulumi.ComponentResourceOptions) {
        // Validate before super(): on any problem not even the component is registered.
        assertValidSecretSet(name, args);
        super(SecretSet.TYPE, name, {}, opts);
        this.app = args.app;
        this.environment = args.environment;

        const plans = planSecrets(args);
        const keys = createKmsKeys(name, plans, args, this);
        this.kmsKeys = [...keys.values()];
        this.vaultMount = plans.some((p) => p.vault !== undefined) ? createVaultMount(name, args, this) : undefined;

        const stored: Record<string, StoredSecret> = {};
        for (const plan of plans) {
            stored[plan.key] = this.storeSecret(name, plan, args, keys);
        }
        this.storedSecrets = Object.freeze(stored);
        const identity: SetIdentity = { setName: name, app: args.app, environment: args.environment, owner: args.owner ?? DEFAULT_OWNER };
        this.access = accessibleSetOf(identity, this.storedSecrets, this.vaultMount?.path);

        this.rotation = this.createRotation(identity, args);
        this.audit = args.audit === undefined ? undefined : this.createAudit(name, plans, identity, args);

        const summaries: Record<string, pulumi.Input<SecretSummary>> = {};
        for (const plan of plans) {
            summaries[plan.key] = summarise(stored[plan.key], plan.keyRole !== undefined ? keys.get(plan.keyRole)?.aliasName : undefined);
        }
        this.secrets = pulumi.output(summaries) as pulumi.Output<Record<string, SecretSummary>>;
        this.costEstimate = estimateSetCost(plans, keys.size);
        this.estimatedMonthlyCostUsd = pulumi.output(this.costEstimate.totalUsd);
        this.costBreakdown = pulumi.output(this.costEstimate.breakdown);
        this.manifest = buildManifest({ app: args.app, environment: args.environment, owner: args.owner ?? DEFAULT_OWNER }, this.secrets, this.costEstimate);

        this.registerOutputs({
            secrets: this.secrets,
            manifest: this.manifest,
            estimatedMonthlyCostUsd: this.estimatedMonthlyCostUsd,
            costBreakdown: this.costBreakdown,
        });
    }

    /** Builds every store of one secret. */
    private storeSecret(name: string, plan: SecretPlan, args: SecretSetArgs, keys: ReadonlyMap<string, SetKey>): StoredSecret {
        // A generated SSM or Vault secret that rotates gets a new value when its schedule renews.
        const schedule = scheduledRotationFor(name, plan, this);
        const value = resolveValue(name, plan, args.values?.[plan.key], this, schedule?.keepers);
        const tags = { ...tagsFor(plan.classification, args), ...rotationTagsFor(plan) };
        const kmsKey: aws.kms.Key | undefined = plan.keyRole !== undefined ? keys.get(plan.keyRole)?.key : undefined;
        const ssmParameter = plan.ssm !== undefined ? createSsmParameter(name, plan, value, kmsKey?.arn, tags, this) : undefined;
        const secretsManager = plan.secretsManager !== undefined ? createSecretsManagerSecret(name, plan, value, kmsKey?.arn, tags, this) : undefined;
        const vaultSecret = plan.vault !== undefined && this.vaultMount !== undefined ? createVaultSecret(name, plan, value, this.vaultMount.path, tags, this) : undefined;
        return {
            key: plan.key,
            classification: plan.classification,
            rules: plan.rules,
            declaration: plan.declaration,
            valueSource: plan.valueSource,
            stores: plan.stores,
            ...(plan.rotation !== undefined ? { rotation: plan.rotation } : {}),
            plan,
            ...(ssmParameter !== undefined ? { ssmParameter } : {}),
            ...(secretsManager !== undefined ? { secret: secretsManager.secret } : {}),
            ...(secretsManager?.secretVersion !== undefined ? { secretVersion: secretsManager.secretVersion } : {}),
            ...(value.password !== undefined ? { generatedPassword: value.password } : {}),
            ...(vaultSecret !== undefined ? { vaultSecret, vaultMount: this.vaultMount?.path, vaultPath: plan.vault?.path } : {}),
            ...(kmsKey !== undefined ? { kmsKey } : {}),
        };
    }

    /**
     * Rotation resources (SecretRotation, the generic rotator Lambda) are created
     * here, after every store exists; `this.storedSecrets` holds each secret's
     * effective `rotation`. Owned by the access & rotation wiring (components/rotation/).
     */
    private createRotation(identity: SetIdentity, args: SecretSetArgs): SetRotation | undefined {
        return wireSecretsManagerRotation(identity, this.storedSecrets, (classification) => tagsFor(classification, args), this);
    }

    /** The audit component; its read rules come later, from `watchReads` (readers are the consumers). */
    private createAudit(name: string, plans: readonly SecretPlan[], identity: SetIdentity, args: SecretSetArgs): SecretSetAudit {
        const rotatorRole = this.rotation?.rotator?.role.arn;
        return new SecretSetAudit(
            `${name}-audit`,
            {
                set: {
                    setName: name,
                    app: identity.app,
                    environment: identity.environment,
                    owner: identity.owner,
                    hasSecretsManagerSecrets: plans.some((p) => p.secretsManager !== undefined),
                    parameterNames: plans.filter((p) => p.ssm?.type === "SecureString").map((p) => p.ssm?.name ?? ""),
                    keyArns: this.kmsKeys.map((k) => k.key.arn),
                    ownReaders: rotatorRole === undefined ? [] : [rotatorRole],
                    managesVault: this.vaultMount !== undefined,
                },
                settings: args.audit ?? {},
            },
            { parent: this },
        );
    }

    /**
     * Lets `role` read the set's AWS-stored secrets (all, or `opts.secrets`): one
     * inline policy with exact ARNs and kms:Decrypt only via SSM / Secrets Manager.
     * `role` is a Role of this program or the name of an existing role. Vault-only
     * secrets are skipped (use a consumer's `vault` settings for those).
     */
    grantRead(role: aws.iam.Role | string, opts?: { readonly secrets?: readonly string[] }): aws.iam.RolePolicy {
        return attachReadPolicy({ setName: this.access.setName, role, secrets: readableSecrets(this.access, opts?.secrets) }, { parent: this });
    }
}
