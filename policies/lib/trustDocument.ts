// A reader for role trust policies (`assumeRolePolicy`): who may assume the role and
// under which conditions, with preview unknowns kept explicit.
import { isObject, isUnknown, type Plain, type PlainObject, UNKNOWN, type Unknown } from "./previewValues";

export interface TrustStatement {
    readonly effect: "Allow" | "Deny";
    readonly actions: readonly string[];
    /** Principal type (`Federated`, `Service`, `AWS`) -> identifiers. */
    readonly principals: Readonly<Record<string, readonly string[]>>;
    /** Operator -> condition key (as written) -> values. */
    readonly conditions: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;
    /** True when some part was unknown during preview: a rule should say nothing. */
    readonly hasUnknown: boolean;
}

function strings(value: Plain): string[] | Unknown {
    if (isUnknown(value)) return UNKNOWN;
    const items = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
    if (items.some(isUnknown)) return UNKNOWN;
    return items.filter((i): i is string => typeof i === "string");
}

function statementOf(raw: PlainObject): TrustStatement {
    let hasUnknown = false;
    const read = (value: Plain): string[] => {
        const result = strings(value);
        if (isUnknown(result)) {
            hasUnknown = true;
            return [];
        }
        return result;
    };
    const principals: Record<string, string[]> = {};
    if (isUnknown(raw.Principal)) hasUnknown = true;
    else if (typeof raw.Principal === "string") principals.AWS = [raw.Principal];
    else if (isObject(raw.Principal)) for (const [type, ids] of Object.entries(raw.Principal)) principals[type] = read(ids);
    const conditions: Record<string, Record<string, string[]>> = {};
    if (isUnknown(raw.Condition)) hasUnknown = true;
    else if (isObject(raw.Condition)) {
        for (const [operator, entries] of Object.entries(raw.Condition)) {
            if (isUnknown(entries)) hasUnknown = true;
            if (!isObject(entries)) continue;
            conditions[operator] = {};
            for (const [key, values] of Object.entries(entries)) conditions[operator][key] = read(values);
        }
    }
    return { effect: raw.Effect === "Deny" ? "Deny" : "Allow", actions: read(raw.Action), principals, conditions, hasUnknown };
}

/** Statements of a trust policy (JSON string or object); UNKNOWN while unknown; "invalid" when unreadable. */
export function parseTrustPolicy(document: Plain): readonly TrustStatement[] | Unknown | "invalid" {
    if (isUnknown(document)) return UNKNOWN;
    let body: Plain = document;
    if (typeof document === "string") {
        if (/04da6b54-80e4-46f7-96ec-b56ff0331ba9/.test(document)) return UNKNOWN;
        try {
            body = JSON.parse(document) as Plain;
        } catch {
            return "invalid";
        }
    }
    if (!isObject(body)) return "invalid";
    if (isUnknown(body.Statement)) return UNKNOWN;
    const raw = Array.isArray(body.Statement) ? body.Statement : body.Statement === undefined ? [] : [body.Statement];
    return raw.filter(isObject).map(statementOf);
}

/** Operators that limit a key to the listed values (negated and `IfExists` forms do not). */
export function isPositiveMatch(operator: string): boolean {
    const base = operator.replace(/^(ForAnyValue|ForAllValues):/i, "");
    return /^String(Equals|Like|EqualsIgnoreCase)$/i.test(base);
}

/** Every value a positive operator allows for `key` (case-insensitive key match); undefined when the key is not limited. */
export function allowedValues(statement: TrustStatement, key: string): string[] | undefined {
    let found: string[] | undefined;
    for (const [operator, entries] of Object.entries(statement.conditions)) {
        if (!isPositiveMatch(operator)) continue;
        for (const [name, values] of Object.entries(entries)) {
            if (name.toLowerCase() === key.toLowerCase()) found = [...(found ?? []), ...values];
        }
    }
    return found;
}
