// IAM for secrets: no service-wide wildcards, no reading every secret, and grants on
// restricted secrets that name the secret they are for.
import { ResourceValidationArgs, ResourceValidationPolicy, ReportViolation, StackValidationPolicy, validateResourceOfType } from "@pulumi/policy";
import { CLASSIFICATION_RULES } from "./lib/classification";
import { grantsAction, IamStatement, parsePolicyDocument } from "./lib/iamDocument";
import { readConfig } from "./lib/packConfig";
import { isUnknown, Plain, plainInputs } from "./lib/previewValues";
import { describe, IAM_POLICY_TYPES, RESOURCES, TYPES } from "./lib/resourceKinds";
import { matchesSecret, namesSecretExactly } from "./lib/secretArns";
import { identityOf, plainResources } from "./lib/stackResources";
import { awsClassification, knownClassification } from "./lib/tags";

type StatementCheck = (statements: readonly IamStatement[], args: ResourceValidationArgs, report: ReportViolation) => void;

/** Runs `check` on the statements of every IAM policy, role/user/group inline policy. */
function onEveryIamDocument(check: StatementCheck) {
    const run = (_: unknown, args: ResourceValidationArgs, report: ReportViolation) => {
        const statements = parsePolicyDocument(plainInputs(args.props).policy);
        if (isUnknown(statements) || statements === "invalid") return; // the provider rejects invalid JSON itself
        check(statements, args, report);
    };
    return [
        validateResourceOfType(RESOURCES.iamPolicy, run),
        validateResourceOfType(RESOURCES.iamRolePolicy, run),
        validateResourceOfType(RESOURCES.iamUserPolicy, run),
        validateResourceOfType(RESOURCES.iamGroupPolicy, run),
    ];
}

const wildcardSchema = {
    properties: {
        services: {
            type: "array",
            items: { type: "string" },
            default: ["ssm", "secretsmanager", "kms"],
            description: "Services whose `<service>:*` (and `*`) actions are forbidden.",
        },
    },
} as const;

// CKV_AWS_62/CKV_AWS_63 (no `*` actions), tfsec/Trivy AVD-AWS-0057 (aws-iam-no-policy-wildcards);
// narrowed here to the secrets services.
export const iamNoServiceWildcardActions: ResourceValidationPolicy = {
    name: "iam-no-service-wildcard-actions",
    description: "Checks whether IAM policies grant no `ssm:*`, `secretsmanager:*`, `kms:*` (or `*`) actions.",
    enforcementLevel: "mandatory",
    configSchema: wildcardSchema,
    validateResource: onEveryIamDocument((statements, args, report) => {
        const { services } = readConfig<{ services: string[] }>(wildcardSchema, args.getConfig());
        const found = new Set<string>();
        for (const statement of statements) {
            if (statement.effect !== "Allow" || isUnknown(statement.actions)) continue;
            if (statement.notAction) {
                found.add("`NotAction`");
                continue;
            }
            for (const action of statement.actions) {
                const service = action.toLowerCase();
                if (service === "*" || services.some((s) => service === `${s.toLowerCase()}:*`)) found.add(`\`${action}\``);
            }
        }
        if (found.size > 0) {
            report(`${describe(args.type, args.name)} must not grant ${[...found].join(", ")}; list the actions the consumer needs (e.g. \`secretsmanager:GetSecretValue\`).`);
        }
    }),
};

const readSchema = {
    properties: {
        readActions: {
            type: "array",
            items: { type: "string" },
            default: ["ssm:GetParameter", "ssm:GetParameters", "ssm:GetParametersByPath", "ssm:GetParameterHistory", "secretsmanager:GetSecretValue", "kms:Decrypt"],
            description: "Actions that read secret values and must never be granted on every resource.",
        },
    },
} as const;

/** `*`, or a service-wide ARN such as `arn:aws:secretsmanager:*:*:secret:*`. */
function coversEveryResource(resource: string): boolean {
    return resource === "*" || /^arn:[^:]*:(ssm|secretsmanager|kms):[^:]*:[^:]*:(secret:\*|parameter\/\*|key\/\*|\*)$/.test(resource);
}

// CKV_AWS_108 (IAM policies do not allow data exfiltration: ssm:GetParameter*, secretsmanager:GetSecretValue on *);
// kms:Decrypt on * added (new).
export const iamNoSecretReadOnAllResources: ResourceValidationPolicy = {
    name: "iam-no-secret-read-on-all-resources",
    description: "Checks whether IAM policies grant no `ssm:GetParameter*`, `secretsmanager:GetSecretValue` or `kms:Decrypt` on `*`.",
    enforcementLevel: "mandatory",
    configSchema: readSchema,
    validateResource: onEveryIamDocument((statements, args, report) => {
        const { readActions } = readConfig<{ readActions: string[] }>(readSchema, args.getConfig());
        const found = new Set<string>();
        for (const statement of statements) {
            if (isUnknown(statement.resources)) continue;
            const everything = statement.notResource || statement.resources.some(coversEveryResource);
            if (!everything) continue;
            for (const action of readActions) if (grantsAction(statement, action) === true) found.add(`\`${action}\``);
        }
        if (found.size > 0) {
            report(`${describe(args.type, args.name)} must not grant ${[...found].join(", ")} on every resource; name the secrets, parameters and keys in \`Resource\`.`);
        }
    }),
};

// Secrets Manager actions that act on one secret (ListSecrets and GetRandomPassword take no resource).
const SECRET_ACTIONS = ["GetSecretValue", "PutSecretValue", "UpdateSecret", "DeleteSecret", "RotateSecret", "DescribeSecret", "PutResourcePolicy", "UpdateSecretVersionStage", "RestoreSecret"].map(
    (a) => `secretsmanager:${a}`,
);

/** Classes whose grants must name their secret: those that get a dedicated key (restricted by default). */
const NAMED_GRANT_CLASSES = Object.entries(CLASSIFICATION_RULES).filter(([, rules]) => rules.dedicatedKey).map(([name]) => name);

// New (classification-aware). Related: CKV_AWS_355 (no `*` resource for restrictable actions).
export const iamRestrictedGrantsNameResources: StackValidationPolicy = {
    name: "iam-restricted-grants-name-resources",
    description: "Checks whether every IAM grant that reaches a restricted secret names that secret (its ARN, or its name with the ARN suffix `-??????`), not a wildcard.",
    enforcementLevel: "mandatory",
    validateStack: (args, report) => {
        const resources = plainResources(args.resources);
        const restricted = resources
            .filter(({ resource, props }) => resource.type === TYPES.secret && NAMED_GRANT_CLASSES.includes(knownClassification(awsClassification(props)) ?? ""))
            .map(({ resource, props }) => ({ resource, identity: identityOf(props) }));
        if (restricted.length === 0) return;
        for (const { resource, props } of resources.filter((r) => IAM_POLICY_TYPES.includes(r.resource.type))) {
            const statements = parsePolicyDocument(props.policy as Plain);
            if (isUnknown(statements) || statements === "invalid") continue;
            for (const statement of statements) {
                if (isUnknown(statement.resources) || !SECRET_ACTIONS.some((a) => grantsAction(statement, a) === true)) continue;
                // A statement pinned by tag condition to other classes never reaches a restricted secret.
                if (statement.pinnedClassifications !== undefined && !statement.pinnedClassifications.some((c) => NAMED_GRANT_CLASSES.includes(c))) continue;
                for (const pattern of statement.resources) {
                    if (!/[*?]/.test(pattern)) continue;
                    for (const secret of restricted) {
                        if (matchesSecret(pattern, secret.identity) && !namesSecretExactly(pattern, secret.identity)) {
                            report(`${describe(resource.type, resource.name)} must name restricted secret \`${secret.resource.name}\` exactly in \`Resource\` instead of a wildcard pattern.`, resource.urn);
                        }
                    }
                }
            }
        }
    },
};


export const iamPolicies = [iamNoServiceWildcardActions, iamNoSecretReadOnAllResources, iamRestrictedGrantsNameResources];
