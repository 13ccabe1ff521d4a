// SSM Parameter Store: encrypted with a customer-managed key where the class asks for
// one, on a tier that fits the value.
import { ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";
import { CLASSIFICATION_RULES } from "./lib/classification";
import { byteLength, SSM_ADVANCED_MAX_BYTES, SSM_STANDARD_MAX_BYTES, ssmTierFor } from "./lib/limits";
import { isUnknown, plainInputs, str } from "./lib/previewValues";
import { describe, isAwsManagedKey, RESOURCES } from "./lib/resourceKinds";
import { awsClassification, knownClassification } from "./lib/tags";

// CKV_AWS_337 (SSM parameters use a KMS CMK) and CKV2_AWS_34 (SSM parameters are encrypted); made classification-aware (public values need no key).
export const ssmSecureStringCustomerKey: ResourceValidationPolicy = {
    name: "ssm-securestring-customer-key",
    description: "Checks whether SSM parameters of classes that need encryption are `SecureString` with a customer-managed KMS key (never `alias/aws/ssm`).",
    enforcementLevel: "mandatory",
    validateResource: validateResourceOfType(RESOURCES.ssmParameter, (_, args, report) => {
        const inputs = plainInputs(args.props);
        const classification = knownClassification(awsClassification(inputs));
        if (classification === undefined || !CLASSIFICATION_RULES[classification].customerManagedKey) return;
        const type = str(inputs.type);
        const keyId = str(inputs.keyId);
        if (isUnknown(type) || type !== "SecureString") {
            // A plaintext type is the store rule's finding (classification-store-allowed); say it once.
            return;
        }
        if (isUnknown(keyId)) return;
        if (keyId === undefined || keyId === "") {
            report(`${describe(args.type, args.name)} (${classification}) must set \`keyId\` to a customer-managed KMS key; without it SSM uses \`alias/aws/ssm\`.`);
        } else if (isAwsManagedKey(keyId)) {
            report(`${describe(args.type, args.name)} (${classification}) must use a customer-managed KMS key in \`keyId\`, not an AWS-managed \`alias/aws/*\` key.`);
        }
    }),
};

// New (AWS quota: Standard 4 KB, Advanced 8 KB). No public rule checks it; a wrong tier fails at apply time.
export const ssmTierFitsValue: ResourceValidationPolicy = {
    name: "ssm-tier-fits-value",
    description: "Checks whether an SSM parameter's tier can hold its value (Standard up to 4 KB, Advanced up to 8 KB).",
    enforcementLevel: "mandatory",
    validateResource: validateResourceOfType(RESOURCES.ssmParameter, (_, args, report) => {
        const inputs = plainInputs(args.props);
        const value = str(inputs.value) ?? str(inputs.insecureValue);
        const tier = str(inputs.tier) ?? "Standard";
        if (value === undefined || isUnknown(value) || isUnknown(tier)) return;
        const bytes = byteLength(value);
        const needed = ssmTierFor(bytes);
        if (needed === undefined) {
            // No tier holds it; Intelligent-Tiering picks Standard or Advanced, so its limit is Advanced's.
            report(`${describe(args.type, args.name)} must hold at most ${SSM_ADVANCED_MAX_BYTES} bytes; store it in Secrets Manager instead.`);
        } else if (needed === "Advanced" && tier === "Standard") {
            report(`${describe(args.type, args.name)} must use \`tier: "Advanced"\` for a value over ${SSM_STANDARD_MAX_BYTES} bytes.`);
        }
    }),
};

export const ssmPolicies = [ssmSecureStringCustomerKey, ssmTierFitsValue];
