// Tags (Vault: custom metadata) every child resource of a SecretSet carries.
import { type Classification, TAG_KEYS } from "../policies/lib/classification";
import { DEFAULT_OWNER, type SecretSetArgs } from "./secretSetArgs";

export function tagsFor(classification: Classification, args: Pick<SecretSetArgs, "app" | "environment" | "owner">): Record<string, string> {
    return {
        [TAG_KEYS.classification]: classification,
        [TAG_KEYS.environment]: args.environment,
        [TAG_KEYS.app]: args.app,
        [TAG_KEYS.owner]: args.owner ?? DEFAULT_OWNER,
    };
}
