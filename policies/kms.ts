// KMS keys that protect secrets: rotated, with an explicit key policy that names its
// principals, the lockout safety check kept, and a long deletion window for keys of
// classes that require one.
import { ResourceValidationArgs, ResourceValidationPolicy, ReportViolation, StackValidationPolicy, validateResourceOfType } from "@pulumi/policy";
import { CLASSIFICATION_RULES } from "./lib/classification";
import { checkNoPublicPrincipal } from "./lib/documentRules";
import { bool, isUnknown, num, Plain, plainInputs, str } from "./lib/previewValues";
import { describe, RESOURCES, TYPES } from "./lib/resourceKinds";
import { plainResources, StackResource } from "./lib/stackResources";
import { awsClassification, knownClassification } from "./lib/tags";

// CKV_AWS_7 (KMS key rotation enabled), Security Hub KMS.4, tfsec/Trivy AVD-AWS-0065 (aws-kms-auto-rotate-keys),
// Prowler kms_cmk_rotation_enabled.
export const kmsKeyRotationEnabled: ResourceValidationPolicy = {
    name: "kms-key-rotation-enabled",
    description: "Checks whether symmetric encryption KMS keys have automatic key rotation enabled.",
    enforcementLevel: "mandatory",
    validateResource: validateResourceOfType(RESOURCES.kmsKey, (_, args, report) => {
        const inputs = plainInputs(args.props);
        const spec = str(inputs.customerMasterKeySpec) ?? "SYMMETRIC_DEFAULT";
        const usage = str(inputs.keyUsage) ?? "ENCRYPT_DECRYPT";
        // AWS rotates only symmetric encryption keys; asymmetric and HMAC keys cannot rotate.
        if (isUnknown(spec) || isUnknown(usage) || spec !== "SYMMETRIC_DEFAULT" || usage !== "ENCRYPT_DECRYPT") return;
        const rotation = bool(inputs.enableKeyRotation);
        if (!isUnknown(rotation) && rotation !== true) {
            report(`${describe(args.type, args.name)} must set \`enableKeyRotation: true\`.`);
        }
    }),
};

function checkKeyPolicy(document: Plain, args: ResourceValidationArgs, report: ReportViolation): void {
    checkNoPublicPrincipal(document, args, report, " in its key policy", "name the accounts or roles.");
}

// CKV_AWS_33 (KMS key policy has no wildcard principal), extended to NotPrincipal, wildcard accounts
// and conditions that pin nobody; key policies given as their own resource and replica / external keys too.
export const kmsKeyPolicyNoPublicPrincipal: ResourceValidationPolicy = {
    name: "kms-key-policy-no-public-principal",
    description: "Checks whether every KMS key policy (Key, KeyPolicy, replica and external keys) is valid JSON and lets in no public principal (`*`, wildcard account, `NotPrincipal`) without a condition pinning the caller.",
    enforcementLevel: "mandatory",
    validateResource: [RESOURCES.kmsKey, RESOURCES.kmsKeyPolicy, RESOURCES.kmsReplicaKey, RESOURCES.kmsExternalKey, RESOURCES.kmsReplicaExternalKey].map((kind) =>
        validateResourceOfType(kind, (_, args, report) => {
            const policy = plainInputs(args.props).policy;
            if (policy !== undefined && policy !== null && policy !== "") checkKeyPolicy(policy, args, report);
        }),
    ),
};

/** Whether a KeyPolicy in the stack may set this key's policy: by dependency, by id/ARN, or while its target is unknown. */
function keyPolicyTargets(keyPolicies: readonly StackResource[]): (key: StackResource) => boolean {
    const dependents = new Set(keyPolicies.flatMap((p) => (p.resource.propertyDependencies["keyId"] ?? []).map((d) => d.urn)));
    const ids = new Set(keyPolicies.map((p) => str(p.props.keyId)).filter((id): id is string => typeof id === "string" && !isUnknown(id)));
    const anyUnknown = keyPolicies.some((p) => isUnknown(str(p.props.keyId)));
    return (key) => {
        if (anyUnknown || dependents.has(key.resource.urn)) return true;
        return [key.props.arn, key.props.keyId, key.props.id].some((v) => typeof v === "string" && !isUnknown(v) && ids.has(v));
    };
}

// New (no public rule requires an explicit key policy): without one, AWS applies the default
// policy that delegates the key to every IAM principal of the account.
export const kmsKeyPolicyExplicit: StackValidationPolicy = {
    name: "kms-key-policy-explicit",
    description: "Checks whether every KMS key has an explicit key policy: its own `policy`, or a `kms.KeyPolicy` in the stack that sets it.",
    enforcementLevel: "mandatory",
    validateStack: (args, report) => {
        const resources = plainResources(args.resources);
        const targeted = keyPolicyTargets(resources.filter((r) => r.resource.type === TYPES.kmsKeyPolicy));
        for (const key of resources.filter((r) => r.resource.type === TYPES.kmsKey)) {
            const policy = key.props.policy;
            if (isUnknown(policy) || (policy !== undefined && policy !== null && policy !== "") || targeted(key)) continue;
            report(`${describe(key.resource.type, key.resource.name)} must have an explicit key policy (its \`policy\`, or a \`kms.KeyPolicy\`) naming who may use the key; the default policy delegates to every IAM principal of the account.`, key.resource.urn);
        }
    },
};

// New (no public rule checks the lockout safety check).
export const kmsNoBypassLockoutCheck: ResourceValidationPolicy = {
    name: "kms-no-bypass-lockout-check",
    description: "Checks whether a KMS key keeps the policy lockout safety check (`bypassPolicyLockoutSafetyCheck` not true).",
    enforcementLevel: "mandatory",
    validateResource: validateResourceOfType(RESOURCES.kmsKey, (_, args, report) => {
        if (bool(plainInputs(args.props).bypassPolicyLockoutSafetyCheck) === true) {
            report(`${describe(args.type, args.name)} must not set \`bypassPolicyLockoutSafetyCheck: true\`; a wrong policy would lock everyone out of the key.`);
        }
    }),
};

// New (class-aware deletion window; no public rule ties it to the data a key protects).
export const kmsDeletionWindowForClass: ResourceValidationPolicy = {
    name: "kms-deletion-window-for-class",
    description: "Checks whether a KMS key tagged with a classification has at least its class's deletion window (30 days for restricted data).",
    enforcementLevel: "mandatory",
    validateResource: validateResourceOfType(RESOURCES.kmsKey, (_, args, report) => {
        const inputs = plainInputs(args.props);
        const classification = knownClassification(awsClassification(inputs));
        if (classification === undefined) return;
        const required = CLASSIFICATION_RULES[classification].kmsDeletionWindowDays;
        const days = num(inputs.deletionWindowInDays);
        if (isUnknown(days) || days === undefined) return; // AWS default: 30 days
        if (days < required) {
            report(`${describe(args.type, args.name)} (${classification}) must set \`deletionWindowInDays\` to at least ${required} (it is ${days}).`);
        }
    }),
};

export const kmsPolicies = [kmsKeyRotationEnabled, kmsKeyPolicyNoPublicPrincipal, kmsKeyPolicyExplicit, kmsNoBypassLockoutCheck, kmsDeletionWindowForClass];
