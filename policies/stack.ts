// Stack policies: rules that need the whole stack — every secret that must rotate has
// a rotation, IAM grants point only at secrets of this stack, and a cost budget.
import { PolicyConfigSchema, PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { PolicyConfigJSONSchema } from "@pulumi/policy/schema";
import { Classification, CLASSIFICATION_RULES, CLASSIFICATIONS } from "./lib/classification";
import { statementNumbers } from "./lib/documentRules";
import { parsePolicyDocument } from "./lib/iamDocument";
import { readConfig } from "./lib/packConfig";
import { isUnknown, Plain, str } from "./lib/previewValues";
import { estimateMonthlyCost } from "./lib/pricing";
import { describe, IAM_POLICY_TYPES, TYPES } from "./lib/resourceKinds";
import { rotationIntervalDays } from "./lib/rotationSchedule";
import { isManual } from "./lib/rotationTags";
import { anyParameterMatcher, anySecretMatcher, parameterNamePattern, secretNamePattern } from "./lib/secretArns";
import { costInventoryOf, identityOf, plainResources, secretIdentitiesWithReplicas, StackResource } from "./lib/stackResources";
import { awsClassification, knownClassification } from "./lib/tags";

const ROTATING_CLASSES = CLASSIFICATIONS.filter((c) => CLASSIFICATION_RULES[c].rotationRequired);
const maxDaysKey = (classification: Classification) => `${classification}MaxRotationDays`;

const rotationSchema: PolicyConfigSchema = {
    properties: Object.fromEntries(
        ROTATING_CLASSES.map((c): [string, PolicyConfigJSONSchema] => [
            maxDaysKey(c),
            {
                type: "integer",
                minimum: 1,
                maximum: CLASSIFICATION_RULES[c].maxRotationDays,
                default: CLASSIFICATION_RULES[c].maxRotationDays,
                description: `Longest rotation interval for ${c} secrets; may only be tightened.`,
            },
        ]),
    ),
};

/**
 * Which rotations target a secret: by property dependency, or by ARN / id / name / URN
 * in `secretId`. Indexed once per stack, so each secret is a few lookups rather than
 * a pass over every rotation.
 */
function rotationIndex(rotations: readonly StackResource[]) {
    const byDependency = new Map<string, StackResource[]>();
    const bySecretId = new Map<string, StackResource[]>();
    const add = (index: Map<string, StackResource[]>, key: string, rotation: StackResource) => {
        const list = index.get(key);
        if (list) list.push(rotation);
        else index.set(key, [rotation]);
    };
    // A rotation whose target is unknown during preview may be any secret's.
    let anyUnknownTarget = false;
    for (const rotation of rotations) {
        for (const dependency of rotation.resource.propertyDependencies["secretId"] ?? []) add(byDependency, dependency.urn, rotation);
        const secretId = str(rotation.props.secretId);
        if (isUnknown(secretId)) anyUnknownTarget = true;
        else if (secretId !== undefined) add(bySecretId, secretId, rotation);
    }
    return {
        anyUnknownTarget,
        /** The rotations that target `secret`, each once. */
        linkedTo(secret: StackResource): StackResource[] {
            const linked = new Set(byDependency.get(secret.resource.urn));
            const candidates = [secret.props.arn, secret.props.id, secret.props.name, secret.resource.urn].filter((v): v is string => typeof v === "string" && !isUnknown(v));
            for (const candidate of candidates) bySecretId.get(candidate)?.forEach((rotation) => linked.add(rotation));
            return [...linked];
        },
    };
}

// Security Hub SecretsManager.1/.4 and CKV2_AWS_57 at stack level, made class-aware (new: 90 / 30 days by class).
export const stackSecretRotationSchedule: StackValidationPolicy = {
    name: "stack-secret-rotation-schedule",
    description: "Checks whether every Secrets Manager secret of a class that must rotate (confidential, restricted) has a SecretRotation in the stack within its class limit, unless it is rotated `manual`ly (see rotation-manual-owner-and-interval).",
    enforcementLevel: "mandatory",
    configSchema: rotationSchema,
    validateStack: (args, report) => {
        const config = readConfig<Record<string, number>>(rotationSchema, args.getConfig());
        const resources = plainResources(args.resources);
        const rotations = rotationIndex(resources.filter((r) => r.resource.type === TYPES.secretRotation));
        for (const secret of resources.filter((r) => r.resource.type === TYPES.secret)) {
            const classification = knownClassification(awsClassification(secret.props));
            if (classification === undefined || !ROTATING_CLASSES.includes(classification)) continue;
            // Rotated outside the stack: rotation-manual-owner-and-interval checks its owner and interval.
            if (isManual(secret.props.tags)) continue;
            const linked = rotations.linkedTo(secret);
            if (linked.length === 0) {
                // A rotation whose target is unknown during preview may be this secret's: say nothing.
                if (!rotations.anyUnknownTarget) {
                    report(`${describe(TYPES.secret, secret.resource.name)} (${classification}) must have a SecretRotation in the stack.`, secret.resource.urn);
                }
                continue;
            }
            const limit = Math.min(config[maxDaysKey(classification)], CLASSIFICATION_RULES[classification].maxRotationDays ?? Infinity);
            const intervals = linked.map((r) => rotationIntervalDays(r.props.rotationRules));
            if (intervals.some(isUnknown)) continue;
            const known = intervals.filter((d): d is number => typeof d === "number");
            if (known.length > 0 && Math.min(...known) > limit) {
                report(`${describe(TYPES.secret, secret.resource.name)} (${classification}) must rotate at least every ${limit} days (its rotation runs every ${Math.ceil(Math.min(...known))}).`, secret.resource.urn);
            }
        }
    },
};

// New: a grant on a secret the stack does not manage is a typo or a dangling permission.
export const stackIamGrantsInStack: StackValidationPolicy = {
    name: "stack-iam-grants-in-stack",
    description: "Checks whether every IAM grant on a Secrets Manager secret or SSM parameter ARN points at one managed in this stack.",
    enforcementLevel: "mandatory",
    validateStack: (args, report) => {
        const resources = plainResources(args.resources);
        const anySecret = anySecretMatcher(secretIdentitiesWithReplicas(resources.filter((r) => r.resource.type === TYPES.secret)));
        const anyParameter = anyParameterMatcher(resources.filter((r) => r.resource.type === TYPES.ssmParameter).map((r) => identityOf(r.props)));
        for (const { resource, props } of resources.filter((r) => IAM_POLICY_TYPES.includes(r.resource.type))) {
            const statements = parsePolicyDocument(props.policy as Plain);
            if (isUnknown(statements) || statements === "invalid") continue;
            // Counted, never quoted: an ARN or name may itself be sensitive.
            const dangling = new Set<string>();
            const positions = new Set<number>();
            for (const [index, statement] of statements.entries()) {
                if (statement.effect !== "Allow" || statement.notResource || isUnknown(statement.resources)) continue;
                for (const pattern of statement.resources) {
                    if (pattern === "*") continue; // judged by iam-no-secret-read-on-all-resources
                    const isSecret = secretNamePattern(pattern) !== undefined && !anySecret(pattern);
                    const isParameter = parameterNamePattern(pattern) !== undefined && !anyParameter(pattern);
                    if (isSecret || isParameter) {
                        dangling.add(pattern);
                        positions.add(index);
                    }
                }
            }
            if (dangling.size > 0) {
                report(`${describe(resource.type, resource.name)} must grant only secrets and parameters managed in this stack; ${dangling.size} resource ARN(s) in ${statementNumbers([...positions])} match none of them.`, resource.urn);
            }
        }
    },
};

const budgetSchema = {
    properties: {
        maxMonthlyCostUsd: { type: "number", minimum: 0, default: 100, description: "Monthly budget (USD) for the stack's secret storage and KMS keys." },
    },
} as const;

// New (cost guardrail; same price table as SecretSet's `estimatedMonthlyCostUsd`).
export const stackMonthlyCostBudget: StackValidationPolicy = {
    name: "stack-monthly-cost-budget",
    description: "Checks whether the stack's estimated monthly cost of secrets, replicas, parameters and KMS keys stays within `maxMonthlyCostUsd`.",
    enforcementLevel: "advisory",
    configSchema: budgetSchema,
    validateStack: (args, report) => {
        const { maxMonthlyCostUsd } = readConfig<{ maxMonthlyCostUsd: number }>(budgetSchema, args.getConfig());
        const estimate = estimateMonthlyCost(costInventoryOf(plainResources(args.resources)));
        if (estimate.totalUsd > maxMonthlyCostUsd) {
            const lines = estimate.breakdown.filter((l) => l.monthlyUsd > 0).map((l) => `${l.count} ${l.item} $${l.monthlyUsd.toFixed(2)}`);
            report(`Stack secrets must cost at most $${maxMonthlyCostUsd.toFixed(2)} a month; the estimate is $${estimate.totalUsd.toFixed(2)} (${lines.join(", ")}; prices ${estimate.pricesAsOf}).`);
        }
    },
};

export const stackPolicies = [stackSecretRotationSchedule, stackIamGrantsInStack, stackMonthlyCostBudget];

/** For tools that want the same estimate the budget rule uses. */
export function estimateStackCost(resources: readonly PolicyResource[]) {
    return estimateMonthlyCost(costInventoryOf(plainResources(resources)));
}
