// Cross-account read needs two policies that agree: the secret's resource policy lets
// another account read it, and the policy of the KMS key that encrypts the secret lets
// the same account decrypt. A secret policy naming an account its key policy does not
// allow gives that account a secret it cannot read. SecretSet's `crossAccountReaders`
// writes both halves from one list; this rule holds any stack to the same agreement.
import { StackValidationPolicy } from "@pulumi/policy";
import { grantsAction } from "./lib/iamActions";
import { IamStatement, parsePolicyDocument } from "./lib/iamDocument";
import { isUnknown, str } from "./lib/previewValues";
import { describe, TYPES } from "./lib/resourceKinds";
import { plainResources, StackResource } from "./lib/stackResources";

const ACCOUNT_IN_PRINCIPAL = /^(?:arn:aws[a-z-]*:iam::(\d{12}):|(\d{12})$)/;

function accountOf(principal: string): string | undefined {
    const match = ACCOUNT_IN_PRINCIPAL.exec(principal);
    return match?.[1] ?? match?.[2];
}

/** Accounts an Allow statement gives `action` to (unknown parts are left out). */
function accountsAllowed(statements: readonly IamStatement[], action: string): Set<string> {
    const accounts = new Set<string>();
    for (const statement of statements) {
        if (grantsAction(statement, action) !== true || statement.notPrincipal || !Array.isArray(statement.principals)) continue;
        for (const entry of statement.principals) {
            if (entry.kind.toLowerCase() !== "aws") continue;
            for (const principal of entry.values) {
                const account = accountOf(principal);
                if (account !== undefined) accounts.add(account);
            }
        }
    }
    return accounts;
}

/** The resource a property points at: by property dependency, else by a known ARN / id / name. */
function linked(from: StackResource, property: string, candidates: readonly StackResource[]): StackResource | undefined {
    const urns = new Set((from.resource.propertyDependencies[property] ?? []).map((d) => d.urn));
    const byDependency = candidates.find((c) => urns.has(c.resource.urn));
    if (byDependency !== undefined) return byDependency;
    const reference = str(from.props[property]);
    if (reference === undefined || isUnknown(reference)) return undefined;
    return candidates.find((c) => [c.props.arn, c.props.id, c.props.keyId, c.props.name].some((v) => typeof v === "string" && v === reference));
}

export const secretsManagerCrossAccountKeyAccess: StackValidationPolicy = {
    name: "secretsmanager-cross-account-key-access",
    description: "Checks whether every account a Secrets Manager secret policy lets read a secret may also decrypt it under the policy of the secret's KMS key (when that key is in the stack).",
    enforcementLevel: "mandatory",
    validateStack: (args, report) => {
        const resources = plainResources(args.resources);
        const secrets = resources.filter((r) => r.resource.type === TYPES.secret);
        const keys = resources.filter((r) => r.resource.type === TYPES.kmsKey);
        for (const secretPolicy of resources.filter((r) => r.resource.type === TYPES.secretPolicy)) {
            const statements = parsePolicyDocument(secretPolicy.props.policy);
            if (!Array.isArray(statements)) continue;
            const readers = accountsAllowed(statements, "secretsmanager:GetSecretValue");
            if (readers.size === 0) continue;
            const secret = linked(secretPolicy, "secretArn", secrets);
            const key = secret === undefined ? undefined : linked(secret, "kmsKeyId", keys);
            if (secret === undefined || key === undefined) continue; // the key is managed elsewhere: nothing to compare
            const keyStatements = parsePolicyDocument(key.props.policy);
            if (!Array.isArray(keyStatements)) continue;
            const decrypters = accountsAllowed(keyStatements, "kms:Decrypt");
            const missing = [...readers].filter((account) => !decrypters.has(account)).sort();
            if (missing.length > 0) {
                report(
                    `${describe(secretPolicy.resource.type, secretPolicy.resource.name)} lets account${missing.length === 1 ? "" : "s"} ${missing.join(", ")} read ${describe(secret.resource.type, secret.resource.name)}, ` +
                        `but the policy of its KMS key \`${key.resource.name}\` must also let ${missing.length === 1 ? "it" : "them"} use \`kms:Decrypt\` (e.g. with \`kms:ViaService\` = secretsmanager.<region>.amazonaws.com); otherwise the read fails.`,
                    secretPolicy.resource.urn,
                );
            }
        }
    },
};

export const crossAccountPolicies = [secretsManagerCrossAccountKeyAccess];
