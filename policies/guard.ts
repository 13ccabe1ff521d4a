// The pack's rules as a library (`import { SecretSetGuard } from "secretset/policies"`),
// the way @pulumi/awsguard is used: a user's own pack picks enforcement levels and
// rule settings per rule. Importing this file starts nothing; only `new SecretSetGuard`
// (a PolicyPack, which serves the analyzer) does. Built over ALL_POLICIES, so every
// rule added to the pack is part of the library too.
import { type EnforcementLevel, type Policies, PolicyPack, type PolicyPackConfig } from "@pulumi/policy";
import { ALL_POLICIES } from "./allPolicies";

export { ALL_POLICIES } from "./allPolicies";

/** One rule's setting: a level, or a level with the rule's `configSchema` properties. */
export type RuleSetting = EnforcementLevel | ({ readonly enforcementLevel?: EnforcementLevel } & { readonly [property: string]: unknown });

/**
 * `all` sets every rule's level; a rule's own entry (by its name, e.g.
 * `"secretsmanager-rotation-max-days": { enforcementLevel: "mandatory", maxRotationDays: 60 }`)
 * wins over `all`. Rules not named keep their own level and defaults.
 */
export interface SecretSetGuardSettings {
    readonly all?: EnforcementLevel;
    readonly [ruleName: string]: RuleSetting | undefined;
}

/** What a pack needs to include the rules: the policies (levels applied) and the initial config (rule properties). */
export interface SecretSetPolicySelection {
    readonly policies: Policies;
    readonly initialConfig: PolicyPackConfig;
}

const LEVELS: readonly EnforcementLevel[] = ["advisory", "mandatory", "remediate", "disabled"];

/** Names of every rule, in pack order. */
export function secretSetPolicyNames(): string[] {
    return ALL_POLICIES.map((policy) => policy.name);
}

function checkLevel(level: unknown, where: string): EnforcementLevel {
    if (typeof level !== "string" || !(LEVELS as readonly string[]).includes(level)) {
        throw new Error(`SecretSetGuard: ${where} must be one of ${LEVELS.map((l) => `\`${l}\``).join(", ")}.`);
    }
    return level as EnforcementLevel;
}

/**
 * The rules with the given settings applied, for `new PolicyPack(name, { policies }, initialConfig)`
 * next to other packs' rules. Unknown rule names, levels and properties are refused.
 */
export function secretSetPolicies(settings: SecretSetGuardSettings = {}): SecretSetPolicySelection {
    const byName = new Map(ALL_POLICIES.map((policy) => [policy.name, policy]));
    for (const name of Object.keys(settings)) {
        if (name !== "all" && !byName.has(name)) {
            throw new Error(`SecretSetGuard: \`${name}\` is not a SecretSet rule; use \`all\` or one of ${[...byName.keys()].map((n) => `\`${n}\``).join(", ")}.`);
        }
    }
    const all = settings.all === undefined ? undefined : checkLevel(settings.all, "`all`");
    const initialConfig: PolicyPackConfig = {};
    const policies = ALL_POLICIES.map((policy) => {
        const setting = settings[policy.name];
        let level = all ?? policy.enforcementLevel;
        if (typeof setting === "string") {
            level = checkLevel(setting, `the level of \`${policy.name}\``);
        } else if (setting !== undefined) {
            const { enforcementLevel, ...properties } = setting;
            if (enforcementLevel !== undefined) level = checkLevel(enforcementLevel, `\`${policy.name}.enforcementLevel\``);
            const known = Object.keys(policy.configSchema?.properties ?? {});
            for (const property of Object.keys(properties)) {
                if (!known.includes(property)) {
                    throw new Error(`SecretSetGuard: \`${policy.name}.${property}\` is not a setting of this rule; ${known.length > 0 ? `use ${known.map((k) => `\`${k}\``).join(", ")}` : "it has no settings"}.`);
                }
            }
            if (Object.keys(properties).length > 0) initialConfig[policy.name] = { ...properties };
        }
        return { ...policy, ...(level !== undefined ? { enforcementLevel: level } : {}) };
    });
    return { policies, initialConfig };
}

/**
 * A policy pack made of SecretSet's rules, e.g. in a user's pack `index.ts`:
 * `new SecretSetGuard({ all: "advisory", "ssm-securestring-customer-key": "mandatory" })`.
 * Constructing it serves the pack (the Pulumi CLI's policy host runs this file).
 */
export class SecretSetGuard extends PolicyPack {
    constructor(settings: SecretSetGuardSettings = {}, name = "secretset-guard") {
        const selection = secretSetPolicies(settings);
        super(name, { policies: selection.policies }, selection.initialConfig);
    }
}
