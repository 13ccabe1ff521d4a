// A small JSON-schema check for policy config values, covering what pack
// `configSchema`s use (type, enum, minimum/maximum, items, properties, required,
// additionalProperties). The CLI validates pack config the same way before it
// configures a pack; a mismatch is the user's input error.

type Schema = Record<string, unknown>;

function typeMatches(value: unknown, type: string): boolean {
    switch (type) {
        case "string":
            return typeof value === "string";
        case "number":
            return typeof value === "number" && Number.isFinite(value);
        case "integer":
            return Number.isInteger(value);
        case "boolean":
            return typeof value === "boolean";
        case "array":
            return Array.isArray(value);
        case "object":
            return typeof value === "object" && value !== null && !Array.isArray(value);
        case "null":
            return value === null;
        default:
            return true;
    }
}

/** Problems of `value` against `schema`, each naming the path in backticks. */
export function schemaProblems(value: unknown, schema: Schema, at: string): string[] {
    const problems: string[] = [];
    const types = schema.type === undefined ? [] : Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string];
    if (types.length > 0 && !types.some((t) => typeMatches(value, t))) {
        return [`\`${at}\` must be ${types.join(" or ")}`];
    }
    if (Array.isArray(schema.enum) && !schema.enum.some((e) => JSON.stringify(e) === JSON.stringify(value))) {
        problems.push(`\`${at}\` must be one of ${schema.enum.map((e) => JSON.stringify(e)).join(", ")}`);
    }
    if (typeof value === "number") {
        if (typeof schema.minimum === "number" && value < schema.minimum) problems.push(`\`${at}\` must be at least ${schema.minimum}`);
        if (typeof schema.maximum === "number" && value > schema.maximum) problems.push(`\`${at}\` must be at most ${schema.maximum}`);
    }
    if (Array.isArray(value) && typeof schema.items === "object" && schema.items !== null) {
        value.forEach((item, i) => problems.push(...schemaProblems(item, schema.items as Schema, `${at}[${i}]`)));
    }
    if (typeMatches(value, "object") && (schema.properties !== undefined || schema.required !== undefined)) {
        problems.push(...objectProblems(value as Record<string, unknown>, schema, at));
    }
    return problems;
}

/** Checks an object's properties; `at` prefixes the paths ("" for a policy's top level). */
export function objectProblems(value: Record<string, unknown>, schema: Schema, at: string): string[] {
    const problems: string[] = [];
    const properties = (schema.properties ?? {}) as Record<string, Schema>;
    const prefix = at === "" ? "" : `${at}.`;
    for (const required of (schema.required as string[] | undefined) ?? []) {
        if (value[required] === undefined) problems.push(`\`${prefix}${required}\` is required`);
    }
    for (const [key, item] of Object.entries(value)) {
        const propertySchema = properties[key];
        if (propertySchema) problems.push(...schemaProblems(item, propertySchema, `${prefix}${key}`));
        else if (schema.additionalProperties === false) problems.push(`\`${prefix}${key}\` is not a known property`);
    }
    return problems;
}
