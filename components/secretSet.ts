// SecretSet: a classification-driven set of secrets. Each declared secret goes to
// the store its classification asks for (SSM String / SecureString, Secrets Manager,
// Vault KV v2) with encryption, tags, names and lifecycle from the same rules the
// policy pack enforces. The whole declaration is validated before anything exists.
import * as aws from "@pulumi/aws";
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
import { createCrossAccountPolicies } from "./crossAccount";
import { withDeferredChecks } from "./deferredPlanChecks";
import type { ReadGrantee } from "./grantees";
import { attachReadPolicyOnce, selectionQualifier } from "./grants";
import { aliasNameOf, resolveKeyArn } from "./kmsKeyReference";
import { type CodeBuildReference, codeBuildEnvironmentOf, type EcsContainerSecret, ecsSecretsOf, lambdaEnvironmentOf, type LocationLookup, storedSecretsLookup } from "./secretReferences";
import { SecretSetReference, type SecretSetReferenceOptions } from "./secretSetReference";
import { rotationTagsFor } from "./rotation/rotationTags";
import type { SetRotation } from "./rotation/secretRotation";
import { SecretSetAudit } from "./audit/secretSetAudit";
import { accessibleSetOf, type SetIdentity, scheduledRotationFor, wireSecretsManagerRotation } from "./secretSetAccess";

export type { SecretSetArgs } from "./secretSetArgs";
export type { EcsTaskRole, ReadGrantee } from "./grantees";
export type { CodeBuildReference, EcsContainerSecret } from "./secretReferences";
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
    /** Resource policies letting `crossAccountReaders` read Secrets Manager secrets, by secret key. */
    readonly crossAccountPolicies: Readonly<Record<string, aws.secretsmanager.SecretPolicy>>;
    /** Grants made so far, by resource name: the same grant asked twice returns the first. */
    private readonly grants = new Map<string, aws.iam.RolePolicy>();

    /**
     * Typed access to a set another stack exports (its `secrets` output by default): names,
     * ARNs, Vault paths, references and `grantRead` for roles of this stack. No value
     * crosses stacks: the output holds none.
     */
    static fromStack(stack: pulumi.StackReference, opts?: SecretSetReferenceOptions): SecretSetReference {
        return new SecretSetReference(stack, opts);
    }
    /** Audit trail, alert topic and Vault audit device; undefined without `args.audit`. */
    readonly audit?: SecretSetAudit;

    constructor(name: string, args: SecretSetArgs, opts?: pulumi.ComponentResourceOptions) {
        // Validate before super(): on any problem not even the component is registered.
        assertValidSecretSet(name, args);
        super(SecretSet.TYPE, name, {}, opts);
        this.app = args.app;
        this.environment = args.environment;

        // Arguments given as Outputs are checked when they resolve, with validation's messages.
        const plans = planSecrets(args).map((plan) => withDeferredChecks(name, plan));
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
        this.crossAccountPolicies = createCrossAccountPolicies(name, args.crossAccountReaders, this.storedSecrets, this);
        this.audit = args.audit === undefined ? undefined : this.createAudit(name, plans, identity, args);

        const summaries: Record<string, pulumi.Input<SecretSummary>> = {};
        for (const plan of plans) {
            // An existing key given by ARN has no alias: the summary then leaves `kmsAlias` out.
            const alias: pulumi.Input<string | undefined> | undefined =
                plan.keyRole !== undefined ? keys.get(plan.keyRole)?.aliasName : plan.existingKey !== undefined ? pulumi.output(plan.existingKey).apply(aliasNameOf) : undefined;
            summaries[plan.key] = summarise(stored[plan.key], alias);
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
        // The stores get the key as the user named it (an alias stays visible to the policy pack);
        // IAM grants need the key's ARN, which an alias resolves to.
        const storeKey: pulumi.Input<string> | undefined = plan.existingKey ?? kmsKey?.arn;
        const kmsKeyArn: pulumi.Input<string> | undefined = plan.existingKey !== undefined ? this.resolvedKey(plan.existingKey) : kmsKey?.arn;
        const ssmParameter = plan.ssm !== undefined ? createSsmParameter(name, plan, value, storeKey, tags, this) : undefined;
        const secretsManager = plan.secretsManager !== undefined ? createSecretsManagerSecret(name, plan, value, storeKey, tags, this) : undefined;
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
            ...(kmsKeyArn !== undefined ? { kmsKeyArn } : {}),
        };
    }

    /** One key-ARN lookup per existing key reference, shared by the secrets it encrypts. */
    private readonly resolvedKeys = new Map<pulumi.Input<string>, pulumi.Output<string>>();
    private resolvedKey(reference: pulumi.Input<string>): pulumi.Output<string> {
        let resolved = this.resolvedKeys.get(reference);
        if (resolved === undefined) {
            resolved = resolveKeyArn(reference, this);
            this.resolvedKeys.set(reference, resolved);
        }
        return resolved;
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
                    // Keys the set created and existing keys it uses (`kmsKeys`, aliases resolved).
                    keyArns: [...this.kmsKeys.map((k) => k.key.arn), ...this.resolvedKeys.values()],
                    ownReaders: rotatorRole === undefined ? [] : [rotatorRole],
                    managesVault: this.vaultMount !== undefined,
                },
                settings: args.audit ?? {},
            },
            { parent: this },
        );
    }

    /**
     * Lets `grantee` read the set's AWS-stored secrets (all, or `opts.secrets`): one inline
     * policy with exact ARNs and kms:Decrypt only via SSM / Secrets Manager. `grantee` is a
     * Role of this program, a role name or ARN (also an Output: then give `opts.name`), a
     * Lambda function (its execution role) or `{ taskDefinition, role: "task" | "execution" }`.
     * Grants of different secrets to one role get different names; the same grant twice
     * returns the first. Vault-only secrets are skipped (use a consumer's `vault` settings).
     */
    grantRead(grantee: ReadGrantee, opts?: { readonly secrets?: readonly string[]; readonly name?: string }): aws.iam.RolePolicy {
        const secrets = readableSecrets(this.access, opts?.secrets);
        const request = { setName: this.access.setName, grantee, secrets, ...(opts?.secrets !== undefined ? { qualifier: selectionQualifier(opts.secrets) } : {}), ...(opts?.name !== undefined ? { name: opts.name } : {}) };
        return attachReadPolicyOnce(this.grants, request, { parent: this });
    }

    /** Lambda `environment.variables` naming where each secret is (variable -> secret key); never a value. */
    lambdaEnvironment(mapping: Readonly<Record<string, string>>): Record<string, pulumi.Output<string>> {
        return lambdaEnvironmentOf(this.lookup(), mapping);
    }

    /** An ECS container definition's `secrets` (variable -> secret key); grant the task's execution role. */
    ecsSecrets(mapping: Readonly<Record<string, string>>): EcsContainerSecret[] {
        return ecsSecretsOf(this.lookup(), mapping);
    }

    /** A CodeBuild project's `environment.environmentVariables` (PARAMETER_STORE / SECRETS_MANAGER references). */
    codeBuildEnvironment(mapping: Readonly<Record<string, string>>): CodeBuildReference[] {
        return codeBuildEnvironmentOf(this.lookup(), mapping);
    }

    private lookup(): LocationLookup {
        return storedSecretsLookup(this.access.setName, this.storedSecrets);
    }
}
