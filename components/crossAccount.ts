// Cross-account read of Secrets Manager secrets: the secret's resource policy names
// the reading accounts, and the KMS key policy lets the same accounts decrypt only
// through Secrets Manager. Both come from `crossAccountReaders`, so they always agree.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { SECRETS_MANAGER_READ_ACTIONS } from "./grants";
import type { SecretPlan } from "./secretPlan";
import type { StoredSecret } from "./storedSecret";
import type { CrossAccountReader } from "./types";

const ACCOUNT_ID = /^\d{12}$/;

/** Accounts that may read the secret `key` (sorted, unique). */
export function readersOf(readers: readonly CrossAccountReader[] | undefined, key: string, plan: Pick<SecretPlan, "secretsManager">): string[] {
    if (plan.secretsManager === undefined) return [];
    const accounts = (readers ?? []).filter((r) => r.secrets === undefined || r.secrets.includes(key)).map((r) => r.accountId);
    return [...new Set(accounts)].sort();
}

/** Every problem of `crossAccountReaders`, as "Setting `crossAccountReaders[i]...`: ..." messages. */
export function crossAccountProblems(readers: unknown, secrets: Readonly<Record<string, { readonly storedInSecretsManager: boolean }>>): { field: string; message: string }[] {
    if (readers === undefined) return [];
    if (!Array.isArray(readers)) return [{ field: "crossAccountReaders", message: "Setting `crossAccountReaders` must be a list of `{ accountId, secrets }`." }];
    const problems: { field: string; message: string }[] = [];
    readers.forEach((reader: unknown, index) => {
        const where = `crossAccountReaders[${index}]`;
        const r = reader as Partial<CrossAccountReader> | null;
        if (typeof r !== "object" || r === null || typeof r.accountId !== "string" || !ACCOUNT_ID.test(r.accountId)) {
            problems.push({ field: `${where}.accountId`, message: `Setting \`${where}.accountId\` must be a 12-digit AWS account id.` });
            return;
        }
        for (const field of Object.keys(r)) {
            if (field !== "accountId" && field !== "secrets") problems.push({ field: `${where}.${field}`, message: `Setting \`${where}.${field}\` is not a known field; use \`accountId\`, \`secrets\`.` });
        }
        for (const key of r.secrets ?? []) {
            if (!(key in secrets)) {
                problems.push({ field: `${where}.secrets`, message: `Setting \`${where}.secrets\` names \`${key}\`, which is not declared; list declared secrets only.` });
            } else if (!secrets[key].storedInSecretsManager) {
                problems.push({ field: `${where}.secrets`, message: `Setting \`${where}.secrets\` names \`${key}\`, which is not stored in Secrets Manager; only Secrets Manager secrets can be read from another account (raise its classification to confidential, or read it through a role in this account).` });
            }
        }
    });
    return problems;
}

/** The key policy statement letting other accounts decrypt through Secrets Manager in `region` only. */
export function crossAccountKeyStatement(partition: string, region: string, accounts: readonly string[]): Record<string, unknown> {
    return {
        Sid: "CrossAccountDecryptViaSecretsManager",
        Effect: "Allow",
        Principal: { AWS: accounts.map((account) => `arn:${partition}:iam::${account}:root`) },
        Action: ["kms:Decrypt", "kms:DescribeKey"],
        Resource: "*",
        Condition: { StringEquals: { "kms:ViaService": `secretsmanager.${region}.amazonaws.com` } },
    };
}

/** The secret's resource policy: read by the named accounts, on this secret only. */
export function createCrossAccountSecretPolicy(
    name: string,
    secret: aws.secretsmanager.Secret,
    accounts: readonly string[],
    partition: pulumi.Input<string>,
    opts: pulumi.CustomResourceOptions,
): aws.secretsmanager.SecretPolicy {
    const policy = pulumi.all([secret.arn, partition]).apply(([arn, part]) =>
        JSON.stringify({
            Version: "2012-10-17",
            Statement: [{ Sid: "CrossAccountRead", Effect: "Allow", Principal: { AWS: accounts.map((a) => `arn:${part}:iam::${a}:root`) }, Action: SECRETS_MANAGER_READ_ACTIONS, Resource: arn }],
        }),
    );
    return new aws.secretsmanager.SecretPolicy(name, { secretArn: secret.arn, policy, blockPublicPolicy: true }, opts);
}

/** One resource policy per Secrets Manager secret another account reads, keyed by secret. */
export function createCrossAccountPolicies(
    setName: string,
    readers: readonly CrossAccountReader[] | undefined,
    stored: Readonly<Record<string, StoredSecret>>,
    parent: pulumi.Resource,
): Record<string, aws.secretsmanager.SecretPolicy> {
    const policies: Record<string, aws.secretsmanager.SecretPolicy> = {};
    if ((readers ?? []).length === 0) return policies;
    const partition = aws.getPartitionOutput({}, { parent }).partition;
    for (const secret of Object.values(stored)) {
        const accounts = readersOf(readers, secret.key, secret.plan);
        if (accounts.length === 0 || secret.secret === undefined) continue;
        if (secret.plan.existingKey !== undefined) {
            // A key given in `kmsKeys` belongs to someone else: say what its policy needs.
            pulumi.log.warn(`Secret \`${secret.key}\` is encrypted with an existing key (\`kmsKeys.${secret.classification}\`): its key policy must let ${accounts.join(", ")} use \`kms:Decrypt\` via Secrets Manager; SecretSet changes only the keys it creates.`, parent);
        }
        policies[secret.key] = createCrossAccountSecretPolicy(`${setName}-secret-policy-${secret.key}`, secret.secret, accounts, partition, { parent });
    }
    return policies;
}
