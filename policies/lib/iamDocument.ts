// A small reader for IAM policy documents as Pulumi passes them: a JSON string or an
// object with the usual capitalised keys (`inputs.iam.PolicyDocument`).
import type { Classification } from "./classification";
import { isObject, isUnknown, Plain, PlainObject, UNKNOWN, Unknown } from "./previewValues";
import { pinnedClassifications } from "./tagConditions";

export interface IamStatement {
    readonly effect: "Allow" | "Deny";
    /** Action patterns, or UNKNOWN; `notAction` statements grant everything not listed. */
    readonly actions: readonly string[] | Unknown;
    readonly notAction: boolean;
    readonly resources: readonly string[] | Unknown;
    readonly notResource: boolean;
    /** Principals (`"*"` for everyone); undefined for identity policies. */
    readonly principals: readonly string[] | Unknown | undefined;
    readonly hasCondition: boolean;
    /** Classifications a `StringEquals` tag condition limits the statement to; undefined = any. */
    readonly pinnedClassifications?: readonly Classification[];
}

export type ParsedDocument = readonly IamStatement[] | Unknown | "invalid";

function strings(value: Plain): string[] | Unknown {
    if (isUnknown(value)) return UNKNOWN;
    const items = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
    const out: string[] = [];
    for (const item of items) {
        if (isUnknown(item)) return UNKNOWN;
        if (typeof item === "string") out.push(item);
    }
    return out;
}

function principalsOf(value: Plain): string[] | Unknown | undefined {
    if (value === undefined) return undefined;
    if (isUnknown(value)) return UNKNOWN;
    if (typeof value === "string") return [value];
    if (!isObject(value)) return [];
    const out: string[] = [];
    for (const entry of Object.values(value)) {
        const names = strings(entry);
        if (isUnknown(names)) return UNKNOWN;
        out.push(...names);
    }
    return out;
}

function statementOf(raw: PlainObject): IamStatement {
    const notAction = raw.NotAction !== undefined;
    const notResource = raw.NotResource !== undefined;
    return {
        effect: raw.Effect === "Deny" ? "Deny" : "Allow",
        actions: strings(notAction ? raw.NotAction : raw.Action),
        notAction,
        resources: strings(notResource ? raw.NotResource : raw.Resource),
        notResource,
        principals: principalsOf(raw.Principal ?? raw.NotPrincipal),
        hasCondition: isObject(raw.Condition) && Object.keys(raw.Condition).length > 0,
        pinnedClassifications: pinnedClassifications(raw.Condition),
    };
}

function containsSentinel(text: string): boolean {
    return isUnknown(text) || /1c4a061d-8072-4f0a-a4cb-0ff528b18fe7|3eeb2bf0-c639-47a8-9e75-3b44932eb421|04da6b54-80e4-46f7-96ec-b56ff0331ba9/.test(text);
}

/** Statements of a document; UNKNOWN while the document is unknown; "invalid" when unreadable. */
export function parsePolicyDocument(document: Plain): ParsedDocument {
    if (isUnknown(document)) return UNKNOWN;
    let body: Plain = document;
    if (typeof document === "string") {
        if (containsSentinel(document)) return UNKNOWN;
        try {
            body = JSON.parse(document) as Plain;
        } catch {
            return "invalid";
        }
    }
    if (!isObject(body)) return "invalid";
    const statement = body.Statement;
    if (isUnknown(statement)) return UNKNOWN;
    const raw = Array.isArray(statement) ? statement : statement === undefined ? [] : [statement];
    const parsed: IamStatement[] = [];
    for (const item of raw) {
        if (isUnknown(item)) return UNKNOWN;
        if (isObject(item)) parsed.push(statementOf(item));
    }
    return parsed;
}

/** Compiled wildcard patterns: the same few actions and ARNs are matched for every statement of every policy. */
const wildcardCache = new Map<string, RegExp>();

/** IAM wildcard match (`*`, `?`), case-insensitive as IAM compares actions. */
export function wildcardMatches(pattern: string, value: string, caseInsensitive = true): boolean {
    if (!pattern.includes("*") && !pattern.includes("?")) {
        return caseInsensitive ? pattern.toLowerCase() === value.toLowerCase() : pattern === value;
    }
    const key = `${caseInsensitive ? "i" : "s"}:${pattern}`;
    let compiled = wildcardCache.get(key);
    if (compiled === undefined) {
        const source = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
        compiled = new RegExp(`^${source}$`, caseInsensitive ? "i" : "");
        wildcardCache.set(key, compiled);
    }
    return compiled.test(value);
}

/** True when an Allow statement's action list grants `action`. */
export function grantsAction(statement: IamStatement, action: string): boolean | Unknown {
    if (statement.effect !== "Allow") return false;
    if (isUnknown(statement.actions)) return UNKNOWN;
    const listed = statement.actions.some((pattern) => wildcardMatches(pattern, action));
    return statement.notAction ? !listed : listed;
}

/** True when a statement's principals include everyone (`*`, `{"AWS": "*"}`). */
export function hasWildcardPrincipal(statement: IamStatement): boolean {
    return Array.isArray(statement.principals) && statement.principals.includes("*");
}
