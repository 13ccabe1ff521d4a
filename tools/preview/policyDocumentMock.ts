// Stand-in for `aws.iam.getPolicyDocument` under the mocks, with the provider's
// semantics (terraform-provider-aws data_source_policy_document): every argument
// (policyId, version, statements with sid, effect, actions/notActions,
// resources/notResources, principals/notPrincipals, conditions) and the merges:
// sourcePolicyDocuments first (their Sids must be unique), then `statements`
// (same Sid replaces a source statement), then each overridePolicyDocuments entry
// in order (same Sid replaces, others are appended). Invalid input throws, as
// the provider fails the call.
type Inputs = Record<string, unknown>;
type Statement = Record<string, unknown>;

interface Document {
    Version?: string;
    Id?: string;
    Statement: Statement[];
}

function principals(list: unknown): Record<string, string[]> | "*" | undefined {
    if (!Array.isArray(list) || list.length === 0) return undefined;
    const result: Record<string, string[]> = {};
    for (const p of list as Inputs[]) {
        const type = String(p.type);
        result[type] = [...(result[type] ?? []), ...((p.identifiers as string[]) ?? [])];
    }
    // The provider writes a bare "*" only when the one type is "*".
    const types = Object.keys(result);
    if (types.length === 1 && types[0] === "*" && result["*"].every((i) => i === "*")) return "*";
    return result;
}

function conditions(list: unknown): Record<string, Record<string, unknown>> | undefined {
    if (!Array.isArray(list) || list.length === 0) return undefined;
    const result: Record<string, Record<string, unknown>> = {};
    for (const c of list as Inputs[]) result[String(c.test)] = { ...result[String(c.test)], [String(c.variable)]: c.values };
    return result;
}

function statementOf(s: Inputs): Statement {
    const statement: Statement = {
        Sid: s.sid,
        Effect: s.effect ?? "Allow",
        Action: s.actions,
        NotAction: s.notActions,
        Resource: s.resources,
        NotResource: s.notResources,
        Principal: principals(s.principals),
        NotPrincipal: principals(s.notPrincipals),
        Condition: conditions(s.conditions),
    };
    // Empty lists and absent fields are left out, as the provider does.
    for (const [key, value] of Object.entries(statement)) {
        if (value === undefined || value === "" || (Array.isArray(value) && value.length === 0)) delete statement[key];
    }
    return statement;
}

function parseDocument(text: unknown, where: string): Document {
    let parsed: unknown;
    try {
        parsed = typeof text === "string" ? JSON.parse(text) : text;
    } catch {
        throw new Error(`getPolicyDocument: ${where} is not valid JSON.`);
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new Error(`getPolicyDocument: ${where} is not a policy document.`);
    const doc = parsed as Record<string, unknown>;
    const statements = doc.Statement === undefined ? [] : Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
    return { Version: doc.Version as string | undefined, Id: doc.Id as string | undefined, Statement: statements as Statement[] };
}

/** The provider's Merge: adopt Id, upgrade Version, replace statements by Sid, append the rest. */
function merge(into: Document, next: Document): void {
    if (next.Id) into.Id = next.Id;
    if (next.Version && (!into.Version || next.Version > into.Version)) into.Version = next.Version;
    for (const statement of next.Statement) {
        const sid = typeof statement.Sid === "string" ? statement.Sid : "";
        const existing = sid === "" ? -1 : into.Statement.findIndex((s) => s.Sid === sid);
        if (existing >= 0) into.Statement[existing] = statement;
        else into.Statement.push(statement);
    }
}

function assertUniqueSids(statements: Statement[], where: string, seen = new Set<string>()): void {
    for (const s of statements) {
        if (typeof s.Sid !== "string" || s.Sid === "") continue;
        if (seen.has(s.Sid)) throw new Error(`getPolicyDocument: duplicate Sid (${s.Sid}) in ${where}.`);
        seen.add(s.Sid);
    }
}

export function policyDocumentJson(inputs: Inputs): string {
    const merged: Document = { Statement: [] };
    const sourceSids = new Set<string>();
    (Array.isArray(inputs.sourcePolicyDocuments) ? inputs.sourcePolicyDocuments : []).forEach((text, i) => {
        const doc = parseDocument(text, `sourcePolicyDocuments[${i}]`);
        assertUniqueSids(doc.Statement, "sourcePolicyDocuments", sourceSids);
        merge(merged, doc);
    });
    const own: Document = {
        Version: typeof inputs.version === "string" && inputs.version !== "" ? inputs.version : "2012-10-17",
        Id: typeof inputs.policyId === "string" && inputs.policyId !== "" ? inputs.policyId : undefined,
        Statement: (Array.isArray(inputs.statements) ? (inputs.statements as Inputs[]) : []).map(statementOf),
    };
    assertUniqueSids(own.Statement, "statements");
    merge(merged, own);
    (Array.isArray(inputs.overridePolicyDocuments) ? inputs.overridePolicyDocuments : []).forEach((text, i) => merge(merged, parseDocument(text, `overridePolicyDocuments[${i}]`)));
    return JSON.stringify({ Version: merged.Version ?? "2012-10-17", ...(merged.Id ? { Id: merged.Id } : {}), Statement: merged.Statement });
}
