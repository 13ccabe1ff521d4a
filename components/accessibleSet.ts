// What access code needs to know about a SecretSet's stored secrets: where each
// one lives (names, ARNs, keys, Vault path). SecretSet builds this view from its
// stored resources; grants, CodeBuild and Vault access read only this view.
import * as pulumi from "@pulumi/pulumi";
import type { Classification } from "../policies/lib/classification";
import { CLASSIFICATIONS, TAG_KEYS } from "../policies/lib/classification";
import type { CodeBuildSecretSource } from "./codebuild";
import type { ReadableSecretInputs } from "./grants";
import type { SecretDeclaration } from "./types";

export interface AccessibleSecret {
    readonly key: string;
    readonly declaration: SecretDeclaration;
    readonly ssmParameterName?: string;
    readonly ssmParameterArn?: pulumi.Input<string>;
    /** Key of a SecureString parameter; absent for a plain String. */
    readonly ssmKmsKeyArn?: pulumi.Input<string>;
    readonly secretArn?: pulumi.Input<string>;
    readonly secretKmsKeyArn?: pulumi.Input<string>;
    /** Secrets Manager replicas with their keys (checked when given as Outputs). */
    readonly replicas?: readonly { readonly region: string; readonly kmsKeyArn: pulumi.Input<string> }[];
    /** Path inside the set's KV v2 mount when the secret is Vault-backed. */
    readonly vaultPath?: string;
}

export interface AccessibleSet {
    /** The SecretSet's logical name (prefix of child resource names). */
    readonly setName: string;
    readonly app: string;
    readonly environment: string;
    readonly owner: string;
    /** KV v2 mount path; undefined when the set has no Vault. */
    readonly vaultMount?: pulumi.Input<string>;
    readonly secrets: Readonly<Record<string, AccessibleSecret>>;
}

function pick(set: AccessibleSet, keys: readonly string[] | undefined): AccessibleSecret[] {
    const chosen = keys ?? Object.keys(set.secrets);
    return chosen.map((key) => {
        const secret = set.secrets[key];
        if (secret === undefined) {
            throw new Error(`Secret \`${key}\` is not declared in SecretSet \`${set.setName}\`; grant one of ${Object.keys(set.secrets).map((k) => `\`${k}\``).join(", ")}.`);
        }
        return secret;
    });
}

export function isOnAws(secret: AccessibleSecret): boolean {
    return secret.ssmParameterArn !== undefined || secret.secretArn !== undefined;
}

/** The IAM-readable part of the chosen secrets (all when `keys` is undefined); Vault-only ones are skipped. */
export function readableSecrets(set: AccessibleSet, keys?: readonly string[]): ReadableSecretInputs[] {
    return pick(set, keys)
        .filter(isOnAws)
        .map((secret) => ({
            key: secret.key,
            ssmParameterArn: secret.ssmParameterArn,
            ssmKmsKeyArn: secret.ssmKmsKeyArn,
            secretArn: secret.secretArn,
            secretKmsKeyArn: secret.secretKmsKeyArn,
            replicas: secret.secretArn === undefined ? undefined : (secret.replicas ?? secret.declaration.replicas ?? []).map((r) => ({ region: r.region, kmsKeyArn: r.kmsKeyArn })),
        }));
}

/** Vault paths of the chosen secrets that are Vault-backed. */
export function vaultPaths(set: AccessibleSet, keys?: readonly string[]): string[] {
    return pick(set, keys)
        .map((secret) => secret.vaultPath)
        .filter((p): p is string => p !== undefined);
}

export function codeBuildSources(set: AccessibleSet): Record<string, CodeBuildSecretSource> {
    const sources: Record<string, CodeBuildSecretSource> = {};
    for (const secret of Object.values(set.secrets)) {
        sources[secret.key] = {
            key: secret.key,
            ssmParameterName: secret.ssmParameterArn === undefined ? undefined : secret.ssmParameterName,
            secretArn: secret.secretArn,
            jsonKey: secret.declaration.generate?.jsonKey,
        };
    }
    return sources;
}

/** Tags of a resource that serves several secrets: it carries the most sensitive class among them. */
export function accessTags(set: AccessibleSet, keys: readonly string[]): Record<string, string> {
    const classes = pick(set, keys).map((s) => s.declaration.classification);
    const highest: Classification = classes.reduce<Classification>((a, b) => (CLASSIFICATIONS.indexOf(b) > CLASSIFICATIONS.indexOf(a) ? b : a), "public");
    return {
        [TAG_KEYS.classification]: highest,
        [TAG_KEYS.environment]: set.environment,
        [TAG_KEYS.app]: set.app,
        [TAG_KEYS.owner]: set.owner,
    };
}
