// Secrets Manager: customer-managed keys (replicas too), rotation that runs often
// enough, a recovery window, and resource policies that are never public.
import { ResourceValidationArgs, ResourceValidationPolicy, ReportViolation, validateResourceOfType } from "@pulumi/policy";
import { CLASSIFICATION_RULES, RECOVERY_WINDOW_MIN_DAYS } from "./lib/classification";
import { checkNoPublicPrincipal } from "./lib/documentRules";
import { DISPOSABLE_ENVIRONMENT_PROPERTY, readConfig } from "./lib/packConfig";
import { bool, isObject, isUnknown, list, num, Plain, plainInputs, str } from "./lib/previewValues";
import { describe, isAwsManagedKey, RESOURCES } from "./lib/resourceKinds";
import { rotationIntervalDays } from "./lib/rotationSchedule";
import { awsClassification, knownClassification } from "./lib/tags";

// CKV_AWS_149 (Secrets Manager secret encrypted with a KMS CMK), tfsec/Trivy AVD-AWS-0098
// (aws-ssm-secret-use-customer-key), KICS "Secrets Manager With Vulnerable KMS Key"; replicas included.
export const secretsManagerCustomerKey: ResourceValidationPolicy = {
    name: "secretsmanager-customer-key",
    description: "Checks whether Secrets Manager secrets, and every replica, are encrypted with a customer-managed KMS key.",
    enforcementLevel: "mandatory",
    validateResource: validateResourceOfType(RESOURCES.secret, (_, args, report) => {
        const inputs = plainInputs(args.props);
        const classification = knownClassification(awsClassification(inputs));
        // Untagged secrets are held to the strict default, as CKV_AWS_149 does.
        if (classification !== undefined && !CLASSIFICATION_RULES[classification].customerManagedKey) return;
        const checkKey = (keyId: ReturnType<typeof str>, where: string) => {
            if (isUnknown(keyId)) return;
            if (keyId === undefined || keyId === "") {
                report(`${describe(args.type, args.name)} must set ${where} to a customer-managed KMS key; without it Secrets Manager uses \`alias/aws/secretsmanager\`.`);
            } else if (isAwsManagedKey(keyId)) {
                report(`${describe(args.type, args.name)} must use a customer-managed KMS key in ${where}, not an AWS-managed \`alias/aws/*\` key.`);
            }
        };
        checkKey(str(inputs.kmsKeyId), "`kmsKeyId`");
        const replicas = list(inputs.replicas);
        if (replicas === undefined || isUnknown(replicas)) return;
        replicas.forEach((replica, index) => {
            if (isUnknown(replica)) return;
            const region = isObject(replica) ? str(replica.region) : undefined;
            const label = typeof region === "string" ? `\`replicas[${index}].kmsKeyId\` (${region})` : `\`replicas[${index}].kmsKeyId\``;
            checkKey(isObject(replica) ? str(replica.kmsKeyId) : undefined, label);
        });
    }),
};

const rotationSchema = {
    properties: {
        maxRotationDays: {
            type: "integer",
            minimum: 1,
            default: CLASSIFICATION_RULES.confidential.maxRotationDays,
            description: "Longest rotation interval any secret may have (class limits: see stack-secret-rotation-schedule).",
        },
    },
} as const;

// Security Hub SecretsManager.1 (automatic rotation enabled) and SecretsManager.4 (rotated within N days,
// default 90), CKV2_AWS_57, Prowler secretsmanager_automatic_rotation_enabled.
export const secretsManagerRotationMaxDays: ResourceValidationPolicy = {
    name: "secretsmanager-rotation-max-days",
    description: "Checks whether every Secrets Manager rotation is enabled and runs at least every `maxRotationDays` days.",
    enforcementLevel: "mandatory",
    configSchema: rotationSchema,
    validateResource: validateResourceOfType(RESOURCES.secretRotation, (_, args, report) => {
        const { maxRotationDays } = readConfig<{ maxRotationDays: number }>(rotationSchema, args.getConfig());
        const inputs = plainInputs(args.props);
        if (bool(inputs.rotationEnabled) === false) {
            report(`${describe(args.type, args.name)} must not set \`rotationEnabled: false\`; the secret must rotate.`);
            return;
        }
        const days = rotationIntervalDays(inputs.rotationRules);
        if (isUnknown(days)) return;
        if (days === undefined) {
            report(`${describe(args.type, args.name)} must set \`rotationRules.automaticallyAfterDays\` (or a readable \`scheduleExpression\`) of at most ${maxRotationDays} days.`);
        } else if (days > maxRotationDays) {
            report(`${describe(args.type, args.name)} must rotate at least every ${maxRotationDays} days (it rotates every ${Math.ceil(days)}).`);
        }
    }),
};

const recoverySchema = {
    properties: {
        disposableEnvironment: DISPOSABLE_ENVIRONMENT_PROPERTY,
        minRecoveryWindowDays: {
            type: "integer",
            minimum: 0,
            maximum: 30,
            default: RECOVERY_WINDOW_MIN_DAYS,
            description: "Recovery window floor for secrets without a classification tag.",
        },
    },
} as const;

// New (class-aware floor); no public rule checks the recovery window. AWS allows 0 (force delete) or 7-30 days.
export const secretsManagerRecoveryWindow: ResourceValidationPolicy = {
    name: "secretsmanager-recovery-window",
    description: "Checks whether a Secrets Manager secret's recovery window meets its class floor; disposable environments may force-delete, except protected classes.",
    enforcementLevel: "mandatory",
    configSchema: recoverySchema,
    validateResource: validateResourceOfType(RESOURCES.secret, (_, args, report) => {
        const config = readConfig<{ disposableEnvironment: boolean; minRecoveryWindowDays: number }>(recoverySchema, args.getConfig());
        const inputs = plainInputs(args.props);
        const classification = knownClassification(awsClassification(inputs));
        const rules = classification === undefined ? undefined : CLASSIFICATION_RULES[classification];
        // Protected classes (restricted) keep their floor even where the environment is disposable.
        if (config.disposableEnvironment && !rules?.protect) return;
        const floor = rules ? rules.minRecoveryWindowDays : config.minRecoveryWindowDays;
        const days = num(inputs.recoveryWindowInDays);
        if (isUnknown(days) || days === undefined) return; // unset: AWS keeps 30 days
        if (days < floor) {
            const label = classification ?? "unclassified";
            report(`${describe(args.type, args.name)} (${label}) must keep a recovery window of at least ${floor} days (\`recoveryWindowInDays\` is ${days}).`);
        }
    }),
};

function checkResourcePolicy(document: Plain, args: ResourceValidationArgs, report: ReportViolation): void {
    checkNoPublicPrincipal(document, args, report, "", "name the accounts or roles that may read the secret.");
}

// Prowler secretsmanager_not_publicly_accessible; the wildcard-principal check of CKV_AWS_33 applied to secret policies.
export const secretsManagerPolicyNoPublicPrincipal: ResourceValidationPolicy = {
    name: "secretsmanager-policy-no-public-principal",
    description: "Checks whether Secrets Manager resource policies (inline `policy` or SecretPolicy) let in no public principal: `*`, `AWS: \"*\"`, a wildcard account, or `Allow` with `NotPrincipal`, unless a condition pins the caller's account, organisation or ARN.",
    enforcementLevel: "mandatory",
    validateResource: [
        validateResourceOfType(RESOURCES.secret, (_, args, report) => {
            const inputs = plainInputs(args.props);
            if (inputs.policy !== undefined && inputs.policy !== "") checkResourcePolicy(inputs.policy, args, report);
        }),
        validateResourceOfType(RESOURCES.secretPolicy, (_, args, report) => {
            checkResourcePolicy(plainInputs(args.props).policy, args, report);
        }),
    ],
};

// Related: Prowler secretsmanager_not_publicly_accessible; checking `BlockPublicPolicy` itself is new.
export const secretsManagerBlockPublicPolicy: ResourceValidationPolicy = {
    name: "secretsmanager-block-public-policy",
    description: "Checks whether every SecretPolicy sets `blockPublicPolicy: true`, so AWS rejects any policy that grants public access.",
    enforcementLevel: "mandatory",
    validateResource: validateResourceOfType(RESOURCES.secretPolicy, (_, args, report) => {
        const block = bool(plainInputs(args.props).blockPublicPolicy);
        if (!isUnknown(block) && block !== true) {
            report(`${describe(args.type, args.name)} must set \`blockPublicPolicy: true\`.`);
        }
    }),
};

export const secretsManagerPolicies = [
    secretsManagerCustomerKey,
    secretsManagerRotationMaxDays,
    secretsManagerRecoveryWindow,
    secretsManagerPolicyNoPublicPrincipal,
    secretsManagerBlockPublicPolicy,
];
