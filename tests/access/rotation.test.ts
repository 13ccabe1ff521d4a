import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { CLASSIFICATION_RULES } from "../../policies/lib/classification";
import { effectiveRotation } from "../../components/secretPlan";
import type { SecretDeclaration } from "../../components/types";
import { promiseOf } from "../helpers/mocks";
import { policyDocuments, useAccessMocks } from "./accessMocks";
import { DECLARATIONS, RESTRICTED_KEY, secretArn, SHARED_KEY } from "./fakeSet";

import { createSetRotation } from "../../components/rotation/secretRotation";
import { ROTATOR_CODE_DIR } from "../../components/rotation/genericRotator";
import { createVaultRotationSchedule, VAULT_ROTATION_KEEPER } from "../../components/rotation/vaultRotation";

const NAMED_LAMBDA = "arn:aws:lambda:us-east-1:123456789012:function:rds-rotator";

/** A rotating secret as SecretSet hands it over: rotation from the component's own plan. */
function rotatable(key: string, declaration: SecretDeclaration, kmsKeyArn?: string) {
    const rotation = effectiveRotation(declaration, CLASSIFICATION_RULES[declaration.classification]);
    if (rotation === undefined) throw new Error(`${key} does not rotate`);
    return { key, rotation, generate: declaration.generate, secretsManagerName: `dev/ci-pipeline/${key}`, secretArn: secretArn(key), kmsKeyArn };
}

describe("access: rotation resources", () => {
    const mocks = useAccessMocks();
    const named = (type: string, name: string) => mocks.find(type, name);
    const ofType = (type: string) => mocks.byType(type);
    before(async () => {
        mocks.reset();
        const rotation = createSetRotation(
            {
                resourcePrefix: "ci-pipeline",
                rotatorFunctionName: "dev-ci-pipeline-secretset-rotator",
                secrets: [
                    rotatable("docker-password", DECLARATIONS["docker-password"], SHARED_KEY),
                    rotatable("signing-key", DECLARATIONS["signing-key"], RESTRICTED_KEY),
                    rotatable("db-master", { classification: "restricted", rotation: { lambdaArn: NAMED_LAMBDA, days: 7 } }, RESTRICTED_KEY),
                    rotatable("api-key", { classification: "confidential", generate: { length: 48, jsonKey: "apiKey" } }, SHARED_KEY),
                ],
            },
            {},
        );
        assert.ok(rotation.rotator !== undefined && Object.keys(rotation.rotations).length === 4);
        await mocks.settled();
    });

    it("creates ONE generic rotator Lambda for the set, Node.js 20, from the rotator folder", () => {
        const functions = ofType("aws:lambda/function:Function");
        assert.strictEqual(functions.length, 1);
        const fn = functions[0].inputs;
        assert.strictEqual(fn.runtime, "nodejs20.x");
        assert.strictEqual(fn.handler, "index.handler");
        assert.strictEqual(fn.name, "dev-ci-pipeline-secretset-rotator");
        assert.strictEqual(fn.code.__pulumiArchive, true);
        assert.ok(ROTATOR_CODE_DIR.endsWith(path.join("components", "rotation", "rotator")));
        assert.match(fs.readFileSync(path.join(ROTATOR_CODE_DIR, "index.js"), "utf8"), /exports\.handler\s*=/);
    });

    it("passes generation specs (never values) keyed by Secrets Manager name", () => {
        const specs = JSON.parse(ofType("aws:lambda/function:Function")[0].inputs.environment.variables.SECRETSET_GENERATION_SPECS);
        assert.deepStrictEqual(specs, {
            "dev/ci-pipeline/api-key": { length: 48, jsonKey: "apiKey" },
            "dev/ci-pipeline/docker-password": {},
            "dev/ci-pipeline/signing-key": { length: 64 },
        });
    });

    it("adds one invoke Permission per generically rotated secret, bound by its ARN", () => {
        const permissions = ofType("aws:lambda/permission:Permission").map((p) => [p.inputs.principal, p.inputs.sourceArn, p.inputs.action]);
        assert.deepStrictEqual(permissions.sort(), [
            ["secretsmanager.amazonaws.com", secretArn("api-key"), "lambda:InvokeFunction"],
            ["secretsmanager.amazonaws.com", secretArn("docker-password"), "lambda:InvokeFunction"],
            ["secretsmanager.amazonaws.com", secretArn("signing-key"), "lambda:InvokeFunction"],
        ]);
    });

    it("creates a SecretRotation per rotating secret within its class maximum, on the right Lambda", () => {
        const rotations = Object.fromEntries(ofType("aws:secretsmanager/secretRotation:SecretRotation").map((r) => [r.name, r.inputs]));
        assert.deepStrictEqual(Object.keys(rotations).sort(), ["ci-pipeline-rotation-api-key", "ci-pipeline-rotation-db-master", "ci-pipeline-rotation-docker-password", "ci-pipeline-rotation-signing-key"]);
        const generic = "arn:aws:lambda:us-east-1:123456789012:function:dev-ci-pipeline-secretset-rotator";
        assert.deepStrictEqual(rotations["ci-pipeline-rotation-docker-password"], { secretId: secretArn("docker-password"), rotationLambdaArn: generic, rotationRules: { automaticallyAfterDays: 90 }, rotateImmediately: false });
        assert.deepStrictEqual(rotations["ci-pipeline-rotation-signing-key"], { secretId: secretArn("signing-key"), rotationLambdaArn: generic, rotationRules: { automaticallyAfterDays: 30 }, rotateImmediately: true });
        assert.strictEqual(rotations["ci-pipeline-rotation-api-key"].rotationRules.automaticallyAfterDays, 90);
        assert.strictEqual(rotations["ci-pipeline-rotation-db-master"].rotationLambdaArn, NAMED_LAMBDA);
        assert.strictEqual(rotations["ci-pipeline-rotation-db-master"].rotationRules.automaticallyAfterDays, 7);
    });

    it("limits the execution role to those secrets, their keys via Secrets Manager and its own log group", () => {
        const policy = JSON.parse(named("aws:iam/rolePolicy:RolePolicy", "ci-pipeline-rotator-policy").inputs.policy);
        const bySid = Object.fromEntries(policy.Statement.map((s: any) => [s.Sid, s]));
        assert.deepStrictEqual(bySid.RotateOwnSecrets.Resource, [secretArn("api-key"), secretArn("docker-password"), secretArn("signing-key")]);
        assert.deepStrictEqual(bySid.RotateOwnSecrets.Action, ["secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue", "secretsmanager:PutSecretValue", "secretsmanager:UpdateSecretVersionStage"]);
        assert.deepStrictEqual(bySid.UseSecretKeysViauseast1.Resource, [RESTRICTED_KEY, SHARED_KEY].sort());
        assert.strictEqual(bySid.UseSecretKeysViauseast1.Condition.StringEquals["kms:ViaService"], "secretsmanager.us-east-1.amazonaws.com");
        const logGroup = "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/dev-ci-pipeline-secretset-rotator";
        assert.deepStrictEqual(bySid.WriteOwnLogs.Resource, [logGroup, `${logGroup}:log-stream:*`]);
        for (const { document } of policyDocuments(mocks.resources)) {
            for (const s of document.Statement) for (const r of s.Resource) assert.ok(r !== "*" && (!r.includes("*") || r === `${logGroup}:log-stream:*`), r);
        }
    });

    it("lets only Lambda assume the execution role", () => {
        const trust = JSON.parse(named("aws:iam/role:Role", "ci-pipeline-rotator-role").inputs.assumeRolePolicy);
        assert.deepStrictEqual(trust.Statement[0].Principal, { Service: ["lambda.amazonaws.com"] });
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
