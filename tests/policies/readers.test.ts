// The pack's readers of schedules, IAM documents and Vault policies.
import * as assert from "assert";
import { grantsAction } from "../../policies/lib/iamActions";
import { parsePolicyDocument } from "../../policies/lib/iamDocument";
import { UNKNOWN } from "../../policies/lib/previewValues";
import { rotationIntervalDays } from "../../policies/lib/rotationSchedule";
import { anyParameterMatcher, anySecretMatcher, matchesParameter, matchesSecret, namesSecretExactly } from "../../policies/lib/secretArns";
import { kvEnvironmentSegment, parseVaultPolicy } from "../../policies/lib/vaultPolicyHcl";
import { UNKNOWN_INPUT } from "./util";

describe("policies: readers", () => {
    it("reads rotation intervals from days, rates and cron expressions", () => {
        const cases: [unknown, number | undefined | typeof UNKNOWN][] = [
            [{ automaticallyAfterDays: 30 }, 30],
            [{ scheduleExpression: "rate(10 days)" }, 10],
            [{ scheduleExpression: "rate(1 day)" }, 1],
            [{ scheduleExpression: "rate(48 hours)" }, 2],
            [{ scheduleExpression: "cron(0 16 1,15 * ? *)" }, 31],
            [{ scheduleExpression: "cron(0 8 ? * MON *)" }, 7],
            [{ scheduleExpression: "cron(0 0 1 */3 ? *)" }, 93],
            [{ scheduleExpression: "cron(0 0 1 6 ? *)" }, 366],
            [{ scheduleExpression: "every tuesday" }, undefined],
            [{ automaticallyAfterDays: UNKNOWN }, UNKNOWN],
            [UNKNOWN, UNKNOWN],
            [undefined, undefined],
        ];
        for (const [rules, expected] of cases) assert.strictEqual(rotationIntervalDays(rules as never), expected, JSON.stringify(rules));
    });

    it("parses IAM documents from strings and objects, and treats unknown pieces as unknown", () => {
        const parsed = parsePolicyDocument(JSON.stringify({ Statement: { Effect: "Allow", Action: "ssm:Get*", Resource: "*" } }));
        assert.ok(Array.isArray(parsed));
        assert.strictEqual(grantsAction((parsed as never)[0], "ssm:GetParameter"), true);
        assert.strictEqual(grantsAction((parsed as never)[0], "ssm:PutParameter"), false);
        assert.strictEqual(parsePolicyDocument(`{"Statement":[{"Effect":"Allow","Action":"kms:Decrypt","Resource":"${UNKNOWN_INPUT}"}]}`), UNKNOWN);
        assert.strictEqual(parsePolicyDocument("not json"), "invalid");
        const partial = parsePolicyDocument({ Statement: [{ Effect: "Allow", Action: "kms:Decrypt", Resource: UNKNOWN }] });
        assert.strictEqual((partial as never as { resources: unknown }[])[0].resources, UNKNOWN);
    });

    it("reads Vault policy paths and the environment of KV v2 paths", async () => {
        const rules = await parseVaultPolicy('# comment\npath "secret/data/dev/app/x" {\n  capabilities = ["Read", "list"]\n}\npath "sys/mounts" { capabilities = ["sudo"] }');
        assert.deepStrictEqual(rules, [
            { path: "secret/data/dev/app/x", capabilities: ["read", "list"] },
            { path: "sys/mounts", capabilities: ["sudo"] },
        ]);
        assert.strictEqual(kvEnvironmentSegment("secret/data/prod/app/x"), "prod");
        assert.strictEqual(kvEnvironmentSegment("kv/metadata/+/app/x"), "*");
        assert.strictEqual(kvEnvironmentSegment("secret/data/*"), "*");
        assert.strictEqual(kvEnvironmentSegment("sys/policy/x"), undefined);
    });

    it("reads HCL1-only Vault policies with the tokenizer when HCL2 refuses them, and nothing else", async () => {
        assert.deepStrictEqual(await parseVaultPolicy('path "a/#b" = { policy = "read" max_wrapping_ttl = "1h" }\npath "sys/x" { capabilities = ["update"] /* } */ }'), [
            { path: "a/#b", capabilities: ["read", "list"] },
            { path: "sys/x", capabilities: ["update"] },
        ]);
        assert.strictEqual(await parseVaultPolicy('path "x" { capabilities = ["read"]'), "invalid");
        assert.strictEqual(await parseVaultPolicy("not a policy"), "invalid");
    });

    it("matches IAM resources to secrets and parameters by ARN or name", () => {
        const secret = { name: "dev/app/db", arn: "arn:aws:secretsmanager:us-east-1:1:secret:dev/app/db-Xy12Ab" };
        assert.ok(matchesSecret("arn:aws:secretsmanager:*:*:secret:dev/app/*", secret));
        assert.ok(matchesSecret("arn:aws:secretsmanager:us-east-1:1:secret:dev/app/db-??????", { name: secret.name }));
        assert.ok(!matchesSecret("arn:aws:secretsmanager:us-east-1:1:secret:dev/app/dbx-??????", { name: secret.name }));
        assert.ok(namesSecretExactly(secret.arn, secret) && !namesSecretExactly("arn:aws:secretsmanager:*:*:secret:dev/*", secret));
        assert.ok(matchesParameter("arn:aws:ssm:us-east-1:1:parameter/dev/app/user", { name: "/dev/app/user" }));
        assert.ok(!matchesParameter("arn:aws:ssm:us-east-1:1:parameter/dev/app/user", { name: "/dev/app/username" }));
    });

    it("answers `some secret / parameter matches` by lookup exactly as the one-by-one match does", () => {
        const secrets = [
            { name: "dev/app/db", arn: "arn:aws:secretsmanager:us-east-1:1:secret:dev/app/db-Xy12Ab" },
            { name: "dev/app/api" },
            { arn: "arn:aws:secretsmanager:us-east-1:1:secret:dev/app/only-arn-Qw12Er" },
            { name: "", arn: "" },
            {},
        ];
        const parameters = [{ name: "/dev/app/user", arn: "arn:aws:ssm:us-east-1:1:parameter/dev/app/user" }, { name: "dev/app/no-slash" }, { arn: "arn:aws:ssm:us-east-1:1:parameter/dev/app/arn-only" }, { name: "" }];
        const resources = [
            "*",
            ...secrets.flatMap((s) => [s.arn, s.name].filter((v): v is string => v !== undefined)),
            ...parameters.flatMap((p) => [p.arn, p.name].filter((v): v is string => v !== undefined)),
            "arn:aws:secretsmanager:us-east-1:1:secret:dev/app/db",
            "arn:aws:secretsmanager:us-east-1:1:secret:dev/app/db-AbCdEf",
            "arn:aws:secretsmanager:us-east-1:1:secret:dev/app/db-??????",
            "arn:aws:secretsmanager:us-east-1:1:secret:dev/app/api-AbCdEf",
            "arn:aws:secretsmanager:us-east-1:1:secret:dev/app/api-Zz99Zz",
            "arn:aws:secretsmanager:us-east-1:1:secret:dev/app/*",
            "arn:aws:secretsmanager:us-east-1:1:secret:",
            "arn:aws:secretsmanager:us-east-1:1:secret:-AbCdEf",
            "arn:aws:secretsmanager:us-east-1:2:secret:dev/app/db-Xy12Ab",
            "arn:aws:ssm:us-east-1:1:parameter/dev/app/user",
            "arn:aws:ssm:us-east-1:1:parameter/dev/app/no-slash",
            "arn:aws:ssm:us-east-1:1:parameter/dev/app/u*",
            "arn:aws:ssm:us-east-1:1:parameter/dev/app/arn-only",
            "arn:aws:ssm:us-east-1:1:parameter/",
            "arn:aws:ssm:us-east-1:1:parameter",
            "arn:aws:s3:::bucket",
        ];
        const anySecret = anySecretMatcher(secrets);
        const anyParameter = anyParameterMatcher(parameters);
        for (const resource of resources) {
            assert.strictEqual(anySecret(resource), secrets.some((s) => matchesSecret(resource, s)), `secret ${resource}`);
            assert.strictEqual(anyParameter(resource), parameters.some((p) => matchesParameter(resource, p)), `parameter ${resource}`);
        }
    });
});
