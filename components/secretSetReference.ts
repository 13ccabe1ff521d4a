// A SecretSet of another stack, seen through its exported summary (`secrets` output):
// names, ARNs, Vault paths, references for consumers and read grants for roles of
// this stack. Values never cross stacks: the summary holds none.
import type * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { ReadGrantee } from "./grantees";
import { logicalName } from "./grantees";
import { attachReadPolicyOnce, type ReadableSecretArns, selectionQualifier } from "./grants";
import { type CodeBuildReference, codeBuildEnvironmentOf, type EcsContainerSecret, ecsSecretsOf, lambdaEnvironmentOf, type LocationLookup, type SecretLocation } from "./secretReferences";
import type { SecretSummary } from "./storedSecret";

export interface SecretSetReferenceOptions {
    /** The other stack's output holding the set's summary. @default "secrets" (what the reference program exports) */
    readonly output?: string;
    /** Prefix of grant resource names. @default the StackReference's resource name */
    readonly name?: string;
    /** Parent of the grants this reference creates. @default none */
    readonly parent?: pulumi.Resource;
}

export class SecretSetReference {
    /** Every secret's summary: classification, stores, names, ARNs, Vault path, key. No values. */
    readonly secrets: pulumi.Output<Record<string, SecretSummary>>;
    private readonly prefix: string;
    private readonly outputName: string;
    private readonly parent?: pulumi.Resource;
    private readonly grants = new Map<string, aws.iam.RolePolicy>();

    constructor(stack: pulumi.StackReference, opts: SecretSetReferenceOptions = {}) {
        // Grant names become IAM inline policy names: a stack name's `/` is not allowed there.
        this.prefix = (opts.name ?? logicalName(stack)).replace(/[^A-Za-z0-9+=,.@_-]/g, "-");
        this.outputName = opts.output ?? "secrets";
        this.parent = opts.parent;
        this.secrets = stack.requireOutput(this.outputName).apply((value) => {
            if (typeof value !== "object" || value === null || Array.isArray(value)) {
                throw new pulumi.RunError(`Stack output \`${this.outputName}\` of \`${this.prefix}\` is not a SecretSet summary (a map of secret name to summary); export \`secretSet.secrets\` there.`);
            }
            return value as Record<string, SecretSummary>;
        });
    }

    /** One secret's summary; fails the deployment naming the secret when the other stack has no such secret. */
    secret(key: string): pulumi.Output<SecretSummary> {
        return this.secrets.apply((all) => this.pick(all, key, "secret"));
    }

    secretArn(key: string): pulumi.Output<string> {
        return this.field(key, "secretArn", "stored in Secrets Manager");
    }
    ssmParameterName(key: string): pulumi.Output<string> {
        return this.field(key, "ssmParameterName", "stored in SSM Parameter Store");
    }
    ssmParameterArn(key: string): pulumi.Output<string> {
        return this.field(key, "ssmParameterArn", "stored in SSM Parameter Store");
    }
    vaultPath(key: string): pulumi.Output<string> {
        return this.field(key, "vaultPath", "stored in Vault");
    }
    vaultMount(key: string): pulumi.Output<string> {
        return this.field(key, "vaultMount", "stored in Vault");
    }
    kmsKeyArn(key: string): pulumi.Output<string> {
        return this.field(key, "kmsKeyArn", "encrypted with a KMS key");
    }

    /** A read grant for a role of this stack, on the other stack's AWS secrets (all, or `opts.secrets`). */
    grantRead(grantee: ReadGrantee, opts?: { readonly secrets?: readonly string[]; readonly name?: string }): aws.iam.RolePolicy {
        const chosen = opts?.secrets;
        const secrets = this.secrets.apply((all) => {
            const keys = chosen ?? Object.keys(all).filter((k) => all[k].ssmParameterArn !== undefined || all[k].secretArn !== undefined);
            return keys.map((key) => readableFromSummary(key, this.pick(all, key, "grantRead")));
        });
        const request = { setName: this.prefix, grantee, secrets, ...(chosen !== undefined ? { qualifier: selectionQualifier(chosen) } : {}), ...(opts?.name !== undefined ? { name: opts.name } : {}) };
        return attachReadPolicyOnce(this.grants, request, this.parent !== undefined ? { parent: this.parent } : {});
    }

    lambdaEnvironment(mapping: Readonly<Record<string, string>>): Record<string, pulumi.Output<string>> {
        return lambdaEnvironmentOf(this.lookup(), mapping);
    }
    ecsSecrets(mapping: Readonly<Record<string, string>>): EcsContainerSecret[] {
        return ecsSecretsOf(this.lookup(), mapping);
    }
    codeBuildEnvironment(mapping: Readonly<Record<string, string>>): CodeBuildReference[] {
        return codeBuildEnvironmentOf(this.lookup(), mapping);
    }

    /** References resolve when the other stack's output does; a missing or Vault-only secret fails the deployment. */
    private lookup(): LocationLookup {
        return (key, use) =>
            this.secrets.apply((all): SecretLocation => {
                const s = this.pick(all, key, use);
                if (s.secretArn === undefined && s.ssmParameterArn === undefined) {
                    throw new pulumi.RunError(`${use}: secret \`${key}\` of stack \`${this.prefix}\` is not stored on AWS; reference only secrets in SSM or Secrets Manager.`);
                }
                return {
                    ...(s.secretArn !== undefined ? { secretArn: s.secretArn } : {}),
                    ...(s.ssmParameterName !== undefined ? { ssmParameterName: s.ssmParameterName, ssmParameterArn: s.ssmParameterArn } : {}),
                    ...(s.jsonKey !== undefined ? { jsonKey: s.jsonKey } : {}),
                };
            });
    }

    private field(key: string, field: keyof SecretSummary, meaning: string): pulumi.Output<string> {
        return this.secret(key).apply((summary) => {
            const value = summary[field];
            if (typeof value !== "string") throw new pulumi.RunError(`Secret \`${key}\` of stack \`${this.prefix}\` is not ${meaning}; it has no \`${field}\`.`);
            return value;
        });
    }

    private pick(all: Record<string, SecretSummary>, key: string, use: string): SecretSummary {
        const summary = all[key];
        if (summary === undefined) {
            throw new pulumi.RunError(`${use}: stack \`${this.prefix}\` exports no secret \`${key}\`; it has ${Object.keys(all).map((k) => `\`${k}\``).join(", ") || "none"}.`);
        }
        return summary;
    }
}

/** The IAM-readable part of a summary. */
export function readableFromSummary(key: string, summary: SecretSummary): ReadableSecretArns {
    const secureParameter = summary.ssmParameterArn !== undefined && summary.classification !== "public";
    return {
        key,
        ...(summary.ssmParameterArn !== undefined ? { ssmParameterArn: summary.ssmParameterArn, ...(secureParameter && summary.kmsKeyArn !== undefined ? { ssmKmsKeyArn: summary.kmsKeyArn } : {}) } : {}),
        ...(summary.secretArn !== undefined ? { secretArn: summary.secretArn, ...(summary.kmsKeyArn !== undefined ? { secretKmsKeyArn: summary.kmsKeyArn } : {}), replicas: summary.replicas ?? [] } : {}),
    };
}
