// Runs a check on every IAM document a resource carries, whatever resource type
// carries it (see policyCarriers.ts). Unknown and unreadable documents are left to
// the caller's `onInvalid` (resource policies) or skipped (the provider rejects them).
import { ResourceValidationArgs, ResourceValidationPolicy, ReportViolation } from "@pulumi/policy";
import { IamStatement, parsePolicyDocument } from "./iamDocument";
import { allowsEveryone } from "./iamPrincipals";
import { CarriedDocument, carriedDocuments, DocumentRole } from "./policyCarriers";
import { isUnknown, Plain, plainInputs } from "./previewValues";
import { describe } from "./resourceKinds";

export type DocumentCheck = (statements: readonly IamStatement[], where: CarriedDocument, args: ResourceValidationArgs, report: ReportViolation) => void | Promise<void>;

/** A `validateResource` that runs `check` on each document of the given roles. */
export function onEveryDocument(roles: readonly DocumentRole[], check: DocumentCheck, onInvalid?: (where: CarriedDocument, args: ResourceValidationArgs, report: ReportViolation) => void): ResourceValidationPolicy["validateResource"] {
    return async (args, report) => {
        const documents = carriedDocuments(args.type, plainInputs(args.props)).filter((d) => roles.includes(d.role));
        for (const where of documents) {
            const statements = parsePolicyDocument(where.document);
            if (isUnknown(statements)) continue; // judged once known
            if (statements === "invalid") {
                onInvalid?.(where, args, report);
                continue;
            }
            await check(statements, where, args, report);
        }
    };
}

/** "statements 1, 3" for messages (positions, never content). */
export function statementNumbers(indexes: readonly number[]): string {
    const unique = [...new Set(indexes)].sort((a, b) => a - b).map((i) => i + 1);
    return `${unique.length === 1 ? "statement" : "statements"} ${unique.join(", ")}`;
}

/**
 * A resource policy (secret or key) must be valid JSON and let in no public principal.
 * `whose` follows "every principal" in the message ("in its key policy"), `fix` ends it.
 */
export function checkNoPublicPrincipal(document: Plain, args: ResourceValidationArgs, report: ReportViolation, whose: string, fix: string): void {
    const statements = parsePolicyDocument(document);
    if (isUnknown(statements)) return;
    if (statements === "invalid") {
        report(`${describe(args.type, args.name)} must have a \`policy\` that is a valid JSON policy document.`);
        return;
    }
    const open = [...statements.entries()].filter(([, s]) => allowsEveryone(s)).map(([index]) => index);
    if (open.length > 0) {
        report(`${describe(args.type, args.name)} must not allow every principal${whose} (${statementNumbers(open)}: \`*\`, a wildcard account or \`NotPrincipal\` without a condition pinning the caller); ${fix}`);
    }
}
