// What Secrets Manager holds for a set, from ListSecrets alone (metadata only, never a
// value): one listing by the set's name prefix (declared secrets, tagged or not) and
// one by the `secretset:app` tag (undeclared secrets elsewhere), 100 per page.
import { ListSecretsCommand, type SecretListEntry, type SecretsManagerClient, type Filter } from "@aws-sdk/client-secrets-manager";
import { TAG_KEYS } from "../../policies/lib/classification";

export interface LiveSecret {
    readonly name: string;
    readonly arn: string;
    readonly tags: Readonly<Record<string, string>>;
    readonly kmsKeyId?: string;
    readonly rotationEnabled: boolean;
    readonly rotationDays?: number;
    readonly lastRotated?: Date;
    readonly lastChanged?: Date;
    readonly lastAccessed?: Date;
    readonly created?: Date;
    /** Version id -> staging labels. */
    readonly versions: Readonly<Record<string, readonly string[]>>;
}

async function listAll(client: SecretsManagerClient, filters: Filter[]): Promise<SecretListEntry[]> {
    const entries: SecretListEntry[] = [];
    let nextToken: string | undefined;
    do {
        const page = await client.send(new ListSecretsCommand({ Filters: filters, MaxResults: 100, NextToken: nextToken, IncludePlannedDeletion: false }));
        entries.push(...(page.SecretList ?? []));
        nextToken = page.NextToken;
    } while (nextToken);
    return entries;
}

/** Days of a rotation schedule (`AutomaticallyAfterDays`, or a `rate(N days)` expression). */
export function rotationDaysOf(entry: SecretListEntry): number | undefined {
    const rules = entry.RotationRules;
    if (rules?.AutomaticallyAfterDays !== undefined) return rules.AutomaticallyAfterDays;
    const rate = rules?.ScheduleExpression?.match(/^rate\((\d+) days?\)$/);
    return rate ? Number(rate[1]) : undefined;
}

function live(entry: SecretListEntry): LiveSecret {
    const tags: Record<string, string> = {};
    for (const tag of entry.Tags ?? []) if (tag.Key !== undefined) tags[tag.Key] = tag.Value ?? "";
    const rotationDays = rotationDaysOf(entry);
    return {
        name: entry.Name ?? "",
        arn: entry.ARN ?? "",
        tags,
        ...(entry.KmsKeyId !== undefined ? { kmsKeyId: entry.KmsKeyId } : {}),
        rotationEnabled: entry.RotationEnabled === true,
        ...(rotationDays !== undefined ? { rotationDays } : {}),
        ...(entry.LastRotatedDate ? { lastRotated: entry.LastRotatedDate } : {}),
        ...(entry.LastChangedDate ? { lastChanged: entry.LastChangedDate } : {}),
        ...(entry.LastAccessedDate ? { lastAccessed: entry.LastAccessedDate } : {}),
        ...(entry.CreatedDate ? { created: entry.CreatedDate } : {}),
        versions: entry.SecretVersionsToStages ?? {},
    };
}

/** Secrets under `{environment}/{app}/` and secrets tagged with the app, merged by ARN. */
export async function listSetSecrets(client: SecretsManagerClient, app: string, environment: string): Promise<LiveSecret[]> {
    const [byName, byTag] = await Promise.all([
        listAll(client, [{ Key: "name", Values: [`${environment}/${app}/`] }]),
        listAll(client, [
            { Key: "tag-key", Values: [TAG_KEYS.app] },
            { Key: "tag-value", Values: [app] },
        ]),
    ]);
    const merged = new Map<string, LiveSecret>();
    for (const entry of [...byName, ...byTag]) {
        const secret = live(entry);
        merged.set(secret.arn, secret);
    }
    return [...merged.values()];
}
