// Every validation message (a table of cases, one change each from a valid
// baseline), all problems reported together, and nothing registered on error.
import * as assert from "assert";
import { SecretSet, SecretSetValidationError, validateSecretSet } from "../../components/secretSet";
import type { SecretSetArgs } from "../../components/secretSetArgs";
import { useMocks } from "../helpers/mocks";
import { dockerExample } from "./exampleArgs";

type Secrets = SecretSetArgs["secrets"];

/** The baseline with some secrets replaced or added. */
function withSecrets(secrets: Record<string, unknown>, overrides: Partial<SecretSetArgs> = {}): SecretSetArgs {
    const base = dockerExample(overrides);
    return { ...base, secrets: { ...base.secrets, ...(secrets as Secrets) } };
}

interface Case {
    readonly title: string;
    readonly args: SecretSetArgs;
    readonly secret: string | undefined;
    readonly field: string;
    /** Fragments the message must contain (the fix). */
    readonly says: readonly (string | RegExp)[];
    /** Other problems the same mistake causes (e.g. the bad name of a duplicate). @default 0 */
    readonly alsoReported?: number;
}

const KEY_ARN = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

const CASES: Case[] = [
    { title: "unknown classification", args: withSecrets({ x: { classification: "secret", value: "v" } }), secret: "x", field: "classification", says: ["`classification` must be one of `public`, `internal`, `confidential`, `restricted`"] },
    { title: "unknown declaration field", args: withSecrets({ "registry-url": { classification: "public", value: "v", rotate: true } }), secret: "registry-url", field: "rotate", says: ["`rotate` is not a known field", "`rotation`"] },
    { title: "unknown generate field", args: withSecrets({ x: { classification: "confidential", generate: { length: 20, digits: true } } }), secret: "x", field: "generate.digits", says: ["`generate.digits` is not a known field", "`generate.numeric`"] },
    { title: "unknown rotation field", args: withSecrets({ "docker-password": { classification: "confidential", rotation: { mode: "manual", owner: "platform-team", every: 30 } } }), secret: "docker-password", field: "rotation.every", says: ["`rotation.every` is not a known field", "`rotation.days`"] },
    { title: "unknown replica field", args: withSecrets({ x: { classification: "confidential", external: true, rotation: { mode: "manual", owner: "platform-team" }, replicas: [{ region: "eu-west-1", kmsKeyArn: KEY_ARN, key: "k" }] } }), secret: "x", field: "replicas[0].key", says: ["`replicas[0].key` is not a known field"] },
    { title: "both value and generate", args: withSecrets({ "registry-url": { classification: "public", value: "v", generate: { length: 20 } } }), secret: "registry-url", field: "value", says: ["Only one of `value` or `generate`"] },
    { title: "external with a value", args: withSecrets({ "registry-url": { classification: "public", value: "v", external: true } }), secret: "registry-url", field: "external", says: ["`external: true`", "remove `value`/`generate` or `external`"] },
    { title: "value on a non-public secret", args: withSecrets({ "docker-username": { classification: "internal", value: "v" } }, { values: { "docker-password": { value: "p", fromSecretConfig: true } } }), secret: "docker-username", field: "value", says: ["`value` is allowed only for public secrets", "`pulumi config set --secret docker-username <value>`"] },
    { title: "missing value", args: dockerExample({ values: { "docker-username": { value: "u", fromSecretConfig: true } } }), secret: "docker-password", field: "value", says: ["no value", "`pulumi config set --secret docker-password <value>`"] },
    { title: "missing public value", args: withSecrets({ "site-url": { classification: "public" } }), secret: "site-url", field: "value", says: ["give `value`", "`pulumi config set site-url <value>`"] },
    { title: "plaintext config value for internal", args: dockerExample({ values: { "docker-username": { value: "u", fromSecretConfig: false }, "docker-password": { value: "p", fromSecretConfig: true } } }), secret: "docker-username", field: "value", says: ["plaintext", "`pulumi config set --secret docker-username <value>`"] },
    { title: "config value and generate", args: dockerExample({ values: { "docker-username": { value: "u", fromSecretConfig: true }, "docker-password": { value: "p", fromSecretConfig: true }, "partner-token": { value: "t", fromSecretConfig: true } } }), secret: "partner-token", field: "generate", says: ["`secretset:partner-token` is set", "`pulumi config rm partner-token`"] },
    { title: "empty literal value", args: withSecrets({ "registry-url": { classification: "public", value: "" } }), secret: "registry-url", field: "value", says: ["must be a non-empty string"] },
    { title: "empty config value", args: dockerExample({ values: { "docker-username": { value: "", fromSecretConfig: true }, "docker-password": { value: "p", fromSecretConfig: true } } }), secret: "docker-username", field: "value", says: ["must hold a non-empty string", "`pulumi config set --secret docker-username <value>`"] },
    { title: "value for an undeclared secret", args: dockerExample({ values: { "docker-username": { value: "u", fromSecretConfig: true }, "docker-password": { value: "p", fromSecretConfig: true }, "docker-pasword": { value: "p", fromSecretConfig: true } } }), secret: "docker-pasword", field: "value", says: ["no secret of that name is declared", "`pulumi config rm docker-pasword`"] },
    { title: "oversize SSM value", args: withSecrets({ big: { classification: "public", value: "x".repeat(8 * 1024 + 1) } }), secret: "big", field: "value", says: ["8193 bytes", "8 KB", "raise `classification` to `confidential`"] },
    { title: "oversize Secrets Manager value", args: dockerExample({ values: { "docker-username": { value: "u", fromSecretConfig: true }, "docker-password": { value: "x".repeat(64 * 1024 + 1), fromSecretConfig: true } } }), secret: "docker-password", field: "value", says: ["65537 bytes", "64 KB"] },
    { title: "bad name characters", args: withSecrets({ Docker_Token: { classification: "confidential", external: true, rotation: { mode: "manual", owner: "platform-team" } } }), secret: "Docker_Token", field: "name", says: ["lower-case letters, digits and dashes", "`docker-token`"] },
    { title: "duplicate names after normalisation", args: withSecrets({ "docker-password": { classification: "confidential", rotation: { mode: "manual", owner: "platform-team", days: 90 } }, "DOCKER-PASSWORD": { classification: "confidential", external: true, rotation: { mode: "manual", owner: "platform-team" } } }), secret: "docker-password", field: "name", says: ["collide", "`docker-password`"], alsoReported: 1 },
    { title: "loosening a floor", args: dockerExample({ classifications: { confidential: { maxRotationDays: 120 } } }), secret: undefined, field: "classifications.confidential.maxRotationDays", says: ["would loosen the confidential floor of 90 days"] },
    { title: "unknown level in classifications", args: dockerExample({ classifications: { secret: { protect: true } } as never }), secret: undefined, field: "classifications.secret", says: ["unknown level"] },
    { title: "rotation over the class maximum", args: withSecrets({ "signing-key": { classification: "restricted", generate: { length: 64, keepOutOfState: true }, rotation: { days: 45 } } }), secret: "signing-key", field: "rotation.days", says: ["exceeds the restricted maximum of 30 days"] },
    { title: "rotation over a tightened maximum", args: dockerExample({ classifications: { confidential: { maxRotationDays: 60 } } }), secret: "docker-password", field: "rotation.days", says: ["exceeds the confidential maximum of 60 days"] },
    { title: "rotation on a public secret", args: withSecrets({ "registry-url": { classification: "public", value: "v", rotation: { days: 30 } } }), secret: "registry-url", field: "rotation", says: ["does not apply to public secrets"] },
    { title: "internal rotation without days", args: withSecrets({ "docker-username": { classification: "internal", rotation: { mode: "manual", owner: "platform-team" } } }), secret: "docker-username", field: "rotation.days", says: ["`rotation.days` is required"] },
    { title: "recovery window 0 outside a disposable environment", args: dockerExample({ disposable: false }), secret: "docker-password", field: "recoveryWindowDays", says: ["only in a disposable environment", "`secretset:disposable: true`"] },
    { title: "recovery window below the restricted floor", args: withSecrets({ "signing-key": { classification: "restricted", generate: { length: 64, keepOutOfState: true }, recoveryWindowDays: 10 } }), secret: "signing-key", field: "recoveryWindowDays", says: ["from 30 to 30"] },
    { title: "recovery window 0 on a restricted secret", args: withSecrets({ "signing-key": { classification: "restricted", generate: { length: 64, keepOutOfState: true }, recoveryWindowDays: 0 } }), secret: "signing-key", field: "recoveryWindowDays", says: ["never allowed for restricted"] },
    { title: "recovery window over 30", args: withSecrets({ "docker-password": { classification: "confidential", rotation: { mode: "manual", owner: "platform-team" }, recoveryWindowDays: 31 } }), secret: "docker-password", field: "recoveryWindowDays", says: ["from 7 to 30"] },
    { title: "recovery window on an SSM secret", args: withSecrets({ "docker-username": { classification: "internal", recoveryWindowDays: 7 } }), secret: "docker-username", field: "recoveryWindowDays", says: ["applies only to secrets stored in Secrets Manager"] },
    { title: "vault backend without Vault settings", args: dockerExample({ vault: undefined }), secret: "partner-token", field: "backends", says: ["no Vault settings", "`secretset:vault: { mount: secret }`"] },
    { title: "unknown backend", args: withSecrets({ "docker-username": { classification: "internal", backends: ["gcp"] } }), secret: "docker-username", field: "backends", says: ["unknown backend", "`aws` and/or `vault`"] },
    { title: "generate length too short", args: withSecrets({ x: { classification: "confidential", generate: { length: 4 } } }), secret: "x", field: "generate.length", says: ["from 12 to 4096"] },
    { title: "generate minimums over the length", args: withSecrets({ x: { classification: "confidential", generate: { length: 12, minUpper: 8, minNumeric: 8 } } }), secret: "x", field: "generate.length", says: ["shorter than the 16 characters"] },
    { title: "generate without character classes", args: withSecrets({ x: { classification: "confidential", generate: { lower: false, upper: false, numeric: false, special: false } } }), secret: "x", field: "generate", says: ["keep at least one of"] },
    { title: "keepOutOfState without Secrets Manager", args: withSecrets({ "ci-user": { classification: "internal", generate: { length: 20, keepOutOfState: true } } }), secret: "ci-user", field: "generate.keepOutOfState", says: ["needs Secrets Manager"] },
    { title: "renamedFrom pointing at a current key", args: withSecrets({ "docker-password": { classification: "confidential", rotation: { mode: "manual", owner: "platform-team" }, renamedFrom: "docker-username" } }), secret: "docker-password", field: "renamedFrom", says: ["`docker-username`, which is still declared"] },
    { title: "replica without a key ARN", args: withSecrets({ x: { classification: "confidential", external: true, rotation: { mode: "manual", owner: "platform-team" }, replicas: [{ region: "eu-west-1" }] } }), secret: "x", field: "replicas[0].kmsKeyArn", says: ["customer-managed KMS key"] },
    { title: "replicas on an SSM secret", args: withSecrets({ "docker-username": { classification: "internal", replicas: [{ region: "eu-west-1", kmsKeyArn: KEY_ARN }] } }), secret: "docker-username", field: "replicas", says: ["applies only to secrets stored in Secrets Manager"] },
    { title: "bad app name", args: dockerExample({ app: "CI Pipeline" }), secret: undefined, field: "app", says: ["`secretset:app`"] },
    { title: "vault maxVersions 1", args: dockerExample({ vault: { mount: "secret", maxVersions: 1 } }), secret: undefined, field: "vault.maxVersions", says: ["at least 2"] },
];

describe("SecretSet validation", () => {
    const mocks = useMocks();

    it("accepts the Docker example", () => {
        assert.deepStrictEqual(validateSecretSet(dockerExample()), []);
    });

    for (const c of CASES) {
        it(`reports ${c.title}`, () => {
            const problems = validateSecretSet(c.args);
            assert.strictEqual(problems.length, 1 + (c.alsoReported ?? 0), problems.map((p) => p.message).join("\n"));
            const problem = problems.find((p) => p.secret === c.secret && p.field === c.field);
            assert.ok(problem, `no problem for ${c.secret}:${c.field} in\n${problems.map((p) => p.message).join("\n")}`);
            if (c.secret !== undefined) assert.ok(problem.message.includes(`\`${c.secret}\``), problem.message);
            assert.ok(problem.message.includes("`"), "names a field in backticks");
            for (const fragment of c.says) {
                if (typeof fragment === "string") assert.ok(problem.message.includes(fragment), `${problem.message}\n  should say: ${fragment}`);
                else assert.match(problem.message, fragment);
            }
        });
    }

    it("reports malformed input (as YAML may produce) instead of throwing", () => {
        const malformed: unknown[] = [
            { x: null },
            { x: "confidential" },
            { x: { classification: "confidential", generate: "yes", rotation: 30, replicas: "eu-west-1", backends: "vault" } },
            { x: { classification: "internal", value: 42 } },
        ];
        for (const secrets of malformed) {
            const problems = validateSecretSet({ ...dockerExample(), secrets: { ...dockerExample().secrets, ...(secrets as Secrets) } });
            assert.ok(problems.length > 0 && problems.every((p) => p.secret === "x"), JSON.stringify(problems));
        }
        assert.strictEqual(validateSecretSet({ ...dockerExample(), secrets: [] as never }).length, 1);
        assert.strictEqual(validateSecretSet({ ...dockerExample(), classifications: { confidential: 60 } as never }).length, 1);
    });

    it("reports all problems together in one error, and registers nothing", async () => {
        const args = withSecrets(
            { "registry-url": { classification: "public", value: "v", generate: { length: 20 } }, Bad_Name: { classification: "confidential", external: true, rotation: { mode: "manual", owner: "platform-team" } } },
            { vault: undefined, disposable: false },
        );
        let thrown: unknown;
        try {
            new SecretSet("ci", args);
        } catch (error) {
            thrown = error;
        }
        await mocks.settled();
        assert.ok(thrown instanceof SecretSetValidationError);
        assert.deepStrictEqual(
            thrown.problems.map((p) => `${p.secret}:${p.field}`).sort(),
            ["Bad_Name:name", "docker-password:recoveryWindowDays", "partner-token:backends", "registry-url:value"],
        );
        assert.match(thrown.message, /^SecretSet `ci` has 4 problems:/);
        for (const problem of thrown.problems) assert.ok(thrown.message.includes(problem.message));
        assert.deepStrictEqual(mocks.resources, []);
    });
});
