// Pack configuration read by rules. Defaults live in each rule's `configSchema` only;
// `readConfig` applies them, because the SDK's `getConfig` returns just what the pack
// config file (or the engine) sent, without schema defaults.
//
// It also refuses a config that loosens a floor (packConfigFloors.ts): under
// `pulumi preview --policy-pack-config` the policy then fails with that message
// instead of running with a weaker limit.
import { PolicyConfigSchema } from "@pulumi/policy";
import { propertyProblems } from "./packConfigFloors";

export class PackConfigLoosensError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "PackConfigLoosensError";
    }
}

export function readConfig<T extends object>(schema: PolicyConfigSchema, configured: object): T {
    const values: Record<string, unknown> = {};
    for (const [key, property] of Object.entries(schema.properties)) {
        if (property.default !== undefined) values[key] = property.default;
    }
    const problems = propertyProblems("policy config", configured as Record<string, unknown>, values);
    if (problems.length > 0) throw new PackConfigLoosensError(problems.map((p) => p.message).join(" "));
    return { ...values, ...configured } as T;
}

/** The stack's environment; empty means "not configured" and the rules that need it stand aside. */
export const ENVIRONMENT_PROPERTY = {
    type: "string",
    default: "",
    description: "Environment of the stack under check (e.g. `dev`, `prod`); set per environment in policies/config/<env>.json.",
} as const;

export const DISPOSABLE_ENVIRONMENT_PROPERTY = {
    type: "boolean",
    default: false,
    description: "The environment may be torn down at will (force-delete allowed).",
} as const;
