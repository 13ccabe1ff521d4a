// Vault KV v2: the mount (created, or reused by path), its engine config keeping
// `maxVersions`, and one `vault.kv.SecretV2` per Vault-backed secret at
// `{environment}/{app}/{name}`, with the tags as custom metadata.
import * as pulumi from "@pulumi/pulumi";
import * as vault from "@pulumi/vault";
import { DEFAULT_VAULT_MAX_VERSIONS, DEFAULT_VAULT_MOUNT, type SecretSetArgs } from "./secretSetArgs";
import { childName, renameAliases } from "./childNames";
import type { SecretPlan } from "./secretPlan";
import type { ResolvedValue } from "./values";

export interface VaultMountChildren {
    /** Mount path; an Output of the created mount, so secrets wait for it. */
    readonly path: pulumi.Output<string>;
    readonly mount?: vault.Mount;
    readonly engineConfig?: vault.kv.SecretBackendV2;
}

export function createVaultMount(setName: string, args: SecretSetArgs, parent: pulumi.Resource): VaultMountChildren {
    const settings = args.vault ?? {};
    const path = settings.mount ?? DEFAULT_VAULT_MOUNT;
    if (settings.createMount === false) {
        // Reused mount: its engine config belongs to whoever created it; each secret
        // still keeps `maxVersions` through its own metadata.
        return { path: pulumi.output(path) };
    }
    const mount = new vault.Mount(
        `${setName}-vault-mount`,
        { path, type: "kv", options: { version: "2" }, description: `SecretSet KV v2 mount for ${args.environment}/${args.app}` },
        { parent },
    );
    const engineConfig = new vault.kv.SecretBackendV2(
        `${setName}-vault-config`,
        { mount: mount.path, maxVersions: settings.maxVersions ?? DEFAULT_VAULT_MAX_VERSIONS },
        { parent },
    );
    return { path: mount.path, mount, engineConfig };
}

export function createVaultSecret(
    setName: string,
    plan: SecretPlan,
    value: ResolvedValue,
    mountPath: pulumi.Output<string>,
    tags: Record<string, string>,
    parent: pulumi.Resource,
): vault.kv.SecretV2 {
    const spec = plan.vault;
    if (spec === undefined) throw new Error(`internal: secret \`${plan.key}\` is not planned for Vault`);
    return new vault.kv.SecretV2(
        childName(setName, "vault", plan.key),
        {
            mount: mountPath,
            name: spec.path,
            dataJson: value.vaultDataJson,
            customMetadata: { maxVersions: spec.maxVersions, data: tags },
        },
        {
            parent,
            aliases: renameAliases(setName, "vault", plan),
            protect: plan.protect,
            // An adopted KV secret is imported by `<mount>/data/<path>`, keeps its data and is never deleted with the set.
            ...(plan.adopt?.vaultPath !== undefined ? { import: `${spec.mount}/data/${spec.path}` } : {}),
            retainOnDelete: plan.protect || plan.adopt !== undefined,
            ignoreChanges: plan.ignoreValueChanges.vault ? ["dataJson"] : [],
            additionalSecretOutputs: ["data", "dataJson"],
        },
    );
}
