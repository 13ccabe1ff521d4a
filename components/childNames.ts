// Logical names of a SecretSet's children. They derive from the set name and the
// secret key (never a position), so several sets in one stack never collide and a
// rename can alias the old name.
import type * as pulumi from "@pulumi/pulumi";
import type { SecretPlan } from "./secretPlan";

export type ChildKind = "ssm" | "secret" | "secret-version" | "vault" | "generated";

export function childName(setName: string, kind: ChildKind, key: string): string {
    return `${setName}-${kind}-${key}`;
}

/** `aliases` that carry a child over from the secret's previous key (`renamedFrom`). */
export function renameAliases(setName: string, kind: ChildKind, plan: SecretPlan): pulumi.Alias[] {
    const previous = plan.declaration.renamedFrom;
    return previous === undefined ? [] : [{ name: childName(setName, kind, previous) }];
}

/** `opts` plus, after a rename, an alias to the child's name under the previous key (`<prefix><previous key>`). */
export function renamedOpts(opts: pulumi.CustomResourceOptions, namePrefix: string, previousKey: string | undefined): pulumi.CustomResourceOptions {
    return previousKey === undefined ? opts : { ...opts, aliases: [...(opts.aliases ?? []), { name: `${namePrefix}${previousKey}` }] };
}
