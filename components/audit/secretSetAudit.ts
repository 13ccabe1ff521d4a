// SecretSetAudit (`secretset:index:SecretSetAudit`): the audit trail of a SecretSet's
// reads (a trail of its own, or a declared existing one), the encrypted topic an
// unexpected read is sent to, the EventBridge rules that find such reads (created by
// `watchReads`, once the readers are known) and the Vault audit device.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as vault from "@pulumi/vault";
import { TAG_KEYS } from "../../policies/lib/classification";
import { type AuditSettings, trailOf, validateAuditSettings, vaultAuditDevice } from "./auditSettings";
import { type AuditTrail, createAuditTrail } from "./auditTrail";
import { type AlertTopic, createAlertTopic, createReadAlertRules, type ReadAlertRules } from "./readAlert";
import type { ReadPatterns, WatchedReads } from "./readPatterns";

/** What the set stores, as the audit needs it (names known now, ARNs as Outputs). */
export interface AuditedSet {
    readonly setName: string;
    readonly app: string;
    readonly environment: string;
    readonly owner: string;
    /** True when any secret is in Secrets Manager. */
    readonly hasSecretsManagerSecrets: boolean;
    /** Names of non-public SSM parameters. */
    readonly parameterNames: readonly string[];
    /** ARNs of the customer-managed keys encrypting the set's values. */
    readonly keyArns: readonly pulumi.Input<string>[];
    /** Roles that read as part of the set itself (the generic rotator). */
    readonly ownReaders: readonly pulumi.Input<string>[];
    /** The set writes to Vault. */
    readonly managesVault: boolean;
}

export interface SecretSetAuditArgs {
    readonly set: AuditedSet;
    readonly settings: AuditSettings;
}

/** The component's inputs, visible to the policy pack (no values in them). */
export interface AuditDeclaration {
    readonly trail: "own" | "existing";
    readonly existingTrailArn?: string;
    readonly vaultAudit: "own" | "existing" | "none";
}

export class SecretSetAudit extends pulumi.ComponentResource {
    static readonly TYPE = "secretset:index:SecretSetAudit";

    readonly declaration: AuditDeclaration;
    /** The trail of the stack's own; undefined when an existing trail is declared. */
    readonly trail?: AuditTrail;
    /** ARN of the trail recording the reads (own or declared). */
    readonly trailArn: pulumi.Output<string>;
    readonly alertTopic: AlertTopic;
    readonly vaultAudit?: vault.Audit;
    private readAlert?: ReadAlertRules;
    private readonly set: AuditedSet;
    private readonly settings: AuditSettings;
    private readonly prefix: string;
    private readonly account: { accountId: pulumi.Output<string>; partition: pulumi.Output<string>; region: pulumi.Output<string> };

    constructor(name: string, args: SecretSetAuditArgs, opts?: pulumi.ComponentResourceOptions) {
        const problems = validateAuditSettings(args.settings);
        if (problems.length > 0) throw new Error(problems.map((p) => p.message).join("\n"));
        const trail = trailOf(args.settings);
        const device = args.set.managesVault ? vaultAuditDevice(args.settings.vaultAudit) : undefined;
        const declaration: AuditDeclaration = {
            trail: trail === "create" ? "own" : "existing",
            ...(trail !== "create" ? { existingTrailArn: trail.existingTrailArn } : {}),
            vaultAudit: !args.set.managesVault ? "none" : device === undefined ? "existing" : "own",
        };
        super(SecretSetAudit.TYPE, name, { ...declaration }, opts);
        this.declaration = declaration;
        this.set = args.set;
        this.settings = args.settings;

        const childOpts: pulumi.CustomResourceOptions = { parent: this };
        const identity = aws.getCallerIdentityOutput({}, { parent: this });
        this.account = {
            accountId: identity.accountId,
            partition: aws.getPartitionOutput({}, { parent: this }).partition,
            region: aws.getRegionOutput({}, { parent: this }).region,
        };
        const tags = auditTags(args.set);
        const prefix = name;
        this.prefix = name;

        if (trail === "create") {
            const trailName = `${args.set.environment}-${args.set.app}-secret-reads`;
            this.trail = createAuditTrail(
                { resourcePrefix: prefix, trailName, multiRegion: args.settings.multiRegionTrail ?? true, ...this.account, tags },
                childOpts,
            );
            this.trailArn = this.trail.trail.arn;
        } else {
            this.trailArn = pulumi.output(trail.existingTrailArn);
        }
        this.alertTopic = createAlertTopic(
            {
                resourcePrefix: prefix,
                description: `SecretSet ${args.set.environment}/${args.set.app}: unexpected secret reads`,
                subscriptions: args.settings.alert?.subscriptions ?? [],
                accountId: this.account.accountId,
                partition: this.account.partition,
                tags,
            },
            childOpts,
        );
        if (device !== undefined) {
            this.vaultAudit = new vault.Audit(
                `${prefix}-vault-audit`,
                { type: device.type, path: device.path, options: device.options, description: `SecretSet audit device for ${args.set.environment}/${args.set.app}` },
                childOpts,
            );
        }
        this.registerOutputs({ trailArn: this.trailArn, alertTopicArn: this.alertTopic.topic.arn });
    }

    /**
     * Creates the unexpected-read rules. `readers` are the role ARNs of the set's
     * consumers; the set's own rotator and `alert.expectedReaders` are added here.
     * Call once, after the consumers exist.
     */
    watchReads(readers: readonly pulumi.Input<string>[]): ReadAlertRules {
        if (this.readAlert !== undefined) throw new pulumi.ResourceError("`watchReads` was already called for this SecretSet; pass every reader in one call.", this);
        const { set } = this;
        const services: (keyof ReadPatterns)[] = [];
        if (set.hasSecretsManagerSecrets) services.push("secrets");
        if (set.parameterNames.length > 0) services.push("parameters");
        if (set.keyArns.length > 0) services.push("keys");
        const allReaders: pulumi.Input<string>[] = [...readers, ...set.ownReaders, ...(this.settings.alert?.expectedReaders ?? [])];
        const watched: pulumi.Output<WatchedReads> = pulumi
            .all([pulumi.all(allReaders), pulumi.all([...set.keyArns]) as pulumi.Output<string[]>, this.account.partition, this.account.region, this.account.accountId])
            .apply(([expectedReaders, keyArns, partition, region, accountId]): WatchedReads => {
                const namePrefix = `${set.environment}/${set.app}/`;
                return {
                    secretIdPrefixes: set.hasSecretsManagerSecrets ? [namePrefix, `arn:${partition}:secretsmanager:${region}:${accountId}:secret:${namePrefix}`] : [],
                    parameterNames: set.parameterNames,
                    keyArns,
                    expectedReaders,
                };
            });
        this.readAlert = createReadAlertRules({ resourcePrefix: this.prefix, ruleNamePrefix: `${set.environment}-${set.app}`, watched, services, topic: this.alertTopic.topic, tags: auditTags(set) }, { parent: this });
        return this.readAlert;
    }

    /** The rules, once `watchReads` ran. */
    get readAlertRules(): ReadAlertRules | undefined {
        return this.readAlert;
    }
}

/** Audit resources carry the set's labels and no classification (they hold no secret). */
function auditTags(set: AuditedSet): Record<string, string> {
    return { [TAG_KEYS.environment]: set.environment, [TAG_KEYS.app]: set.app, [TAG_KEYS.owner]: set.owner, "secretset:purpose": "audit" };
}
