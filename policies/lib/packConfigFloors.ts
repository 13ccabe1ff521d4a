// Pack configuration may only TIGHTEN the rules (DESIGN.md: "stack config may
// tighten, never loosen"). This module says, for each tunable property, which
// direction is stricter and where its floor comes from, and for each policy which
// enforcement levels a config may give it. Both the pack (readConfig, so that
// `pulumi preview --policy-pack-config` refuses too) and the offline preview
// (before Configure, exit 2) check configs with `packConfigProblems`.
import { CLASSIFICATION_RULES, RECOVERY_WINDOW_MIN_DAYS } from "./classification";

export type TighteningDirection =
    /** A number that may only go down (a maximum: rotation days, a detection threshold). */
    | "at-most"
    /** A number that may only go up (a minimum: recovery window, kept versions). */
    | "at-least"
    /** A list that may only grow (services or actions the rule watches). */
    | "includes";

export interface PropertyFloor {
    readonly direction: TighteningDirection;
    /** The floor; when absent, the property's schema default is the floor. */
    readonly bound?: number;
    /** Where the floor comes from, for the error message. */
    readonly source: string;
}

/**
 * Tunable properties of the pack's rules, by property name. The rotation and
 * recovery floors are the classification matrix's own numbers; the rest are the
 * rule's schema default (a rule cannot be tuned below what it ships with).
 */
export const PROPERTY_FLOORS: Readonly<Record<string, PropertyFloor>> = {
    maxRotationDays: { direction: "at-most", bound: CLASSIFICATION_RULES.confidential.maxRotationDays, source: "classification `confidential` maxRotationDays" },
    confidentialMaxRotationDays: { direction: "at-most", bound: CLASSIFICATION_RULES.confidential.maxRotationDays, source: "classification `confidential` maxRotationDays" },
    restrictedMaxRotationDays: { direction: "at-most", bound: CLASSIFICATION_RULES.restricted.maxRotationDays, source: "classification `restricted` maxRotationDays" },
    minRecoveryWindowDays: { direction: "at-least", bound: RECOVERY_WINDOW_MIN_DAYS, source: "the classification recovery-window floor" },
    minMaxVersions: { direction: "at-least", source: "the rule's default" },
    minLength: { direction: "at-most", source: "the rule's default (longer tokens only would miss credentials)" },
    minBitsPerChar: { direction: "at-most", source: "the rule's default (a higher entropy bar would miss credentials)" },
    services: { direction: "includes", source: "the rule's default services" },
    readActions: { direction: "includes", source: "the rule's default read actions" },
};

/**
 * Mandatory-by-default policies a config may lower to `advisory` (per-environment
 * hygiene, e.g. the dev stack). Every other mandatory policy stays mandatory, and
 * only the MAY_BE_DISABLED ones may be `disabled`.
 */
export const MAY_BE_ADVISORY: ReadonlySet<string> = new Set([
    "secretsmanager-recovery-window",
    "kms-deletion-window-for-class",
    "vault-kv-max-versions",
    "hardcoded-tags-and-descriptions",
    "stack-iam-grants-in-stack",
]);

/**
 * Policies that REQUIRE something per environment (an audit trail in prod) rather than
 * judge what exists; an environment that does not need it (dev) may switch them off.
 */
export const MAY_BE_DISABLED: ReadonlySet<string> = new Set(["audit-trail-required", "audit-read-alert-required", "audit-vault-device-required"]);

const LEVEL_RANK: Readonly<Record<string, number>> = { disabled: 0, advisory: 1, mandatory: 2, remediate: 2 };

export interface FloorProblem {
    readonly policy: string;
    /** `enforcementLevel` or the property name. */
    readonly field: string;
    readonly message: string;
}

/** The lowest level a config may give a policy that ships at `defaultLevel`. */
export function lowestLevelFor(policy: string, defaultLevel: string): string {
    if (defaultLevel !== "mandatory" && defaultLevel !== "remediate") return "disabled";
    if (MAY_BE_DISABLED.has(policy)) return "disabled";
    return MAY_BE_ADVISORY.has(policy) ? "advisory" : "mandatory";
}

export function levelProblem(policy: string, defaultLevel: string, configured: string): FloorProblem | undefined {
    const lowest = lowestLevelFor(policy, defaultLevel);
    if ((LEVEL_RANK[configured] ?? 2) >= (LEVEL_RANK[lowest] ?? 0)) return undefined;
    return {
        policy,
        field: "enforcementLevel",
        message: `\`${policy}\`: \`enforcementLevel\` "${configured}" loosens the policy; its floor is "${lowest}" (it ships "${defaultLevel}"). A pack config may only tighten.`,
    };
}

function describe(value: unknown): string {
    return JSON.stringify(value) ?? String(value);
}

/** Problems of one configured property against its floor (none for properties without one). */
export function propertyProblem(policy: string, property: string, configured: unknown, schemaDefault: unknown): FloorProblem | undefined {
    const floor = PROPERTY_FLOORS[property];
    if (!floor || configured === undefined) return undefined;
    const bound = floor.bound ?? schemaDefault;
    if (bound === undefined) return undefined;
    const fail = (need: string) => ({
        policy,
        field: property,
        message: `\`${policy}\`: \`${property}\` ${describe(configured)} loosens the rule; it must be ${need} (floor from ${floor.source}). A pack config may only tighten.`,
    });
    if (floor.direction === "includes") {
        const required = Array.isArray(bound) ? bound.map(String) : [];
        const given = Array.isArray(configured) ? configured.map(String) : [];
        const missing = required.filter((item) => !given.includes(item));
        return missing.length > 0 ? fail(`a list that still includes ${missing.map((m) => `"${m}"`).join(", ")}`) : undefined;
    }
    if (typeof configured !== "number" || typeof bound !== "number") return undefined; // the schema check reports the type
    if (floor.direction === "at-most" && configured > bound) return fail(`at most ${bound}`);
    if (floor.direction === "at-least" && configured < bound) return fail(`at least ${bound}`);
    return undefined;
}

/** Every loosening in a policy's configured properties, given its schema defaults. */
export function propertyProblems(policy: string, configured: Readonly<Record<string, unknown>>, schemaDefaults: Readonly<Record<string, unknown>>): FloorProblem[] {
    return Object.entries(configured)
        .map(([property, value]) => propertyProblem(policy, property, value, schemaDefaults[property]))
        .filter((p): p is FloorProblem => p !== undefined);
}
