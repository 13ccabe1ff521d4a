// Customer-managed KMS keys of a SecretSet: one shared key for the levels that use
// it, and a dedicated key per level whose rules ask for one (restricted). Only keys
// that a stored secret uses are created.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { CLASSIFICATIONS, type Classification } from "../policies/lib/classification";
import { kmsAliasName } from "../policies/lib/naming";
import { crossAccountKeyStatement, readersOf } from "./crossAccount";
import type { SecretSetArgs } from "./secretSetArgs";
import type { KeyRole, SecretPlan } from "./secretPlan";
import { tagsFor } from "./tags";

export interface SetKey {
    readonly role: KeyRole;
    readonly key: aws.kms.Key;
    readonly alias: aws.kms.Alias;
    readonly aliasName: string;
    /** Levels whose secrets this key encrypts. */
    readonly classifications: readonly Classification[];
}

/**
 * The key policy: the account root may administer and use the key, which hands
 * access control to IAM policies (the grants SecretSet writes name exact ARNs).
 * No wildcard principal.
 */
export function keyPolicy(accountRootArn: string, extraStatements: readonly Record<string, unknown>[] = []): string {
    return JSON.stringify({
        Version: "2012-10-17",
        Id: "secretset-key-policy",
        Statement: [
            {
                Sid: "AccountRootAdministersKeyAndDelegatesToIam",
                Effect: "Allow",
                Principal: { AWS: accountRootArn },
                Action: "kms:*",
                Resource: "*",
            },
            ...extraStatements,
        ],
    });
}

function mostSensitive(levels: readonly Classification[]): Classification {
    return [...levels].sort((a, b) => CLASSIFICATIONS.indexOf(b) - CLASSIFICATIONS.indexOf(a))[0];
}

export function createKmsKeys(setName: string, plans: readonly SecretPlan[], args: SecretSetArgs, parent: pulumi.Resource): Map<KeyRole, SetKey> {
    const usage = new Map<KeyRole, SecretPlan[]>();
    for (const plan of plans) {
        if (plan.keyRole !== undefined) usage.set(plan.keyRole, [...(usage.get(plan.keyRole) ?? []), plan]);
    }
    const keys = new Map<KeyRole, SetKey>();
    if (usage.size === 0) return keys;

    const identity = aws.getCallerIdentityOutput({}, { parent });
    const partition = aws.getPartitionOutput({}, { parent });
    const rootArn = pulumi.interpolate`arn:${partition.partition}:iam::${identity.accountId}:root`;
    // Looked up only when another account reads: the key policy then names the region's Secrets Manager.
    const region = (args.crossAccountReaders ?? []).length > 0 ? aws.getRegionOutput({}, { parent }).region : pulumi.output("");

    for (const role of [...usage.keys()].sort()) {
        const users = usage.get(role) ?? [];
        const levels = [...new Set(users.map((p) => p.classification))];
        const suffix = role === "shared" ? "" : `-${role}`;
        const protect = users.some((p) => p.protect);
        const aliasName = kmsAliasName(args.environment, args.app, role === "shared" ? undefined : role);
        const key = new aws.kms.Key(
            `${setName}-kms-key${suffix}`,
            {
                description: `SecretSet ${args.environment}/${args.app}: ${levels.join(", ")} secrets`,
                enableKeyRotation: true,
                deletionWindowInDays: Math.max(...users.map((p) => p.rules.kmsDeletionWindowDays)),
                policy: pulumi.all([rootArn, partition.partition, region]).apply(([root, part, regionName]) => {
                    // Accounts that read a secret this key encrypts (crossAccountReaders) may decrypt via Secrets Manager.
                    const readers = [...new Set(users.flatMap((p) => readersOf(args.crossAccountReaders, p.key, p)))].sort();
                    return keyPolicy(root, readers.length > 0 ? [crossAccountKeyStatement(part, regionName, readers)] : []);
                }),
                tags: tagsFor(mostSensitive(levels), args),
            },
            // Losing the key of a retained secret would make the secret unreadable.
            { parent, protect, retainOnDelete: protect },
        );
        const alias = new aws.kms.Alias(`${setName}-kms-alias${suffix}`, { name: aliasName, targetKeyId: key.keyId }, { parent });
        keys.set(role, { role, key, alias, aliasName, classifications: levels });
    }
    return keys;
}
