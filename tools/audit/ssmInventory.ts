// What Parameter Store holds for a set, from DescribeParameters (metadata only, never
// a value), 50 per page: the parameters under `/{environment}/{app}`, the ones tagged
// with the set's app and environment anywhere, and their tags — batched by tag filter
// (one query per classification level, one for manual rotation) or, when that is
// more calls, ListTagsForResource per parameter. SSM has no batch tag read.
import { DescribeParametersCommand, ListTagsForResourceCommand, type ParameterMetadata, type ParameterStringFilter, type SSMClient } from "@aws-sdk/client-ssm";
import { CLASSIFICATIONS, ROTATION_MODE_KEY, TAG_KEYS } from "../../policies/lib/classification";

export interface LiveParameter {
    readonly name: string;
    readonly type: string;
    readonly keyId?: string;
    readonly version: number;
    readonly lastModified?: Date;
    /** Tags known for the parameter (all of them when read per parameter). */
    readonly tags: Readonly<Record<string, string>>;
}

async function describeAll(client: SSMClient, filters: ParameterStringFilter[]): Promise<ParameterMetadata[]> {
    const found: ParameterMetadata[] = [];
    let nextToken: string | undefined;
    do {
        const page = await client.send(new DescribeParametersCommand({ ParameterFilters: filters, MaxResults: 50, NextToken: nextToken }));
        found.push(...(page.Parameters ?? []));
        nextToken = page.NextToken;
    } while (nextToken);
    return found;
}

async function tagsOf(client: SSMClient, name: string): Promise<Record<string, string>> {
    const response = await client.send(new ListTagsForResourceCommand({ ResourceType: "Parameter", ResourceId: name }));
    return Object.fromEntries((response.TagList ?? []).map((t) => [t.Key ?? "", t.Value ?? ""]));
}

const tagFilter = (key: string, value: string): ParameterStringFilter => ({ Key: `tag:${key}`, Option: "Equals", Values: [value] });

/** Tags of the parameters under the path: per level and manual mode in batches, or one call each. */
async function tagsUnderPath(client: SSMClient, names: readonly string[], path: string): Promise<Map<string, Record<string, string>>> {
    const tags = new Map<string, Record<string, string>>(names.map((n) => [n, {}]));
    const batchedCalls = CLASSIFICATIONS.length + 1;
    if (names.length <= batchedCalls) {
        for (const name of names) tags.set(name, await tagsOf(client, name));
        return tags;
    }
    const under: ParameterStringFilter = { Key: "Path", Option: "Recursive", Values: [path] };
    for (const level of CLASSIFICATIONS) {
        for (const p of await describeAll(client, [under, tagFilter(TAG_KEYS.classification, level)])) {
            if (p.Name !== undefined) tags.set(p.Name, { ...tags.get(p.Name), [TAG_KEYS.classification]: level });
        }
    }
    // Manual secrets need their interval tag's value: read those few in full.
    for (const p of await describeAll(client, [under, tagFilter(ROTATION_MODE_KEY, "manual")])) {
        if (p.Name !== undefined) tags.set(p.Name, { ...tags.get(p.Name), ...(await tagsOf(client, p.Name)) });
    }
    return tags;
}

export async function listSetParameters(client: SSMClient, app: string, environment: string): Promise<{ underPath: LiveParameter[]; taggedElsewhere: string[] }> {
    const path = `/${environment}/${app}`;
    const [underPath, tagged] = await Promise.all([
        describeAll(client, [{ Key: "Path", Option: "Recursive", Values: [path] }]),
        describeAll(client, [tagFilter(TAG_KEYS.app, app), tagFilter(TAG_KEYS.environment, environment)]),
    ]);
    const names = underPath.map((p) => p.Name ?? "").filter((n) => n !== "");
    const tags = await tagsUnderPath(client, names, path);
    return {
        underPath: underPath.map((p) => ({
            name: p.Name ?? "",
            type: p.Type ?? "",
            ...(p.KeyId !== undefined ? { keyId: p.KeyId } : {}),
            version: p.Version ?? 0,
            ...(p.LastModifiedDate ? { lastModified: p.LastModifiedDate } : {}),
            tags: tags.get(p.Name ?? "") ?? {},
        })),
        taggedElsewhere: tagged.map((p) => p.Name ?? "").filter((n) => n !== "" && !names.includes(n)),
    };
}
