// Every place an AWS resource carries an IAM document or attaches a managed policy,
// so that no rule reads only the obvious `aws.iam.Policy` and misses a role's own
// inline policies, its trust policy, an attachment or a KMS key policy resource.
import { isObject, isUnknown, list, Plain, PlainObject, str, UNKNOWN, Unknown } from "./previewValues";
import { TYPES } from "./resourceKinds";

/** identity: grants to whoever holds it; resource: on the resource itself (has principals); trust: who may assume a role. */
export type DocumentRole = "identity" | "resource" | "trust";

export interface CarriedDocument {
    readonly role: DocumentRole;
    /** The input field, for messages (`inlinePolicies[0].policy`). */
    readonly field: string;
    readonly document: Plain;
}

const SINGLE_DOCUMENT: Record<string, { role: DocumentRole; field: string }> = {
    [TYPES.iamPolicy]: { role: "identity", field: "policy" },
    [TYPES.iamRolePolicy]: { role: "identity", field: "policy" },
    [TYPES.iamUserPolicy]: { role: "identity", field: "policy" },
    [TYPES.iamGroupPolicy]: { role: "identity", field: "policy" },
    [TYPES.ssoPermissionSetInlinePolicy]: { role: "identity", field: "inlinePolicy" },
    [TYPES.secret]: { role: "resource", field: "policy" },
    [TYPES.secretPolicy]: { role: "resource", field: "policy" },
    [TYPES.kmsKey]: { role: "resource", field: "policy" },
    [TYPES.kmsKeyPolicy]: { role: "resource", field: "policy" },
    [TYPES.kmsReplicaKey]: { role: "resource", field: "policy" },
    [TYPES.kmsExternalKey]: { role: "resource", field: "policy" },
    [TYPES.kmsReplicaExternalKey]: { role: "resource", field: "policy" },
};

/** Types that carry at least one document (rules filter on these). */
export const DOCUMENT_CARRIER_TYPES: readonly string[] = [...Object.keys(SINGLE_DOCUMENT), TYPES.iamRole];

const present = (document: Plain) => document !== undefined && document !== null && document !== "";

/** The documents a resource of `type` carries (absent ones left out). */
export function carriedDocuments(type: string, inputs: PlainObject): CarriedDocument[] {
    const single = SINGLE_DOCUMENT[type];
    if (single) return present(inputs[single.field]) ? [{ ...single, document: inputs[single.field] }] : [];
    if (type !== TYPES.iamRole) return [];
    const documents: CarriedDocument[] = [];
    if (present(inputs.assumeRolePolicy)) documents.push({ role: "trust", field: "assumeRolePolicy", document: inputs.assumeRolePolicy });
    const inline = inputs.inlinePolicies;
    if (isUnknown(inline)) documents.push({ role: "identity", field: "inlinePolicies", document: UNKNOWN });
    else if (Array.isArray(inline)) {
        inline.forEach((entry, index) => {
            const document = isUnknown(entry) ? UNKNOWN : isObject(entry) ? entry.policy : undefined;
            if (present(document)) documents.push({ role: "identity", field: `inlinePolicies[${index}].policy`, document });
        });
    }
    return documents;
}

const SINGLE_ARN: Record<string, string> = {
    [TYPES.iamRolePolicyAttachment]: "policyArn",
    [TYPES.iamUserPolicyAttachment]: "policyArn",
    [TYPES.iamGroupPolicyAttachment]: "policyArn",
    [TYPES.iamPolicyAttachment]: "policyArn",
    [TYPES.ssoManagedPolicyAttachment]: "managedPolicyArn",
};
const ARN_LISTS: Record<string, string> = {
    [TYPES.iamRole]: "managedPolicyArns",
    [TYPES.iamRolePolicyAttachmentsExclusive]: "policyArns",
    [TYPES.iamUserPolicyAttachmentsExclusive]: "policyArns",
    [TYPES.iamGroupPolicyAttachmentsExclusive]: "policyArns",
    [TYPES.ssoManagedPolicyAttachmentsExclusive]: "managedPolicyArns",
};

export const ATTACHMENT_TYPES: readonly string[] = [...Object.keys(SINGLE_ARN), ...Object.keys(ARN_LISTS)];

/** Managed policy ARNs a resource attaches; UNKNOWN entries stay UNKNOWN. */
export function attachedPolicyArns(type: string, inputs: PlainObject): (string | Unknown)[] {
    const single = SINGLE_ARN[type];
    if (single) {
        const arn = str(inputs[single]);
        return arn === undefined ? [] : [arn];
    }
    const field = ARN_LISTS[type];
    if (!field) return [];
    const arns = list(inputs[field]);
    if (isUnknown(arns)) return [UNKNOWN];
    return (arns ?? []).map((arn) => str(arn)).filter((arn): arn is string | Unknown => arn !== undefined);
}
