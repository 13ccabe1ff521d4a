// Reading the resources of a stack (AnalyzeStack) as plain data.
import { PolicyResource } from "@pulumi/policy";
import { CostInventory, emptyInventory } from "./pricing";
import { list, plainInputs, PlainObject, str } from "./previewValues";
import { TYPES } from "./resourceKinds";
import { StoredSecretIdentity } from "./secretArns";

export interface StackResource {
    readonly resource: PolicyResource;
    readonly props: PlainObject;
}

export function plainResources(resources: readonly PolicyResource[]): StackResource[] {
    return resources.map((resource) => ({ resource, props: plainInputs(resource.props) }));
}

/** Known name and ARN of a stored secret or parameter (unknown parts left out). */
export function identityOf(props: PlainObject): StoredSecretIdentity {
    const name = str(props.name);
    const arn = str(props.arn);
    return { name: typeof name === "string" ? name : undefined, arn: typeof arn === "string" ? arn : undefined };
}

/** What a stack stores, counted for the price table (components use the same table). */
export function costInventoryOf(resources: readonly StackResource[]): CostInventory {
    const inventory = emptyInventory();
    for (const { resource, props } of resources) {
        switch (resource.type) {
            case TYPES.secret: {
                inventory.secretsManagerSecrets += 1;
                const replicas = list(props.replicas);
                if (Array.isArray(replicas)) inventory.secretsManagerReplicas += replicas.length;
                break;
            }
            case TYPES.ssmParameter: {
                const tier = str(props.tier);
                // An unknown or absent tier is priced as Standard, the provider default.
                if (tier === "Advanced") inventory.ssmAdvancedParameters += 1;
                else inventory.ssmStandardParameters += 1;
                break;
            }
            case TYPES.kmsKey:
                inventory.kmsKeys += 1;
                break;
            case TYPES.vaultKvSecret:
                inventory.vaultSecrets += 1;
                break;
        }
    }
    return inventory;
}

/**
 * Identities of the stack's Secrets Manager secrets, one per region they live in: a
 * replica is the same secret with the same ARN in another region (found by the real
 * engine: after `pulumi up` the ARNs are known and a grant on a replica must match).
 */
export function secretIdentitiesWithReplicas(secrets: readonly StackResource[]): StoredSecretIdentity[] {
    const identities: StoredSecretIdentity[] = [];
    for (const { props } of secrets) {
        const identity = identityOf(props);
        identities.push(identity);
        const replicas = list(props.replicas);
        const parts = identity.arn?.split(":");
        if (!Array.isArray(replicas) || parts === undefined || parts.length < 7) continue;
        for (const replica of replicas) {
            const region = str((replica as PlainObject | undefined)?.region);
            if (typeof region === "string") identities.push({ name: identity.name, arn: [...parts.slice(0, 3), region, ...parts.slice(4)].join(":") });
        }
    }
    return identities;
}
