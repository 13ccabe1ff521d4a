// Who a resource policy (secret policy, key policy, role trust policy) lets in.
// "Everyone" is spelled many ways: `"Principal": "*"`, `{"AWS": "*"}`, `{"AWS": ["*"]}`,
// an ARN with a wildcard account, any principal kind of `*`, or `Allow` with
// `NotPrincipal` (everyone except the few listed). A condition only counts when it
// pins the caller to known identities (account, organisation, ARN, source) with a
// positive operator and no wildcard-only value; `...IfExists` and negated operators do not.
import { IamStatement } from "./iamDocument";
import { isObject, isUnknown, Plain, PlainObject } from "./previewValues";

/** Condition keys that tie a request to known callers (compared in lower case). */
const IDENTITY_KEYS = new Set([
    "aws:principalaccount",
    "aws:principalarn",
    "aws:principalorgid",
    "aws:principalorgpaths",
    "aws:sourceaccount",
    "aws:sourcearn",
    "aws:sourceorgid",
    "aws:sourceorgpaths",
    "aws:sourcevpc",
    "aws:sourcevpce",
    "aws:userid",
    "kms:calleraccount",
    "sts:externalid",
]);

function valuesOf(value: Plain): string[] {
    const items = Array.isArray(value) ? value : [value];
    return items.filter((v): v is string => typeof v === "string" && !isUnknown(v));
}

/** Operators that, when true, mean the caller IS one of the listed values. */
function isPositiveOperator(operator: string): boolean {
    const op = operator.replace(/^for(any|all)value:/i, "").toLowerCase();
    if (op.endsWith("ifexists") || op.includes("not")) return false;
    return /^(stringequals|stringequalsignorecase|stringlike|arnequals|arnlike)$/.test(op);
}

/** A value that names callers: not wildcard-only, and an ARN's account is not a wildcard. */
function pinsValue(value: string): boolean {
    if (/^[*?]*$/.test(value)) return false;
    return !(value.startsWith("arn:") && /[*?]/.test(value.split(":")[4] ?? ""));
}

/** True when the condition block pins the caller to identities matched by `keyTest`. */
export function conditionPins(condition: PlainObject | undefined, keyTest: (key: string) => boolean, valueTest: (value: string) => boolean = pinsValue): boolean {
    if (condition === undefined) return false;
    for (const [operator, block] of Object.entries(condition)) {
        if (!isPositiveOperator(operator) || !isObject(block)) continue;
        for (const [key, value] of Object.entries(block)) {
            if (!keyTest(key.toLowerCase())) continue;
            const values = valuesOf(value);
            if (values.length > 0 && values.every((v) => pinsValue(v) && valueTest(v))) return true;
        }
    }
    return false;
}

/** True when a principal value stands for everyone (`*`, or an AWS ARN with a wildcard). */
function isEveryone(kind: string, value: string): boolean {
    if (value.trim() === "*") return true;
    return kind.toLowerCase() === "aws" && /[*?]/.test(value);
}

/** True when an Allow statement lets in any principal at all and no condition pins the caller. */
export function allowsEveryone(statement: IamStatement): boolean {
    if (statement.effect !== "Allow" || isUnknown(statement.principals) || statement.principals === undefined) return false;
    const open = statement.notPrincipal || statement.principals.some((entry) => entry.values.some((value) => isEveryone(entry.kind, value)));
    if (!open) return false;
    if (isUnknown(statement.condition)) return false; // judged once known
    return !conditionPins(statement.condition, (key) => IDENTITY_KEYS.has(key));
}

/** Federated web-identity principals (OIDC providers) named by a statement. */
export function federatedProviders(statement: IamStatement): string[] {
    if (isUnknown(statement.principals) || statement.principals === undefined) return [];
    return statement.principals.filter((e) => e.kind.toLowerCase() === "federated").flatMap((e) => e.values);
}
