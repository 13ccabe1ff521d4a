// Rotation modes: every validation message (one change from a valid baseline), and
// what each mode builds. The rule under test: nothing SecretSet creates may replace
// a value that comes from outside, and a manual value survives every `pulumi up`.
import * as assert from "assert";
import { ROTATION_DAYS_KEY, ROTATION_MODE_KEY, ROTATION_OWNER_KEY } from "../../policies/lib/classification";
import { SecretSet, validateSecretSet } from "../../components/secretSet";
import type { SecretSetArgs } from "../../components/secretSetArgs";
import type { SecretDeclaration } from "../../components/types";
import { capturePrinted, useMocks } from "../helpers/mocks";

const LAMBDA = "arn:aws:lambda:us-east-1:123456789012:function:registry-token-rotator";
const MASTER = "arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/shop/db-master-AbCdEf";
const NETWORK = { subnetIds: ["subnet-0123456789abcdef0"], securityGroupIds: ["sg-0123456789abcdef0"] };
const SENTINEL = "Sentinel-Rotation-Value-9c2e";
const DB_JSON = JSON.stringify({ engine: "postgres", host: "db.internal", port: 5432, username: "shop", password: SENTINEL, dbname: "shop" });

function args(secrets: Record<string, unknown>, values: Record<string, string> = {}): SecretSetArgs {
    return {
        app: "shop",
        environment: "prod",
        owner: "team",
        vault: { mount: "secret" },
        secrets: secrets as SecretSetArgs["secrets"],
        values: Object.fromEntries(Object.entries(values).map(([k, v]) => [k, { value: v, fromSecretConfig: true }])),
    };
}

interface Case { readonly title: string; readonly secrets: Record<string, unknown>; readonly values?: Record<string, string>; readonly field: string; readonly says: string[] }

const CASES: Case[] = [
    { title: "a config value in a rotating class without a mode", secrets: { token: { classification: "confidential" } }, values: { token: SENTINEL }, field: "rotation.mode", says: ["`rotation.mode` is required", "config key `secretset:token`", "`rotation.mode: manual`", "`rotation.mode: lambda`"] },
    { title: "an external value in a rotating class without a mode", secrets: { cert: { classification: "restricted", external: true } }, field: "rotation.mode", says: ["set outside Pulumi", "`rotation.owner`"] },
    { title: "an internal config value with a rotation but no mode", secrets: { user: { classification: "internal", rotation: { days: 30 } } }, values: { user: SENTINEL }, field: "rotation.mode", says: ["`rotation.mode` is required"] },
    { title: "a Vault-only config value in a rotating class without a mode", secrets: { token: { classification: "confidential", backends: ["vault"] } }, values: { token: SENTINEL }, field: "rotation.mode", says: ["`rotation.mode` is required"] },
    { title: "`generated` for a config value", secrets: { token: { classification: "confidential", rotation: { mode: "generated" } } }, values: { token: SENTINEL }, field: "rotation.mode", says: ["would replace the value", "declare `generate`"] },
    { title: "`generated` for an external value", secrets: { token: { classification: "confidential", external: true, rotation: { mode: "generated" } } }, field: "rotation.mode", says: ["would replace the value", "`external: true`"] },
    { title: "an unknown mode", secrets: { token: { classification: "confidential", external: true, rotation: { mode: "auto" } } }, field: "rotation.mode", says: ["one of `generated`, `lambda`, `database`, `manual`"] },
    { title: "`manual` without an owner", secrets: { token: { classification: "confidential", external: true, rotation: { mode: "manual" } } }, field: "rotation.owner", says: ["`rotation.owner` is required for `mode: manual`"] },
    { title: "`manual` with an owner that is no tag value", secrets: { token: { classification: "confidential", external: true, rotation: { mode: "manual", owner: "team{1}" } } }, field: "rotation.owner", says: ["letters, digits"] },
    { title: "`manual` over the class maximum", secrets: { token: { classification: "restricted", external: true, rotation: { mode: "manual", owner: "team", days: 45 } } }, field: "rotation.days", says: ["exceeds the restricted maximum of 30"] },
    { title: "`manual` with keepOutOfState", secrets: { token: { classification: "confidential", generate: { keepOutOfState: true }, rotation: { mode: "manual", owner: "team" } } }, field: "generate.keepOutOfState", says: ["drop `keepOutOfState`"] },
    { title: "an owner on another mode", secrets: { token: { classification: "confidential", generate: {}, rotation: { owner: "team" } } }, field: "rotation.owner", says: ["applies to `mode: manual` only"] },
    { title: "`lambda` without a function", secrets: { token: { classification: "confidential", external: true, rotation: { mode: "lambda" } } }, field: "rotation.lambdaArn", says: ["required for `mode: lambda`"] },
    { title: "`lambda` on an SSM store", secrets: { user: { classification: "internal", external: true, rotation: { mode: "lambda", lambdaArn: LAMBDA, days: 30 } } }, field: "rotation.mode", says: ["rotates Secrets Manager values only"] },
    { title: "`lambda` with a Vault copy", secrets: { token: { classification: "confidential", external: true, backends: ["aws", "vault"], rotation: { lambdaArn: LAMBDA } } }, field: "rotation.mode", says: ["rotates Secrets Manager values only"] },
    { title: "a function on a manual secret", secrets: { token: { classification: "confidential", external: true, rotation: { mode: "manual", owner: "team", lambdaArn: LAMBDA } } }, field: "rotation.lambdaArn", says: ["applies to `mode: lambda` only"] },
    { title: "`database` without settings", secrets: { db: { classification: "confidential", rotation: { mode: "database" } } }, values: { db: DB_JSON }, field: "rotation.database", says: ["`subnetIds`, `securityGroupIds`"] },
    { title: "`database` with bad subnets", secrets: { db: { classification: "confidential", rotation: { mode: "database", database: { ...NETWORK, subnetIds: ["10.0.0.0/24"] } } } }, values: { db: DB_JSON }, field: "rotation.database.subnetIds", says: ["`subnet-0123456789abcdef0`"] },
    { title: "`database` alternating users without a master secret", secrets: { db: { classification: "confidential", rotation: { mode: "database", database: { ...NETWORK, strategy: "alternating-users" } } } }, values: { db: JSON.stringify({ ...JSON.parse(DB_JSON), masterarn: MASTER }) }, field: "rotation.database.masterSecretArn", says: ["exact ARN of the master user's secret"] },
    { title: "`database` JSON whose masterarn is not the granted master", secrets: { db: { classification: "confidential", rotation: { mode: "database", database: { ...NETWORK, strategy: "alternating-users", masterSecretArn: MASTER } } } }, values: { db: JSON.stringify({ ...JSON.parse(DB_JSON), masterarn: "prod/shop/other-master" }) }, field: "rotation.database.masterSecretArn", says: ["`masterarn` names another secret"] },
    { title: "`database` with a value that is not the database JSON", secrets: { db: { classification: "confidential", rotation: { mode: "database", database: NETWORK } } }, values: { db: SENTINEL }, field: "value", says: ["AWS's database secret JSON"] },
    { title: "`database` JSON without host and dbname", secrets: { db: { classification: "confidential", rotation: { mode: "database", database: NETWORK } } }, values: { db: JSON.stringify({ engine: "postgres", port: 5432, username: "u", password: SENTINEL }) }, field: "value", says: ["lacks `host`, `dbname`"] },
    { title: "`database` for another engine", secrets: { db: { classification: "confidential", rotation: { mode: "database", database: NETWORK } } }, values: { db: DB_JSON.replace("postgres", "mysql") }, field: "value", says: ["PostgreSQL only"] },
    { title: "`database` for a generated value", secrets: { db: { classification: "confidential", generate: {}, rotation: { mode: "database", database: NETWORK } } }, field: "rotation.mode", says: ["remove `generate`"] },
    { title: "database settings on another mode", secrets: { db: { classification: "confidential", generate: {}, rotation: { database: NETWORK } } }, field: "rotation.database", says: ["applies to `mode: database` only"] },
];

describe("SecretSet rotation modes", () => {
    const mocks = useMocks();

    for (const c of CASES) {
        it(`reports ${c.title}`, () => {
            const problems = validateSecretSet(args(c.secrets, c.values));
            assert.strictEqual(problems.length, 1, problems.map((p) => p.message).join("\n"));
            const [problem] = problems;
            assert.strictEqual(problem.field, c.field, problem.message);
            assert.ok(problem.message.startsWith(`Secret \`${Object.keys(c.secrets)[0]}\`: `), problem.message);
            for (const fragment of c.says) assert.ok(problem.message.includes(fragment), `${problem.message}\n  should say: ${fragment}`);
            assert.ok(!problem.message.includes(SENTINEL), "a value is echoed");
        });
    }

    it("checks the database JSON only where the value is readable (the offline preview passes `[redacted]`)", () => {
        const db = { classification: "confidential", rotation: { mode: "database", database: NETWORK } };
        assert.deepStrictEqual(validateSecretSet(args({ db }, { db: "[redacted]" })), []);
        assert.strictEqual(validateSecretSet(args({ db }, { db: "[not json" })).length, 1);
    });

    it("accepts each mode where it fits", () => {
        const ok = args(
            {
                api: { classification: "confidential", generate: { length: 40 } },
                token: { classification: "confidential", external: true, rotation: { mode: "lambda", lambdaArn: LAMBDA } },
                named: { classification: "confidential", external: true, rotation: { lambdaArn: LAMBDA } },
                db: { classification: "restricted", rotation: { mode: "database", database: { ...NETWORK, strategy: "alternating-users", masterSecretArn: MASTER } } },
                cert: { classification: "restricted", external: true, rotation: { mode: "manual", owner: "pki-team", days: 30 } },
                user: { classification: "internal", rotation: { mode: "manual", owner: "platform-team", days: 180 } },
            },
            { db: JSON.stringify({ ...JSON.parse(DB_JSON), masterarn: "prod/shop/db-master" }), user: "ci-bot" },
        );
        assert.deepStrictEqual(validateSecretSet(ok), []);
    });

    /** A stack of external credentials of every class (registry token, TLS certificate, API key), each rotated by its owner. */
    function externalCredentials(): Record<string, SecretDeclaration> {
        return {
            "registry-token": { classification: "confidential", rotation: { mode: "manual", owner: "platform-team" } },
            "tls-certificate": { classification: "restricted", external: true, rotation: { mode: "manual", owner: "pki-team", days: 30 } },
            "vendor-api-key": { classification: "confidential", backends: ["aws", "vault"], rotation: { mode: "manual", owner: "vendor-portal", days: 60 } },
            "service-user": { classification: "internal", rotation: { mode: "manual", owner: "platform-team", days: 365 } },
            "partner-token": { classification: "confidential", backends: ["vault"], external: true, rotation: { mode: "manual", owner: "partner" } },
        };
    }

    it("lets nothing overwrite external credentials: no rotator, no SecretRotation, ignoreChanges on every stored value", async () => {
        const values = { "registry-token": SENTINEL, "vendor-api-key": SENTINEL, "service-user": SENTINEL };
        const { printed, error } = await capturePrinted(async () => {
            new SecretSet("shop", { ...args(externalCredentials(), values), environment: "prod" });
            await mocks.settled();
        });
        assert.strictEqual(error, undefined);
        assert.deepStrictEqual(mocks.byType("aws:secretsmanager/secretRotation:SecretRotation"), []);
        assert.deepStrictEqual(mocks.byType("aws:lambda/function:Function"), []);
        assert.deepStrictEqual(mocks.byType("random:index/randomPassword:RandomPassword"), []);
        assert.deepStrictEqual(mocks.byType("time:index/rotating:Rotating"), []);
        const valueFields: Record<string, string> = {
            "aws:secretsmanager/secretVersion:SecretVersion": "secretString",
            "aws:ssm/parameter:Parameter": "value",
            "vault:kv/secretV2:SecretV2": "dataJson",
        };
        const stores = mocks.resources.filter((r) => r.type in valueFields);
        assert.strictEqual(stores.length, 5, stores.map((r) => r.name).join(", ")); // the external TLS certificate has no SecretVersion at all
        for (const store of stores) assert.ok(store.options.ignoreChanges.includes(valueFields[store.type]), `${store.name} would be reverted by pulumi up`);
        // Owner and interval are on every store of every secret, for the pack and the audit.
        for (const r of mocks.resources.filter((x) => ["aws:secretsmanager/secret:Secret", "aws:ssm/parameter:Parameter"].includes(x.type))) {
            assert.strictEqual(r.inputs.tags[ROTATION_MODE_KEY], "manual", r.name);
            assert.ok(r.inputs.tags[ROTATION_OWNER_KEY] && /^\d+$/.test(r.inputs.tags[ROTATION_DAYS_KEY]), r.name);
        }
        assert.strictEqual(mocks.find("aws:secretsmanager/secret:Secret", "shop-secret-tls-certificate").inputs.tags[ROTATION_DAYS_KEY], "30");
        assert.strictEqual(mocks.find("aws:secretsmanager/secret:Secret", "shop-secret-registry-token").inputs.tags[ROTATION_DAYS_KEY], "90");
        assert.ok(!printed.includes(SENTINEL));
    });

    it("tags a generated Secrets Manager secret with its mode and its generation spec for the rotator", async () => {
        new SecretSet("shop", args({ api: { classification: "confidential", generate: { length: 40, jsonKey: "apiKey" } } }));
        await mocks.settled();
        const tags = mocks.find("aws:secretsmanager/secret:Secret", "shop-secret-api").inputs.tags;
        assert.strictEqual(tags[ROTATION_MODE_KEY], "generated");
        assert.strictEqual(tags["secretset:generate"], "length=40 jsonKey=apiKey");
    });
});

describe("SecretSet rotation modes: a named function's resource policy", () => {
    const many = (count: number) =>
        Object.fromEntries(Array.from({ length: count }, (_, i) => [`token-${String(i).padStart(4, "0")}`, { classification: "confidential", external: true, rotation: { mode: "lambda", lambdaArn: LAMBDA } }]));

    it("accepts as many secrets on one function as its 20 KB resource policy holds, and reports one more", () => {
        let fits = 1;
        while (validateSecretSet(args(many(fits + 1))).length === 0) fits += 1;
        assert.ok(fits >= 40 && fits <= 80, `${fits} invoke statements fit`);
        const problems = validateSecretSet(args(many(fits + 1)));
        assert.strictEqual(problems.length, 1);
        assert.strictEqual(problems[0].field, "rotation.lambdaArn");
        assert.match(problems[0].message, /Secret `token-0000`: `rotation.lambdaArn` is named by \d+ secrets of this set.*20,480 bytes.*Spread them/);
    });
});

describe("SecretSet rotation modes: rotator names", () => {
    it("reports an app and environment too long for the rotators' function names, before anything exists", () => {
        const longApp = "payments-reconciliation-service"; // with `production` the PostgreSQL rotator's name is 72 characters
        const db = { classification: "confidential", external: true, rotation: { mode: "database", database: NETWORK } };
        const problems = validateSecretSet({ ...args({ db }), app: longApp, environment: "production" });
        assert.strictEqual(problems.length, 1, problems.map((p) => p.message).join("\n"));
        assert.strictEqual(problems[0].field, "app");
        assert.match(problems[0].message, /function name `production-payments-reconciliation-service-secretset-pg-rotator-00000000` 72 characters long, over Lambda's 64; shorten `secretset:app` or `secretset:environment` by 8/);
        assert.deepStrictEqual(validateSecretSet({ ...args({ db }), app: "payments", environment: "production" }), []);
    });
});
