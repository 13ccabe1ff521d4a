// IAM for secrets, judged by what a document allows (policies/lib/iamEvaluation.ts):
// no whole secrets service granted, no read of a secret, parameter or key the document
// does not name, and grants on restricted secrets that name the secret they are for.
// Every identity document is read: Policy, Role/User/GroupPolicy, a Role's own
// `inlinePolicies`, SSO permission-set inline policies.
import { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { CLASSIFICATION_RULES } from "./lib/classification";
import { onEveryDocument, statementNumbers } from "./lib/documentRules";
import { grantsAction, grantsWholeService } from "./lib/iamActions";
import { parsePolicyDocument } from "./lib/iamDocument";
import { reachesService, unnamedEscalations, unnamedSecretReads } from "./lib/iamEvaluation";
import { readConfig } from "./lib/packConfig";
import { carriedDocuments } from "./lib/policyCarriers";
import { isUnknown } from "./lib/previewValues";
import { describe, TYPES } from "./lib/resourceKinds";
import { matchesSecret, namesSecretExactly } from "./lib/secretArns";
import { identityOf, plainResources } from "./lib/stackResources";
import { awsClassification, knownClassification } from "./lib/tags";

/** " (in `inlinePolicies[0].policy`)" for documents that are not the resource's only one. */
const inField = (field: string) => (field === "policy" ? "" : ` (in \`${field}\`)`);

const wildcardSchema = {
    properties: {
        services: {
            type: "array",
            items: { type: "string" },
            default: ["ssm", "secretsmanager", "kms"],
            description: "Services of which no statement may grant every action (`ssm:*`, `*`, `s?m:*`, `NotAction` ...).",
        },
    },
} as const;

// CKV_AWS_62/CKV_AWS_63 (no `*` actions), tfsec/Trivy AVD-AWS-0057 (aws-iam-no-policy-wildcards);
// narrowed to the secrets services, and judged against AWS's action catalogue instead of the spelling.
export const iamNoServiceWildcardActions: ResourceValidationPolicy = {
    name: "iam-no-service-wildcard-actions",
    description: "Checks whether IAM identity policies (any resource that carries one) grant every action of `ssm`, `secretsmanager` or `kms`, however spelled (`*`, `ssm:*`, `s?m:*`, mixed case, `NotAction`).",
    enforcementLevel: "mandatory",
    configSchema: wildcardSchema,
    validateResource: onEveryDocument(["identity"], async (statements, where, args, report) => {
        const { services } = readConfig<{ services: string[] }>(wildcardSchema, args.getConfig());
        for (const service of services) {
            const indexes: number[] = [];
            for (const [index, statement] of statements.entries()) {
                // `"Action": "*"` on an S3 bucket's ARN grants nothing on this service.
                const reaches = isUnknown(statement.resources) || statement.notResource || statement.resources.some((pattern) => reachesService(pattern, service.toLowerCase()));
                if (reaches && (await grantsWholeService(statement, service.toLowerCase())) === true) indexes.push(index);
            }
            if (indexes.length > 0) {
                report(`${describe(args.type, args.name)} must not grant every \`${service}\` action (${statementNumbers(indexes)}${inField(where.field)}); list the actions the consumer needs (e.g. \`secretsmanager:GetSecretValue\`).`);
            }
        }
    }),
};

const HOW_WORDS = {
    "wildcard resource": "through a wildcard or service-wide `Resource`",
    NotResource: "through `NotResource` (everything not listed)",
    "read by path": "by path (every parameter below it)",
} as const;

// CKV_AWS_108 (no data exfiltration: ssm:GetParameter*, secretsmanager:GetSecretValue on *), CKV_AWS_355;
// generalised: any resource pattern that reaches a secret, parameter or key it does not name.
export const iamNoSecretReadOnAllResources: ResourceValidationPolicy = {
    name: "iam-no-secret-read-on-all-resources",
    description:
        "Checks whether IAM identity policies can read (`secretsmanager:GetSecretValue`, `ssm:GetParameter*`, `kms:Decrypt`) only secrets, parameters and keys they name by exact ARN: no `*`, `arn:*`, service-wide or wildcard-in-name ARN, `NotResource`, or read by path.",
    enforcementLevel: "mandatory",
    validateResource: onEveryDocument(["identity"], (statements, where, args, report) => {
        const reads = unnamedSecretReads(statements);
        if (isUnknown(reads) || reads.length === 0) return;
        const parts = reads.map((r) => `\`${r.action}\` ${HOW_WORDS[r.how]}`);
        report(`${describe(args.type, args.name)} must not read secrets, parameters or keys it does not name${inField(where.field)}: it allows ${parts.join("; ")}. Name each secret, parameter and key by its exact ARN in \`Resource\`.`);
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
        for (const { resource, props } of resources) {
            for (const where of carriedDocuments(resource.type, props).filter((d) => d.role === "identity")) {
                const statements = parsePolicyDocument(where.document);
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
        }
    },
};

// Related: Prowler iam_policy_allows_privilege_escalation, CKV_AWS_286/287/289 (privilege escalation, exposure);
// narrowed to the paths that lead to secrets, judged by the same evaluation as the reads.
export const iamNoSecretAccessEscalation: ResourceValidationPolicy = {
    name: "iam-no-secret-access-escalation",
    description:
        "Checks whether IAM identity policies grant, on resources they do not name exactly (a wildcard or `NotResource`), actions that hand out secret reads: rewriting secret or key policies, KMS grants, attaching or writing IAM policies, assuming any role.",
    enforcementLevel: "mandatory",
    validateResource: onEveryDocument(["identity"], (statements, where, args, report) => {
        const found = unnamedEscalations(statements);
        if (found.length > 0) {
            report(`${describe(args.type, args.name)} must not grant ${[...found].map((a) => `\`${a}\``).join(", ")} on resources it does not name${inField(where.field)}: each lets the holder give itself reads of any secret. Name the exact resource.`);
        }
    }),
};

export const iamPolicies = [iamNoServiceWildcardActions, iamNoSecretReadOnAllResources, iamNoSecretAccessEscalation, iamRestrictedGrantsNameResources];
