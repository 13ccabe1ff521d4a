// "May this identity policy read a secret, parameter or key that it does not name?"
// Answered by evaluation, not by spotting `*`: for every read action the document
// allows, each resource pattern that reaches the service is either an exact name (an
// ARN without wildcards; for Secrets Manager the random `-??????` suffix may stay open)
// or it is probed with a concrete resource it matches but does not name, and that
// request is evaluated against the whole document — Allow with Action or NotAction,
// Resource or NotResource, minus any unconditional Deny that covers the probe.
// Conditions on an Allow are not trusted to narrow it (a condition can be satisfied
// by the caller); a conditional Deny is not trusted to apply.
import { coversAction, grantsAction, SECRET_READ_ACTIONS, SECRET_SERVICES, SecretService } from "./iamActions";
import { IamStatement, wildcardMatches } from "./iamDocument";
import { isUnknown, UNKNOWN, Unknown } from "./previewValues";
import { isSetScopedSecretGrant } from "./setScopedGrant";

/** Concrete resources that no document of this stack names, one per service. */
const FOREIGN_PROBES: Record<SecretService, string> = {
    secretsmanager: "arn:aws:secretsmanager:us-east-1:000000000000:secret:secretset-probe/not-named-AbCdEf",
    ssm: "arn:aws:ssm:us-east-1:000000000000:parameter/secretset-probe/not-named",
    kms: "arn:aws:kms:us-east-1:000000000000:key/00000000-0000-4000-8000-000000000000",
};

const PARTITION = "aws(-cn|-us-gov|-iso[a-z-]*)?";
const REGION = "([a-z]{2}(-[a-z]+)+-\\d|\\*)";
/** Resource patterns that name one thing (a region of `*` names the same thing in every region). */
const EXACT: Record<SecretService, RegExp> = {
    secretsmanager: new RegExp(`^arn:${PARTITION}:secretsmanager:${REGION}:\\d{12}:secret:[A-Za-z0-9/_+=.@-]+?(-\\?{6})?$`),
    ssm: new RegExp(`^arn:${PARTITION}:ssm:${REGION}:\\d{12}:parameter/[A-Za-z0-9/_.-]+$`),
    kms: new RegExp(`^arn:${PARTITION}:kms:${REGION}:\\d{12}:(key/[A-Za-z0-9-]+|alias/[A-Za-z0-9/_-]+)$`),
};

/** Whether a resource pattern can match a resource of `service` at all (`*`, `arn:*`, `arn:aws:ssm:...`). */
export function reachesService(pattern: string, service: string): boolean {
    const literal = pattern.split("*")[0];
    return ["aws", "aws-cn", "aws-us-gov"].some((partition) => {
        const head = `arn:${partition}:${service}:`;
        const length = Math.min(literal.length, head.length);
        // `?` stands for any one character; compare the fixed part of both up to the shorter one.
        for (let i = 0; i < length; i++) if (literal[i] !== "?" && literal[i] !== head[i]) return false;
        return literal.length >= head.length || pattern.includes("*");
    });
}

/** A concrete resource the pattern matches but does not name. */
function probeFor(pattern: string, service: SecretService): string {
    if (wildcardMatches(pattern, FOREIGN_PROBES[service], false)) return FOREIGN_PROBES[service];
    return pattern.replace(/\*/g, "secretsetprobe").replace(/\?/g, "Q");
}

function coversResource(statement: IamStatement, resource: string): boolean | Unknown {
    if (isUnknown(statement.resources)) return UNKNOWN;
    const listed = statement.resources.some((pattern) => wildcardMatches(pattern, resource, false));
    return statement.notResource ? !listed : listed;
}

/** True when an unconditional Deny of the document covers the request. */
function denied(statements: readonly IamStatement[], action: string, resource: string): boolean {
    return statements.some((s) => s.effect === "Deny" && !s.hasCondition && coversAction(s, action) === true && coversResource(s, resource) === true);
}

export interface UnnamedRead {
    readonly action: string;
    /** Why: a wildcard or service-wide resource, `NotResource`, or a by-path read. */
    readonly how: "wildcard resource" | "NotResource" | "read by path";
}

/** The read actions the document allows on resources it does not name; UNKNOWN when a statement is unknown. */
export function unnamedSecretReads(statements: readonly IamStatement[]): UnnamedRead[] | Unknown {
    const found = new Map<string, UnnamedRead>();
    let unknown = false;
    for (const service of SECRET_SERVICES) {
        for (const action of SECRET_READ_ACTIONS[service]) {
            for (const statement of statements) {
                const grants = grantsAction(statement, action);
                if (isUnknown(grants) || isUnknown(statement.resources)) {
                    unknown = true;
                    continue;
                }
                if (!grants) continue;
                const probes: { resource: string; how: UnnamedRead["how"] }[] = [];
                if (statement.notResource) probes.push({ resource: FOREIGN_PROBES[service], how: "NotResource" });
                else {
                    for (const pattern of statement.resources) {
                        if (!reachesService(pattern, service)) continue;
                        // One set's own names, pinned by its tags (the rotators' grant): not an unnamed read.
                        if (service === "secretsmanager" && isSetScopedSecretGrant(statement, pattern)) continue;
                        if (action === "ssm:GetParametersByPath") probes.push({ resource: probeFor(pattern, service), how: "read by path" });
                        else if (!EXACT[service].test(pattern)) probes.push({ resource: probeFor(pattern, service), how: "wildcard resource" });
                    }
                }
                for (const probe of probes) {
                    // A NotResource statement may still exclude the foreign probe; a by-path read is judged by its action.
                    if (coversResource(statement, probe.resource) !== true && probe.how !== "read by path") continue;
                    if (!denied(statements, action, probe.resource) && !found.has(action)) found.set(action, { action, how: probe.how });
                }
            }
        }
    }
    if (found.size === 0 && unknown) return UNKNOWN;
    return [...found.values()];
}

/** Actions that let the holder give itself (or everyone) the reads it was not granted. */
export const ESCALATION_ACTIONS: readonly string[] = [
    "secretsmanager:PutResourcePolicy",
    "kms:PutKeyPolicy",
    "kms:CreateGrant",
    "iam:PutRolePolicy",
    "iam:AttachRolePolicy",
    "iam:PutUserPolicy",
    "iam:AttachUserPolicy",
    "iam:PutGroupPolicy",
    "iam:AttachGroupPolicy",
    "iam:CreatePolicyVersion",
    "iam:UpdateAssumeRolePolicy",
    "sts:AssumeRole",
];

/** Escalation actions the document allows on resources it does not name exactly (a wildcard or NotResource). */
export function unnamedEscalations(statements: readonly IamStatement[]): string[] {
    const found = new Set<string>();
    for (const action of ESCALATION_ACTIONS) {
        for (const statement of statements) {
            if (grantsAction(statement, action) !== true || isUnknown(statement.resources)) continue;
            // The service whose ARNs the action takes (`sts:AssumeRole` acts on `arn:aws:iam::...:role/...`).
            const service = action.startsWith("sts:") ? "iam" : action.split(":")[0];
            const open = statement.notResource || statement.resources.some((pattern) => /[*?]/.test(pattern) && reachesService(pattern, service));
            // An unconditional Deny of the same action everywhere takes it back.
            const denied = statements.some((s) => s.effect === "Deny" && !s.hasCondition && !s.notResource && coversAction(s, action) === true && !isUnknown(s.resources) && s.resources.includes("*"));
            if (open && !denied) found.add(action);
        }
    }
    return [...found];
}
