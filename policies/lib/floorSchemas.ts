// Writes the tighten-only floors (packConfigFloors.ts) into the pack's config
// schemas as `maximum` / `minimum`, so `pulumi preview --policy-pack-config` and
// `pulumi policy validate-config` refuse a loosening number before any policy
// runs (the CLI validates pack config against each policy's schema). List floors
// ("must still include") cannot be said in this schema dialect; readConfig refuses
// those when the policy runs.
import type { Policy, PolicyConfigSchema } from "@pulumi/policy";
import { PROPERTY_FLOORS } from "./packConfigFloors";

function withFloors(schema: PolicyConfigSchema): PolicyConfigSchema {
    const properties: PolicyConfigSchema["properties"] = {};
    for (const [name, property] of Object.entries(schema.properties)) {
        const floor = PROPERTY_FLOORS[name];
        const bound = floor?.bound ?? (typeof property.default === "number" ? property.default : undefined);
        if (floor === undefined || floor.direction === "includes" || bound === undefined) {
            properties[name] = property;
        } else if (floor.direction === "at-most") {
            properties[name] = { ...property, maximum: Math.min(property.maximum ?? bound, bound) };
        } else {
            properties[name] = { ...property, minimum: Math.max(property.minimum ?? bound, bound) };
        }
    }
    return { ...schema, properties };
}

/** The policies with their numeric floors in their config schemas (the policies themselves are not changed). */
export function withConfigFloors<T extends Policy>(policies: readonly T[]): T[] {
    return policies.map((policy) => (policy.configSchema ? { ...policy, configSchema: withFloors(policy.configSchema) } : policy));
}
