// The value each store receives. Non-public values are wrapped in `pulumi.secret`
// here, before they reach any resource input; generated values come from
// `random.RandomPassword` (its `result` is a secret output).
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { byteLength, type SsmTier, ssmTierFor } from "../policies/lib/limits";
import { providedValueProblem, sizeProblem } from "./declarationChecks";
import { isKnown } from "./deferredChecks";
import { deferredFailure } from "./deferredPlanChecks";
import { DEFAULT_GENERATED_LENGTH } from "./secretSetArgs";
import { childName, renameAliases } from "./childNames";
import type { SecretPlan } from "./secretPlan";
import type { ProvidedValue } from "./types";
import { EXTERNAL_PLACEHOLDER } from "./valueSource";

/** JSON field of the Vault document when the value is not already JSON (`generate.jsonKey`). */
export const VAULT_VALUE_FIELD = "value";

export interface ResolvedValue {
    /** What SSM / Secrets Manager store; undefined when no value is managed (external, rotator). */
    readonly stored?: pulumi.Input<string>;
    /** The Vault KV document (a JSON object string). */
    readonly vaultDataJson: pulumi.Input<string>;
    /** True when `stored` is plain text that may appear in inputs (public literal/plaintext config). */
    readonly plain: boolean;
    readonly password?: random.RandomPassword;
    /** SSM tier chosen from a value known only at deployment (an Output); undefined when the plan has it. */
    readonly ssmTier?: pulumi.Output<SsmTier>;
}

/**
 * A provided value that is an Output, checked when it resolves with the messages
 * validation gives a known value (non-empty, fits its stores).
 */
function checkedProvidedValue(setName: string, plan: SecretPlan, value: pulumi.Input<string>): pulumi.Input<string> {
    if (isKnown(value)) return value;
    return pulumi.output(value).apply((resolved) => {
        const empty = providedValueProblem(plan.key, resolved);
        const size = empty === undefined ? sizeProblem(byteLength(resolved), "value", plan.ssm !== undefined, plan.secretsManager !== undefined) : undefined;
        const text = empty ?? size?.text;
        if (text !== undefined) throw deferredFailure(setName, plan.key, size?.field ?? "value")(`Secret \`${plan.key}\`: ${text}`);
        return resolved;
    });
}

function generate(setName: string, plan: SecretPlan, parent: pulumi.Resource, keepers?: pulumi.Input<Record<string, string>>): random.RandomPassword {
    const spec = plan.declaration.generate ?? {};
    return new random.RandomPassword(
        childName(setName, "generated", plan.key),
        {
            length: spec.length ?? DEFAULT_GENERATED_LENGTH,
            lower: spec.lower ?? true,
            upper: spec.upper ?? true,
            numeric: spec.numeric ?? true,
            special: spec.special ?? true,
            ...(spec.overrideSpecial !== undefined ? { overrideSpecial: spec.overrideSpecial } : {}),
            minLower: spec.minLower ?? 0,
            minUpper: spec.minUpper ?? 0,
            minNumeric: spec.minNumeric ?? 0,
            minSpecial: spec.minSpecial ?? 0,
            // A scheduled Vault rotation renews the keeper, which generates a new value.
            ...(keepers !== undefined ? { keepers } : {}),
        },
        // Replacing the generator would silently change a protected value; a scheduled
        // rotation (keepers) replaces it on purpose, so protect would block every rotation.
        { parent, aliases: renameAliases(setName, "generated", plan), protect: plan.protect && keepers === undefined, retainOnDelete: plan.protect, additionalSecretOutputs: ["result"] },
    );
}

function vaultDocument(stored: pulumi.Input<string>, jsonKey: string | undefined, secret: boolean): pulumi.Output<string> {
    // With `jsonKey` the stored value already is the JSON document.
    const document = pulumi.output(stored).apply((value) => (jsonKey !== undefined ? value : JSON.stringify({ [VAULT_VALUE_FIELD]: value })));
    return secret ? pulumi.secret(document) : document;
}

export function resolveValue(setName: string, plan: SecretPlan, provided: ProvidedValue | undefined, parent: pulumi.Resource, keepers?: pulumi.Input<Record<string, string>>): ResolvedValue {
    const mustBeSecret = plan.rules.valueMustBeSecret;
    const jsonKey = plan.declaration.generate?.jsonKey;
    switch (plan.valueSource) {
        case "literal": {
            const value = plan.declaration.value ?? "";
            const stored = mustBeSecret ? pulumi.secret(value) : value;
            return { stored, plain: !mustBeSecret, vaultDataJson: vaultDocument(stored, undefined, mustBeSecret) };
        }
        case "config": {
            const secret = mustBeSecret || provided?.fromSecretConfig === true;
            const value = checkedProvidedValue(setName, plan, provided?.value ?? "");
            const stored = secret ? pulumi.secret(value) : value;
            // The tier is not secret even when the value is: only its size decides it.
            const ssmTier = plan.ssm !== undefined && plan.ssm.tier === undefined
                ? pulumi.unsecret(pulumi.output(value).apply((v) => ssmTierFor(byteLength(v)) ?? "Advanced"))
                : undefined;
            return { stored, plain: !secret, vaultDataJson: vaultDocument(stored, undefined, secret), ...(ssmTier !== undefined ? { ssmTier } : {}) };
        }
        case "generated": {
            const password = generate(setName, plan, parent, keepers);
            const stored = pulumi.secret(password.result.apply((value) => (jsonKey !== undefined ? JSON.stringify({ [jsonKey]: value }) : value)));
            return { stored, plain: false, password, vaultDataJson: vaultDocument(stored, jsonKey, true) };
        }
        default:
            // external / rotator: nothing managed; Vault needs a document to create the path.
            return { plain: true, vaultDataJson: JSON.stringify({ [VAULT_VALUE_FIELD]: EXTERNAL_PLACEHOLDER }) };
    }
}
