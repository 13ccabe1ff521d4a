// A reader for IAM policy documents as Pulumi passes them: a JSON string or an object
// (`inputs.iam.PolicyDocument`), `Version` optional, `Statement` an array or a single
// object, each element a string or a list. Element names are read case-insensitively
// and `Effect` values too: a document that AWS would reject costs nothing to judge,
// and one that it accepts must never slip through on spelling.
import type { Classification } from "./classification";
import { isObject, isUnknown, Plain, PlainObject, UNKNOWN, Unknown } from "./previewValues";
import { pinnedClassifications } from "./tagConditions";

export interface PrincipalEntry {
    /** `AWS`, `Service`, `Federated`, `CanonicalUser`, or `*` for `"Principal": "*"`. */
    readonly kind: string;
    readonly values: readonly string[];
}

export interface IamStatement {
    readonly effect: "Allow" | "Deny";
    /** Action patterns, or UNKNOWN; `notAction` statements grant everything not listed. */
    readonly actions: readonly string[] | Unknown;
    readonly notAction: boolean;
    readonly resources: readonly string[] | Unknown;
    readonly notResource: boolean;
    /** Principals by kind; undefined for identity policies (no `Principal`/`NotPrincipal`). */
    readonly principals: readonly PrincipalEntry[] | Unknown | undefined;
    readonly notPrincipal: boolean;
    /** `{ operator: { key: values } }` as written; undefined without a condition. */
    readonly condition: PlainObject | Unknown | undefined;
    readonly hasCondition: boolean;
    /** Classifications a `StringEquals` tag condition limits the statement to; undefined = any. */
    readonly pinnedClassifications?: readonly Classification[];
}

export type ParsedDocument = readonly IamStatement[] | Unknown | "invalid";

/** The value of `key` in `raw`, matching the key case-insensitively. */
function field(raw: PlainObject, key: string): Plain {
    if (key in raw) return raw[key];
    const lower = key.toLowerCase();
    const found = Object.keys(raw).find((k) => k.toLowerCase() === lower);
    return found === undefined ? undefined : raw[found];
}

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

function principalsOf(value: Plain): PrincipalEntry[] | Unknown | undefined {
    if (value === undefined) return undefined;
    if (isUnknown(value)) return UNKNOWN;
    if (typeof value === "string") return [{ kind: "*", values: [value] }];
    if (!isObject(value)) return [];
    const out: PrincipalEntry[] = [];
    for (const [kind, entry] of Object.entries(value)) {
        const names = strings(entry);
        if (isUnknown(names)) return UNKNOWN;
        out.push({ kind, values: names });
    }
    return out;
}

function statementOf(raw: PlainObject): IamStatement {
    const notActionValue = field(raw, "NotAction");
    const notResourceValue = field(raw, "NotResource");
    const notPrincipalValue = field(raw, "NotPrincipal");
    const notAction = notActionValue !== undefined;
    const notResource = notResourceValue !== undefined;
    const notPrincipal = notPrincipalValue !== undefined;
    const effect = field(raw, "Effect");
    const condition = field(raw, "Condition");
    return {
        // Anything but a clear Deny is read as Allow: the stricter reading for a guard.
        effect: typeof effect === "string" && effect.toLowerCase() === "deny" ? "Deny" : "Allow",
        actions: strings(notAction ? notActionValue : field(raw, "Action")),
        notAction,
        resources: strings(notResource ? notResourceValue : field(raw, "Resource")),
        notResource,
        principals: principalsOf(notPrincipal ? notPrincipalValue : field(raw, "Principal")),
        notPrincipal,
        condition: isUnknown(condition) ? UNKNOWN : isObject(condition) ? condition : undefined,
        hasCondition: isUnknown(condition) || (isObject(condition) && Object.keys(condition).length > 0),
        pinnedClassifications: isUnknown(condition) ? undefined : pinnedClassifications(condition),
    };
}

/** True when text still carries one of the SDK's unknown sentinels (an output not known yet). */
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
            body = JSON.parse(document.replace(/^\uFEFF/, "")) as Plain;
        } catch {
            return "invalid";
        }
    }
    if (!isObject(body)) return "invalid";
    const statement = field(body, "Statement");
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

/** IAM wildcard match (`*`, `?`) of a resource ARN; case-sensitive unless asked otherwise. */
export function wildcardMatches(pattern: string, value: string, caseInsensitive = true): boolean {
    if (!pattern.includes("*") && !pattern.includes("?")) {
        return caseInsensitive ? pattern.toLowerCase() === value.toLowerCase() : pattern === value;
    }
    const key = `${caseInsensitive ? "i" : "s"}:${pattern}`;
    let compiled = wildcardCache.get(key);
    if (compiled === undefined) {
        const source = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, "[\\s\\S]*").replace(/\?/g, "[\\s\\S]");
        compiled = new RegExp(`^${source}$`, caseInsensitive ? "i" : "");
        wildcardCache.set(key, compiled);
    }
    return compiled.test(value);
}
