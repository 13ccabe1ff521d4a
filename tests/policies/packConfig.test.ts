// policies/config/<env>.json are valid pack config files: every entry names a policy of
// the pack, every property is declared in that policy's configSchema with the right
// type and bounds, and the enforcement levels are those the environments promise.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { PolicyConfigSchema } from "@pulumi/policy";
import { ALL_POLICIES } from "../../policies/allPolicies";

const LEVELS = ["advisory", "mandatory", "remediate", "disabled"];
type JsonSchema = { type?: string; enum?: unknown[]; minimum?: number; maximum?: number; items?: JsonSchema };

function typeProblems(value: unknown, schema: JsonSchema, at: string): string[] {
    const ok: Record<string, (v: unknown) => boolean> = {
        string: (v) => typeof v === "string",
        number: (v) => typeof v === "number" && Number.isFinite(v),
        integer: (v) => Number.isInteger(v),
        boolean: (v) => typeof v === "boolean",
        array: Array.isArray,
        object: (v) => typeof v === "object" && v !== null && !Array.isArray(v),
    };
    const problems: string[] = [];
    if (schema.type && !ok[schema.type](value)) problems.push(`${at} must be ${schema.type}`);
    if (schema.enum && !schema.enum.includes(value)) problems.push(`${at} must be one of ${schema.enum.join(", ")}`);
    if (typeof value === "number" && schema.minimum !== undefined && value < schema.minimum) problems.push(`${at} must be >= ${schema.minimum}`);
    if (typeof value === "number" && schema.maximum !== undefined && value > schema.maximum) problems.push(`${at} must be <= ${schema.maximum}`);
    if (Array.isArray(value) && schema.items) value.forEach((item, i) => problems.push(...typeProblems(item, schema.items as JsonSchema, `${at}[${i}]`)));
    return problems;
}

function configProblems(file: Record<string, unknown>): string[] {
    const problems: string[] = [];
    const byName = new Map(ALL_POLICIES.map((p) => [p.name, p]));
    for (const [name, entry] of Object.entries(file)) {
        if (name === "all") {
            if (!LEVELS.includes(entry as string)) problems.push("`all` must be an enforcement level");
            continue;
        }
        const policy = byName.get(name);
        if (!policy) {
            problems.push(`\`${name}\` is not a policy of the pack`);
            continue;
        }
        const { enforcementLevel, ...properties } = typeof entry === "string" ? { enforcementLevel: entry } : (entry as Record<string, unknown>);
        if (enforcementLevel !== undefined && !LEVELS.includes(enforcementLevel as string)) problems.push(`\`${name}.enforcementLevel\` is invalid`);
        const schema: PolicyConfigSchema = policy.configSchema ?? { properties: {} };
        for (const [key, value] of Object.entries(properties)) {
            const property = schema.properties[key] as JsonSchema | undefined;
            if (!property) problems.push(`\`${name}.${key}\` is not in the policy's configSchema`);
            else problems.push(...typeProblems(value, property, `\`${name}.${key}\``));
        }
    }
    return problems;
}

const read = (env: string) => JSON.parse(fs.readFileSync(path.join(__dirname, "../../policies/config", `${env}.json`), "utf8")) as Record<string, { enforcementLevel: string; [key: string]: unknown }>;

describe("policies: pack config files", () => {
    for (const env of ["dev", "prod"]) {
        it(`${env}.json is valid against every policy's configSchema`, () => {
            assert.deepStrictEqual(configProblems(read(env)), []);
        });

        it(`${env}.json sets the level of every policy and its environment`, () => {
            const config = read(env);
            assert.deepStrictEqual(Object.keys(config).sort(), ALL_POLICIES.map((p) => p.name).sort());
            assert.strictEqual(config["classification-environment-match"].environment, env);
            assert.strictEqual(config["vault-policy-own-environment-writes"].environment, env);
        });
    }

    it("dev may force-delete and is advisory on cost and recovery windows", () => {
        const dev = read("dev");
        assert.strictEqual(dev["secretsmanager-recovery-window"].disposableEnvironment, true);
        assert.strictEqual(dev["secretsmanager-recovery-window"].enforcementLevel, "advisory");
        assert.strictEqual(dev["stack-monthly-cost-budget"].enforcementLevel, "advisory");
        assert.strictEqual(dev["classification-store-allowed"].enforcementLevel, "mandatory");
    });

    it("prod is mandatory everywhere except the advisory cost budget and grants on other stacks' secrets", () => {
        const prod = read("prod");
        const advisory = Object.entries(prod).filter(([, e]) => e.enforcementLevel !== "mandatory").map(([name]) => name);
        assert.deepStrictEqual(advisory.sort(), ["stack-iam-grants-in-stack", "stack-monthly-cost-budget"]);
        assert.strictEqual(prod["secretsmanager-recovery-window"].disposableEnvironment, false);
    });

    it("the checker itself rejects unknown policies, unknown properties and wrong types", () => {
        const problems = configProblems({ "no-such-policy": "mandatory", "stack-monthly-cost-budget": { maxMonthlyCostUsd: "ten", colour: 1 }, "stack-secret-rotation-schedule": { restrictedMaxRotationDays: 45 } });
        assert.strictEqual(problems.length, 4, problems.join("\n"));
    });
});
