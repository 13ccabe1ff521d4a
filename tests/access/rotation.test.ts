import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { CLASSIFICATION_RULES } from "../../policies/lib/classification";
import { effectiveRotation } from "../../components/secretPlan";
import type { SecretDeclaration } from "../../components/types";
import { promiseOf } from "../helpers/mocks";
import { useAccessMocks } from "./accessMocks";
import { RESTRICTED_KEY, secretArn, SHARED_KEY } from "./fakeSet";

import { createSetRotation } from "../../components/rotation/secretRotation";
import { ROTATOR_CODE_DIR, rotatorShares } from "../../components/rotation/genericRotator";
import { EXACT_GRANT_BUDGET_CHARS, exactGrantChars } from "../../components/rotation/rotatorPolicy";
import { lambdaCodeWithDependencies, runtimeDependencyClosure } from "../../components/rotation/lambdaCode";
import { createPostgresRotator } from "../../components/rotation/postgresRotator";
import { createVaultRotationSchedule, VAULT_ROTATION_KEEPER } from "../../components/rotation/vaultRotation";

const NAMED_LAMBDA = "arn:aws:lambda:us-east-1:123456789012:function:registry-token-rotator";
const DATABASE = { subnetIds: ["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"], securityGroupIds: ["sg-0123456789abcdef0"] };
const MASTER_ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:dev/ci-pipeline/db-master-XyZ123";

/** A rotating secret as SecretSet hands it over: rotation from the component's own plan. */
function rotatable(key: string, declaration: SecretDeclaration, kmsKeyArn?: string) {
    const rotation = effectiveRotation(declaration, CLASSIFICATION_RULES[declaration.classification], declaration.generate ? "generated" : "config");
    if (rotation === undefined) throw new Error(`${key} does not rotate`);
    const classification = declaration.classification;
    return { key, rotation, secretsManagerName: `dev/ci-pipeline/${key}`, classification, namedGrant: CLASSIFICATION_RULES[classification].dedicatedKey, secretArn: secretArn(key), kmsKeyArn };
}

describe("access: rotation resources", () => {
    const mocks = useAccessMocks();
    const named = (type: string, name: string) => mocks.find(type, name);
    const ofType = (type: string) => mocks.byType(type);
    const functionNamed = (name: string) => ofType("aws:lambda/function:Function").find((f) => f.inputs.name === name)!;
    let rotation: ReturnType<typeof createSetRotation>;
    before(async () => {
        mocks.reset();
        rotation = createSetRotation(
            {
                resourcePrefix: "ci-pipeline",
                app: "ci-pipeline",
                environment: "dev",
                rotatorFunctionName: "dev-ci-pipeline-secretset-rotator",
                secrets: [
                    rotatable("docker-password", { classification: "confidential", rotation: { mode: "manual", owner: "platform-team" } }, SHARED_KEY),
                    rotatable("signing-key", { classification: "restricted", generate: { length: 64, keepOutOfState: true }, rotation: { days: 30 } }, RESTRICTED_KEY),
                    rotatable("registry-token", { classification: "restricted", rotation: { lambdaArn: NAMED_LAMBDA, days: 7 } }, RESTRICTED_KEY),
                    rotatable("api-key", { classification: "confidential", generate: { length: 48, jsonKey: "apiKey" } }, SHARED_KEY),
                    rotatable("db-app", { classification: "confidential", rotation: { mode: "database", database: DATABASE } }, SHARED_KEY),
                    rotatable("db-reporting", { classification: "confidential", rotation: { mode: "database", database: { ...DATABASE, strategy: "alternating-users", masterSecretArn: MASTER_ARN } } }, SHARED_KEY),
                ],
            },
            {},
        );
        await mocks.settled();
    });

    it("creates no rotation resource for a manual secret", () => {
        assert.strictEqual(rotation.rotations["docker-password"], undefined);
        assert.ok(!ofType("aws:secretsmanager/secretRotation:SecretRotation").some((r) => r.inputs.secretId === secretArn("docker-password")));
        assert.ok(!ofType("aws:lambda/permission:Permission").some((p) => p.inputs.sourceArn === secretArn("docker-password")));
    });

    it("creates ONE generic rotator for the set, Node.js 24, from the rotator folder, with no per-secret settings in its environment", () => {
        const fn = functionNamed("dev-ci-pipeline-secretset-rotator").inputs;
        assert.strictEqual(fn.runtime, "nodejs24.x");
        assert.strictEqual(fn.handler, "index.handler");
        assert.strictEqual(fn.code.__pulumiArchive, true);
        assert.strictEqual(fn.environment, undefined);
        assert.ok(ROTATOR_CODE_DIR.endsWith(path.join("components", "rotation", "rotator")));
        assert.match(fs.readFileSync(path.join(ROTATOR_CODE_DIR, "index.js"), "utf8"), /exports\.handler\s*=/);
    });

    it("lets Secrets Manager invoke the generic rotator for the set's prefix (one Permission) and for each restricted secret by its ARN", () => {
        const generic = ofType("aws:lambda/permission:Permission").filter((p) => p.name.startsWith("ci-pipeline-rotator-invoke"));
        const summary = generic.map((p) => [p.inputs.principal, p.inputs.sourceArn, p.inputs.sourceAccount, p.inputs.action]).sort();
        assert.deepStrictEqual(summary, [
            ["secretsmanager.amazonaws.com", "arn:aws:secretsmanager:us-east-1:123456789012:secret:dev/ci-pipeline/*", "123456789012", "lambda:InvokeFunction"],
            ["secretsmanager.amazonaws.com", secretArn("signing-key"), "123456789012", "lambda:InvokeFunction"],
        ]);
    });

    it("gives a named rotation Lambda its invoke Permission bound by the secret's ARN and account", () => {
        const permission = named("aws:lambda/permission:Permission", "ci-pipeline-rotation-invoke-registry-token").inputs;
        assert.deepStrictEqual(permission, { action: "lambda:InvokeFunction", function: NAMED_LAMBDA, principal: "secretsmanager.amazonaws.com", sourceArn: secretArn("registry-token"), sourceAccount: "123456789012" });
    });

    it("creates a SecretRotation per rotating secret within its class maximum, on the right Lambda", () => {
        const rotations = Object.fromEntries(ofType("aws:secretsmanager/secretRotation:SecretRotation").map((r) => [r.name, r.inputs]));
        assert.deepStrictEqual(Object.keys(rotations).sort(), ["ci-pipeline-rotation-api-key", "ci-pipeline-rotation-db-app", "ci-pipeline-rotation-db-reporting", "ci-pipeline-rotation-registry-token", "ci-pipeline-rotation-signing-key"]);
        const generic = "arn:aws:lambda:us-east-1:123456789012:function:dev-ci-pipeline-secretset-rotator";
        assert.deepStrictEqual(rotations["ci-pipeline-rotation-signing-key"], { secretId: secretArn("signing-key"), rotationLambdaArn: generic, rotationRules: { automaticallyAfterDays: 30 }, rotateImmediately: true });
        assert.strictEqual(rotations["ci-pipeline-rotation-api-key"].rotationRules.automaticallyAfterDays, 90);
        assert.strictEqual(rotations["ci-pipeline-rotation-registry-token"].rotationLambdaArn, NAMED_LAMBDA);
        assert.strictEqual(rotations["ci-pipeline-rotation-registry-token"].rotationRules.automaticallyAfterDays, 7);
        const pg = rotation.databaseRotators;
        assert.strictEqual(pg.length, 1, "one PostgreSQL rotator for one network placement");
        assert.match(rotations["ci-pipeline-rotation-db-app"].rotationLambdaArn, /:function:dev-ci-pipeline-secretset-pg-rotator-[0-9a-f]{8}$/);
        assert.strictEqual(rotations["ci-pipeline-rotation-db-app"].rotationLambdaArn, rotations["ci-pipeline-rotation-db-reporting"].rotationLambdaArn);
    });

    it("names confidential secrets by the set's prefix and tags, restricted ones by ARN, and keys via Secrets Manager", () => {
        const policy = JSON.parse(named("aws:iam/rolePolicy:RolePolicy", "ci-pipeline-rotator-policy").inputs.policy);
        const bySid = Object.fromEntries(policy.Statement.map((s: any) => [s.Sid, s]));
        const prefix = "arn:aws:secretsmanager:us-east-1:123456789012:secret:dev/ci-pipeline/*";
        assert.deepStrictEqual(bySid.RotateGeneratedSecretsOfTheSet.Resource, [prefix]);
        assert.deepStrictEqual(bySid.RotateGeneratedSecretsOfTheSet.Condition.StringEquals, {
            "secretsmanager:ResourceTag/secretset:app": "ci-pipeline",
            "secretsmanager:ResourceTag/secretset:environment": "dev",
            "secretsmanager:ResourceTag/secretset:rotation-mode": "generated",
            "secretsmanager:ResourceTag/secretset:classification": ["confidential"],
        });
        assert.deepStrictEqual(bySid.RotateGeneratedSecretsOfTheSet.Action, ["secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue", "secretsmanager:PutSecretValue", "secretsmanager:UpdateSecretVersionStage"]);
        assert.deepStrictEqual(bySid.UseSetKeysViaSecretsManager.Resource, [SHARED_KEY]);
        assert.strictEqual(bySid.UseSetKeysViaSecretsManager.Condition.StringEquals["kms:ViaService"], "secretsmanager.us-east-1.amazonaws.com");
        assert.strictEqual(bySid.UseSetKeysViaSecretsManager.Condition.StringLike["kms:EncryptionContext:SecretARN"], prefix);
        assert.deepStrictEqual(bySid.RotateGeneratedSecretsByArn.Resource, [secretArn("signing-key")]);
        assert.deepStrictEqual(bySid.UseNamedSecretKeysViaSecretsManager.Resource, [RESTRICTED_KEY]);
        assert.deepStrictEqual(bySid.UseNamedSecretKeysViaSecretsManager.Condition.StringEquals["kms:EncryptionContext:SecretARN"], [secretArn("signing-key")]);
        const logGroup = "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/dev-ci-pipeline-secretset-rotator";
        assert.deepStrictEqual(bySid.WriteOwnLogs.Resource, [logGroup, `${logGroup}:log-stream:*`]);
    });

    it("spreads many restricted secrets over several rotators, each within IAM's inline policy quota", () => {
        const many = Array.from({ length: 120 }, (_, i) => ({ key: `k-${i}`, secretsManagerName: `production/payments-platform/service-credential-${i}`, classification: "restricted", namedGrant: true, secretArn: "x" }));
        const shares = rotatorShares([...many, { key: "api", secretsManagerName: "production/payments-platform/api", classification: "confidential", namedGrant: false, secretArn: "y" }]);
        assert.ok(shares.length > 2, `${shares.length} rotators`);
        assert.ok(shares[0].some((s) => s.key === "api"), "the tagged secrets stay on the first rotator");
        assert.strictEqual(shares.flat().length, 121);
        for (const share of shares) {
            const chars = share.filter((s) => s.namedGrant).reduce((sum, s) => sum + exactGrantChars(s.secretsManagerName), 0);
            assert.ok(chars <= EXACT_GRANT_BUDGET_CHARS, `${chars}`);
        }
    });

    it("gives the PostgreSQL rotator exact grants, its VPC placement and its pg dependency", () => {
        const fn = ofType("aws:lambda/function:Function").find((f) => f.inputs.handler === "postgres.handler")!.inputs;
        assert.strictEqual(fn.runtime, "nodejs24.x");
        assert.deepStrictEqual(fn.vpcConfig, { subnetIds: [...DATABASE.subnetIds].sort(), securityGroupIds: DATABASE.securityGroupIds });
        const policyResource = ofType("aws:iam/rolePolicy:RolePolicy").find((p) => p.name.includes("-pg-rotator-"))!;
        const bySid = Object.fromEntries(JSON.parse(policyResource.inputs.policy).Statement.map((s: any) => [s.Sid, s]));
        const prefix = "arn:aws:secretsmanager:us-east-1:123456789012:secret:dev/ci-pipeline/*";
        assert.deepStrictEqual(bySid.RotateDatabaseSecretsOfTheSet.Resource, [prefix]);
        assert.strictEqual(bySid.RotateDatabaseSecretsOfTheSet.Condition.StringEquals["secretsmanager:ResourceTag/secretset:rotation-mode"], "database");
        assert.deepStrictEqual(bySid.RotateDatabaseSecretsOfTheSet.Condition.StringEquals["secretsmanager:ResourceTag/secretset:classification"], ["confidential"]);
        assert.deepStrictEqual(bySid.ReadMasterSecrets, { Sid: "ReadMasterSecrets", Effect: "Allow", Action: ["secretsmanager:GetSecretValue"], Resource: [MASTER_ARN] });
        assert.deepStrictEqual(bySid.UseSetKeysViaSecretsManager.Resource, [SHARED_KEY]);
        assert.strictEqual(bySid.UseSetKeysViaSecretsManager.Condition.StringLike["kms:EncryptionContext:SecretARN"], prefix);
        assert.deepStrictEqual(bySid.AttachToTheDatabaseVpc.Resource, [
            ...DATABASE.subnetIds.map((id) => `arn:aws:ec2:us-east-1:123456789012:subnet/${id}`).sort(),
            "arn:aws:ec2:us-east-1:123456789012:security-group/sg-0123456789abcdef0",
            "arn:aws:ec2:us-east-1:123456789012:network-interface/*",
        ]);
        const invoke = ofType("aws:lambda/permission:Permission").filter((p) => p.name.includes("-pg-rotator-"));
        assert.strictEqual(invoke.length, 1, "one Permission for the set's database secrets");
        assert.deepStrictEqual([invoke[0].inputs.sourceArn, invoke[0].inputs.sourceAccount, invoke[0].inputs.principal], [prefix, "123456789012", "secretsmanager.amazonaws.com"]);
    });

    it("packages the PostgreSQL rotator with pg and its runtime dependencies", () => {
        const closure = runtimeDependencyClosure(["pg"]);
        for (const name of ["pg", "pg-pool", "pg-protocol", "pg-types", "pg-connection-string", "pgpass", "postgres-array", "split2"]) assert.ok(closure.includes(name), name);
        const archive = lambdaCodeWithDependencies(["pg"]) as unknown as { assets: Promise<Record<string, unknown>> };
        return Promise.resolve(archive.assets).then((assets) => {
            for (const file of ["postgres.js", "protocol.js", "generate.js", "scram.js", "databaseSecret.js", "node_modules/pg", "node_modules/pg-protocol"]) assert.ok(file in assets, file);
        });
    });

    it("lets only Lambda assume the execution roles", () => {
        for (const role of ofType("aws:iam/role:Role")) {
            assert.deepStrictEqual(JSON.parse(role.inputs.assumeRolePolicy).Statement[0].Principal, { Service: ["lambda.amazonaws.com"] });
        }
    });
});

describe("access: Vault rotation schedule", () => {
    const mocks = useAccessMocks();
    it("creates a time.Rotating whose id is the RandomPassword keeper", async () => {
        mocks.reset();
        const schedule = createVaultRotationSchedule("ci-pipeline-rotation-schedule-partner-token", 30, {});
        await mocks.settled();
        const rotating = mocks.find("time:index/rotating:Rotating", "ci-pipeline-rotation-schedule-partner-token");
        assert.strictEqual(rotating.inputs.rotationDays, 30);
        const keepers = await promiseOf(schedule.keepers);
        assert.deepStrictEqual(Object.keys(keepers), [VAULT_ROTATION_KEEPER]);
        assert.strictEqual(keepers[VAULT_ROTATION_KEEPER], "ci-pipeline-rotation-schedule-partner-token-id");
    });
});

describe("access: a standalone PostgreSQL rotator", () => {
    const mocks = useAccessMocks();
    it("lists its secrets by ARN and binds one Permission to each secret and its account", async () => {
        mocks.reset();
        createPostgresRotator(
            {
                resourcePrefix: "orders-db-rotator",
                functionName: "prod-orders-db-rotator",
                subnetIds: ["subnet-0123456789abcdef0"],
                securityGroupIds: ["sg-0123456789abcdef0"],
                secrets: [{ key: "orders", secretArn: secretArn("orders"), kmsKeyArn: SHARED_KEY }],
            },
            {},
        );
        await mocks.settled();
        const bySid = Object.fromEntries(JSON.parse(mocks.find("aws:iam/rolePolicy:RolePolicy", "orders-db-rotator-policy").inputs.policy).Statement.map((s: any) => [s.Sid, s]));
        assert.deepStrictEqual(bySid.RotateDatabaseSecrets.Resource, [secretArn("orders")]);
        assert.deepStrictEqual(bySid.UseSecretKeysViaSecretsManager.Condition.StringEquals["kms:EncryptionContext:SecretARN"], [secretArn("orders")]);
        const permission = mocks.find("aws:lambda/permission:Permission", "orders-db-rotator-invoke-orders").inputs;
        assert.deepStrictEqual([permission.sourceArn, permission.sourceAccount], [secretArn("orders"), "123456789012"]);
    });
});
