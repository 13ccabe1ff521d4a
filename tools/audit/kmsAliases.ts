// KMS aliases of the account (ListAliases, 100 per page), to tell which key an
// alias names: Secrets Manager and SSM report a key as an ARN, an id or an alias.
import { type KMSClient, ListAliasesCommand } from "@aws-sdk/client-kms";

/** Alias name (`alias/dev-app-secrets`) -> target key id. */
export async function listAliases(client: KMSClient): Promise<Map<string, string>> {
    const aliases = new Map<string, string>();
    let marker: string | undefined;
    do {
        const page = await client.send(new ListAliasesCommand({ Limit: 100, Marker: marker }));
        for (const alias of page.Aliases ?? []) {
            if (alias.AliasName !== undefined && alias.TargetKeyId !== undefined) aliases.set(alias.AliasName, alias.TargetKeyId);
        }
        marker = page.Truncated ? page.NextMarker : undefined;
    } while (marker);
    return aliases;
}

/** The key id a reference names: `arn:...:key/<id>`, `<id>`, `alias/<name>` or `arn:...:alias/<name>`. */
export function keyIdOf(reference: string, aliases: ReadonlyMap<string, string>): string | undefined {
    const alias = reference.match(/(?:^|:)(alias\/.+)$/);
    if (alias) return aliases.get(alias[1]);
    const arnKey = reference.match(/:key\/(.+)$/);
    return arnKey ? arnKey[1] : reference;
}
