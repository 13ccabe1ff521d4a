// Who else gets at secrets through IAM: AWS-managed policies attached to a role, user,
// group or permission set that read secrets they do not name, and role trust policies
// that let anyone (or any identity of an OIDC provider) assume the role.
import { ResourceValidationPolicy } from "@pulumi/policy";
import { AWS_MANAGED_SECRET_READERS } from "./lib/awsManagedSecretReaders";
import { onEveryDocument, statementNumbers } from "./lib/documentRules";
import { grantsAction } from "./lib/iamActions";
import { IamStatement } from "./lib/iamDocument";
import { allowsEveryone, conditionPins, federatedProviders } from "./lib/iamPrincipals";
import { attachedPolicyArns } from "./lib/policyCarriers";
import { isUnknown, plainInputs } from "./lib/previewValues";
import { describe } from "./lib/resourceKinds";

/** The AWS-managed policy an ARN names (`ReadOnlyAccess`, `job-function/ViewOnlyAccess`), or undefined. */
export function awsManagedPolicyName(arn: string): string | undefined {
    const match = /^arn:aws(-[a-z-]+)?:iam::aws:policy\/(.+)$/.exec(arn.trim());
    return match ? match[2] : undefined;
}

/** "`a`, `b`, `c`, `d` and 14 more": long tables stay readable. */
function listed(actions: readonly string[]): string {
    const shown = actions.slice(0, 4).map((a) => `\`${a}\``).join(", ");
    return actions.length > 4 ? `${shown} and ${actions.length - 4} more` : shown;
}

// New: Security Hub IAM.1 / CKV_AWS_274 flag AdministratorAccess only; this covers every
// AWS-managed policy that reads secrets (table generated from AWS's published documents).
export const iamNoAwsManagedSecretReaders: ResourceValidationPolicy = {
    name: "iam-no-aws-managed-secret-readers",
    description:
        "Checks whether no role, user, group or permission set is attached an AWS-managed policy that reads secrets, parameters or keys it does not name, or can grant itself such reads (AdministratorAccess, PowerUserAccess, ReadOnlyAccess, SecretsManagerReadWrite, AmazonSSMReadOnlyAccess, IAMFullAccess, ...).",
    enforcementLevel: "mandatory",
    validateResource: (args, report) => {
        const found = new Map<string, readonly string[]>();
        for (const arn of attachedPolicyArns(args.type, plainInputs(args.props))) {
            if (isUnknown(arn)) continue;
            const name = awsManagedPolicyName(arn);
            const reads = name === undefined ? undefined : AWS_MANAGED_SECRET_READERS[name];
            if (name !== undefined && reads !== undefined) found.set(name, reads);
        }
        for (const [name, reads] of found) {
            report(`${describe(args.type, args.name)} must not attach the AWS-managed policy \`${name}\`: it allows ${listed(reads)} on resources it does not name (reads of any secret, or the means to grant them). Attach a policy that names each secret's ARN.`);
        }
    },
};

const ASSUME_ACTIONS = ["sts:AssumeRole", "sts:AssumeRoleWithWebIdentity", "sts:AssumeRoleWithSAML"];

/** An OIDC trust must pin the token's subject (`<provider>:sub`), or any identity of the provider may assume the role. */
function openFederation(statement: IamStatement): boolean {
    if (statement.effect !== "Allow" || grantsAction(statement, "sts:AssumeRoleWithWebIdentity") !== true) return false;
    if (federatedProviders(statement).length === 0 || isUnknown(statement.condition)) return false;
    // `repo:*` pins nothing: the fixed part before any wildcard must name an owner (`repo:org/...`).
    return !conditionPins(statement.condition, (key) => key.endsWith(":sub"), (value) => /\//.test(value.split(/[*?]/)[0]));
}

// CKV_AWS_60 (IAM role allows only specific principals to assume it), CKV_AWS_61, Trivy AVD-AWS-0142;
// extended to NotPrincipal, wildcard ARNs, conditions that pin nothing, and OIDC trusts without a subject.
export const iamTrustPolicyNotPublic: ResourceValidationPolicy = {
    name: "iam-trust-policy-not-public",
    description:
        "Checks whether a role's trust policy (`assumeRolePolicy`) lets no one-and-all assume it: no `*` principal, `AWS: \"*\"`, wildcard account or `NotPrincipal` without a condition that pins the caller's account, organisation or ARN, and no OIDC trust without a `:sub` condition.",
    enforcementLevel: "mandatory",
    validateResource: onEveryDocument(["trust"], (statements, _where, args, report) => {
        const open: number[] = [];
        const federation: number[] = [];
        for (const [index, statement] of statements.entries()) {
            const assumes = ASSUME_ACTIONS.some((action) => grantsAction(statement, action) === true);
            if (assumes && allowsEveryone(statement)) open.push(index);
            else if (openFederation(statement)) federation.push(index);
        }
        if (open.length > 0) {
            report(`${describe(args.type, args.name)} must not let every principal assume it (${statementNumbers(open)} of \`assumeRolePolicy\`); name the accounts, roles or services, or pin \`aws:PrincipalAccount\` / \`aws:PrincipalOrgID\` / \`sts:ExternalId\` in a condition.`);
        }
        if (federation.length > 0) {
            report(`${describe(args.type, args.name)} must pin the web-identity subject (a \`<provider>:sub\` condition) in ${statementNumbers(federation)} of \`assumeRolePolicy\`; otherwise any identity of the provider may assume it.`);
        }
    }),
};

export const iamAccessPolicies = [iamNoAwsManagedSecretReaders, iamTrustPolicyNotPublic];
