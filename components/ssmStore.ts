// SSM Parameter Store: public -> String, internal -> SecureString with the set's
// customer-managed key. Tier from the value size (known at construction time).
import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import { childName, renameAliases } from "./childNames";
import type { SecretPlan } from "./secretPlan";
import type { ResolvedValue } from "./values";
import { EXTERNAL_PLACEHOLDER } from "./valueSource";

export function createSsmParameter(
    setName: string,
    plan: SecretPlan,
    value: ResolvedValue,
    kmsKeyArn: pulumi.Input<string> | undefined,
    tags: Record<string, string>,
    parent: pulumi.Resource,
): aws.ssm.Parameter {
    const ssm = plan.ssm;
    if (ssm === undefined) throw new Error(`internal: secret \`${plan.key}\` is not planned for SSM`);
    // SSM cannot create a parameter without a value: an external one starts with a fixed,
    // non-secret placeholder and `ignoreChanges` keeps whatever an operator sets later.
    const stored = value.stored ?? EXTERNAL_PLACEHOLDER;
    // Plain public values go in `insecureValue` so previews and policies can read them;
    // everything else goes in `value`, wrapped as a secret by resolveValue.
    const plain = value.stored === undefined || value.plain;
    const valueField = plain && ssm.type === "String" ? "insecureValue" : "value";
    return new aws.ssm.Parameter(
        childName(setName, "ssm", plan.key),
        {
            name: ssm.name,
            type: ssm.type,
            tier: ssm.tier ?? value.ssmTier ?? "Standard",
            [valueField]: stored,
            ...(ssm.type === "SecureString" ? { keyId: kmsKeyArn } : {}),
            ...(plan.declaration.description !== undefined ? { description: plan.declaration.description } : {}),
            tags,
        },
        {
            parent,
            aliases: renameAliases(setName, "ssm", plan),
            protect: plan.protect,
            // An adopted parameter is imported by name and never deleted with the set.
            ...(plan.adopt?.ssmParameter !== undefined ? { import: plan.adopt.ssmParameter } : {}),
            retainOnDelete: plan.protect || plan.adopt !== undefined,
            ignoreChanges: plan.ignoreValueChanges.ssm ? [valueField] : [],
            additionalSecretOutputs: valueField === "value" ? ["value"] : [],
        },
    );
}
