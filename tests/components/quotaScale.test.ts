// Sets of 1, 100 and 1,000 rotating secrets (every mode SecretSet runs: generated,
// database, lambda, manual) checked against AWS's documented quotas from the one table
// (policies/lib/awsQuotas.ts): every IAM document, Lambda environment and resource
// policy, tag set and name. The generic and PostgreSQL rotators must not grow with N.
import * as assert from "assert";
import { mkdtempSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import * as path from "path";
import { runOfflinePreview } from "../../tools/preview/runPreview";
import { AWS_QUOTAS, iamPolicySize, LAMBDA_POLICY_WRAPPER_BYTES, lambdaEnvironmentSize, lambdaPermissionStatementBytes, tagQuotaProblems } from "../../policies/lib/awsQuotas";
import { SecretSet } from "../../components/secretSet";
import type { SecretSetArgs } from "../../components/secretSetArgs";
import type { SecretDeclaration } from "../../components/types";
import { type RecordedResource, useMocks } from "../helpers/mocks";

// js-yaml ships without typings; only `dump` is used.
const yaml = require("js-yaml") as { dump(value: unknown): string };

const LAMBDA = "arn:aws:lambda:us-east-1:123456789012:function:registry-token-rotator";
const NETWORK = { subnetIds: ["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"], securityGroupIds: ["sg-0123456789abcdef0"] };
const DB_JSON = JSON.stringify({ engine: "postgres", host: "orders.cluster-abc.us-east-1.rds.amazonaws.com", port: 5432, username: "orders", password: "p", dbname: "orders" });
/** Pulumi auto-names a resource without a physical name: logical name + "-" + 7 characters. */
const AUTONAME_SUFFIX = 8;

/** N rotating secrets with long, realistic names, cycling through the modes. */
function rotatingSet(count: number): SecretSetArgs {
    const secrets: Record<string, SecretDeclaration> = {};
    const values: Record<string, { value: string; fromSecretConfig: boolean }> = {};
    for (let i = 0; i < count; i++) {
        const key = `payments-service-credential-${String(i).padStart(5, "0")}`;
        switch (i % 10) {
            case 0:
                secrets[key] = { classification: "confidential", rotation: { mode: "database", database: NETWORK } };
                values[key] = { value: DB_JSON, fromSecretConfig: true };
                break;
            case 1:
                secrets[key] = { classification: "restricted", external: true, rotation: { mode: "manual", owner: "payments-oncall", days: 30 } };
                break;
            case 2:
                // A named function holds ~60 invoke statements (validation refuses more): keep it to a few.
                secrets[key] = i < 200 ? { classification: "confidential", external: true, rotation: { mode: "lambda", lambdaArn: LAMBDA } } : { classification: "confidential", generate: { length: 48 } };
                break;
            case 3:
                secrets[key] = { classification: "restricted", generate: { length: 64, keepOutOfState: true, jsonKey: "signingKey", overrideSpecial: "!#%+-=" }, rotation: { days: 7 } };
                break;
            default:
                secrets[key] = { classification: "confidential", generate: { length: 40, minUpper: 2, minNumeric: 2, jsonKey: "password" }, rotation: { days: 60 } };
        }
    }
    return { app: "payments-platform", environment: "production", owner: "payments-team", secrets, values };
}

interface Findings { problems: string[]; rotatorPolicySizes: Record<string, number> }

function checkQuotas(resources: readonly RecordedResource[]): Findings {
    const problems: string[] = [];
    const byRole = new Map<string, number>();
    const permissionsByFunction = new Map<string, number>();
    const rotatorPolicySizes: Record<string, number> = {};
    const over = (what: string, size: number, limit: number) => size > limit && problems.push(`${what}: ${size} > ${limit}`);
    for (const r of resources) {
        const inputs = r.inputs;
        const tags = inputs.tags as Record<string, string> | undefined;
        if (tags !== undefined) for (const problem of tagQuotaProblems(tags)) problems.push(`${r.type} ${r.name}: ${problem}`);
        switch (r.type) {
            case "aws:iam/rolePolicy:RolePolicy": {
                const size = iamPolicySize(inputs.policy);
                byRole.set(inputs.role, (byRole.get(inputs.role) ?? 0) + size);
                if (/rotator/.test(r.name)) rotatorPolicySizes[r.name] = size;
                break;
            }
            case "aws:iam/policy:Policy":
                over(`managed policy ${r.name}`, iamPolicySize(inputs.policy), AWS_QUOTAS.iamManagedPolicyChars.limit);
                break;
            case "aws:iam/role:Role":
                over(`trust policy of ${r.name}`, iamPolicySize(inputs.assumeRolePolicy), AWS_QUOTAS.iamRoleTrustPolicyChars.limit);
                over(`role name of ${r.name}`, inputs.name?.length ?? r.name.length + AUTONAME_SUFFIX, AWS_QUOTAS.iamRoleNameChars.limit);
                break;
            case "aws:lambda/function:Function":
                over(`environment of ${r.name}`, lambdaEnvironmentSize(inputs.environment?.variables ?? {}), AWS_QUOTAS.lambdaEnvironmentBytes.limit);
                over(`function name ${inputs.name}`, inputs.name.length, AWS_QUOTAS.lambdaFunctionNameChars.limit);
                break;
            case "aws:lambda/permission:Permission": {
                const fn = String(inputs.function);
                const functionArn = fn.startsWith("arn:") ? fn : `arn:aws:lambda:us-east-1:123456789012:function:${fn}`;
                permissionsByFunction.set(functionArn, (permissionsByFunction.get(functionArn) ?? LAMBDA_POLICY_WRAPPER_BYTES) + lambdaPermissionStatementBytes(functionArn, inputs.principal, inputs.sourceArn));
                break;
            }
            case "aws:secretsmanager/secret:Secret":
                over(`secret name ${inputs.name}`, inputs.name.length, AWS_QUOTAS.secretsManagerNameChars.limit);
                break;
            case "aws:ssm/parameter:Parameter":
                over(`parameter name ${inputs.name}`, inputs.name.length, AWS_QUOTAS.ssmParameterNameChars.limit);
                break;
            case "aws:cloudwatch/logGroup:LogGroup":
                over(`log group ${inputs.name}`, inputs.name.length, AWS_QUOTAS.logGroupNameChars.limit);
                break;
        }
    }
    for (const [role, size] of byRole) over(`inline policies of role ${role}`, size, AWS_QUOTAS.iamRoleInlinePoliciesChars.limit);
    for (const [fn, size] of permissionsByFunction) over(`resource policy of ${fn}`, size, AWS_QUOTAS.lambdaResourcePolicyBytes.limit);
    return { problems, rotatorPolicySizes };
}

describe("SecretSet within AWS quotas at 1, 100 and 1,000 rotating secrets", function () {
    this.timeout(300_000);
    const mocks = useMocks({
        outputs: (args) => (args.type === "aws:cloudwatch/logGroup:LogGroup" ? { arn: `arn:aws:logs:us-east-1:123456789012:log-group:${args.inputs.name}` } : undefined),
    });
    let stackTraceLimit: number;
    before(() => {
        // Each registration captures a stack trace under the mocks; without them 1,000 secrets build in seconds.
        stackTraceLimit = Error.stackTraceLimit;
        Error.stackTraceLimit = 0;
    });
    after(() => (Error.stackTraceLimit = stackTraceLimit));

    const sizes: Record<number, Record<string, number>> = {};
    for (const count of [1, 100, 1000]) {
        it(`${count} rotating secret${count === 1 ? "" : "s"}: every IAM document, Lambda environment and resource policy, tag set and name fits`, async () => {
            new SecretSet("payments", rotatingSet(count));
            await mocks.settled();
            const { problems, rotatorPolicySizes } = checkQuotas(mocks.resources);
            assert.deepStrictEqual(problems, []);
            const rotations = mocks.byType("aws:secretsmanager/secretRotation:SecretRotation").length;
            assert.strictEqual(rotations, count - Math.floor((count + 8) / 10), "every secret but the manual ones has a SecretRotation");
            sizes[count] = rotatorPolicySizes;
        });
    }

    it("keeps the tag-scoped rotator documents the same size whatever N; restricted secrets spread over rotators within quota", () => {
        assert.ok(sizes[100] && sizes[1000], "the 100 and 1,000 cases ran");
        const pg = (n: number) => Object.entries(sizes[n]).filter(([name]) => name.includes("-pg-rotator-")).map(([, size]) => size);
        assert.deepStrictEqual(pg(1000), pg(100));
        const generic = (n: number) => Object.keys(sizes[n]).filter((name) => /^payments-rotator(-\d+)?-policy$/.test(name)).length;
        // 100 restricted secrets at 1,000 need a few rotators; 10 at 100 need one.
        assert.strictEqual(generic(100), 1);
        assert.ok(generic(1000) > 1 && generic(1000) <= 10, `${generic(1000)} generic rotators`);
        for (const size of Object.values(sizes[1000])) assert.ok(size <= AWS_QUOTAS.iamRoleInlinePoliciesChars.limit, `${size}`);
    });
});

describe("1,000 rotating secrets through the offline preview and the policy pack", function () {
    this.timeout(600_000);

    it("registers every rotator within AWS's quotas and has no mandatory violation (quota, rotation and grant rules included)", async () => {
        const set = rotatingSet(1000);
        const config: Record<string, unknown> = {
            "aws:region": "us-east-1",
            "secretset:app": set.app,
            "secretset:environment": "dev",
            "secretset:owner": set.owner,
            "secretset:disposable": true,
            "secretset:secrets": set.secrets,
        };
        // Encrypted in a real stack file; the preview only sees that they are secret.
        for (const key of Object.keys(set.values ?? {})) config[`secretset:${key}`] = { secure: "v1:AAAAAAAAAAAAAAAA:bm90LWEtcmVhbC12YWx1ZQ==" };
        const dir = mkdtempSync(path.join(tmpdir(), "secretset-scale-"));
        try {
            const configFile = path.join(dir, "Pulumi.dev.yaml");
            writeFileSync(configFile, yaml.dump({ config }));
            const outcome = await runOfflinePreview({ stack: "dev", format: "json", help: false, configFile });
            const mandatory = outcome.report.violations.filter((v) => v.enforcementLevel === "mandatory");
            assert.deepStrictEqual(mandatory.map((v) => `${v.policyName}: ${v.message}`), []);
            const rotators = outcome.report.resources.filter((r) => r.type === "aws:lambda/function:Function");
            assert.ok(rotators.length >= 3, `${rotators.length} rotator functions`);
        } finally {
            rmSync(dir, { recursive: true, force: true });
        }
    });
});
