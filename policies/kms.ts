// KMS keys that protect secrets: rotated, with an explicit key policy that names its
// principals, the lockout safety check kept, and a long deletion window for keys of
// classes that require one.
import { ResourceValidationArgs, ResourceValidationPolicy, ReportViolation, validateResourceOfType } from "@pulumi/policy";
import { CLASSIFICATION_RULES } from "./lib/classification";
import { statementNumbers } from "./lib/documentRules";
import { parsePolicyDocument } from "./lib/iamDocument";
import { allowsEveryone } from "./lib/iamPrincipals";
import { bool, isUnknown, num, Plain, plainInputs, str } from "./lib/previewValues";
import { describe, RESOURCES } from "./lib/resourceKinds";
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

function checkKeyPolicy(policy: Plain, args: ResourceValidationArgs, report: ReportViolation): void {
    const statements = parsePolicyDocument(policy);
    if (isUnknown(statements)) return;
    if (statements === "invalid") {
        report(`${describe(args.type, args.name)} must have a \`policy\` that is a valid JSON policy document.`);
        return;
    }
    const open = [...statements.entries()].filter(([, s]) => allowsEveryone(s)).map(([index]) => index);
    if (open.length > 0) {
        report(`${describe(args.type, args.name)} must not allow every principal in its key policy (${statementNumbers(open)}: \`*\`, a wildcard account or \`NotPrincipal\` without a condition pinning the caller); name the accounts or roles.`);
    }
}

// CKV_AWS_33 (KMS key policy has no wildcard principal); requiring an explicit policy (not the account default) is new.
// Key policies given as their own resource (KeyPolicy) and replica / external keys are read too.
export const kmsKeyPolicyExplicit: ResourceValidationPolicy = {
    name: "kms-key-policy-explicit",
    description: "Checks whether a KMS key has an explicit key policy, and whether every key policy (Key, KeyPolicy, replica and external keys) lets in no public principal (`*`, wildcard account, `NotPrincipal`).",
    enforcementLevel: "mandatory",
    validateResource: [
        validateResourceOfType(RESOURCES.kmsKey, (_, args, report) => {
            const policy = plainInputs(args.props).policy;
            if (isUnknown(policy)) return;
            if (policy === undefined || policy === null || policy === "") {
                report(`${describe(args.type, args.name)} must set an explicit \`policy\` naming who may use the key; the default policy delegates to every IAM principal of the account.`);
                return;
            }
            checkKeyPolicy(policy, args, report);
        }),
        ...[RESOURCES.kmsKeyPolicy, RESOURCES.kmsReplicaKey, RESOURCES.kmsExternalKey, RESOURCES.kmsReplicaExternalKey].map((kind) =>
            validateResourceOfType(kind, (_, args, report) => {
                const policy = plainInputs(args.props).policy;
                if (policy !== undefined && policy !== null && policy !== "") checkKeyPolicy(policy, args, report);
            }),
        ),
    ],
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

export const kmsPolicies = [kmsKeyRotationEnabled, kmsKeyPolicyExplicit, kmsNoBypassLockoutCheck, kmsDeletionWindowForClass];
