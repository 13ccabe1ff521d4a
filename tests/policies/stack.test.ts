import * as assert from "assert";
import { stackIamGrantsInStack, stackMonthlyCostBudget, stackSecretRotationSchedule } from "../../policies/stack";
import { PRICE_TABLE } from "../../policies/lib/pricing";
import { confidentialSecret, document, internalParameter, KEY_ARN, kmsKey, RESTRICTED_ARN, restrictedSecret, rolePolicy, rotation, SECRET_ARN } from "./baselines";
import { assertNoSentinel, mutate, runStack, StackInput, UNKNOWN_INPUT, urnOf } from "./util";

// Outputs as the engine reports them after an update: each secret knows its ARN.
const secretOut: StackInput = { ...confidentialSecret, props: { ...confidentialSecret.props, arn: SECRET_ARN } };
const restrictedOut: StackInput = { ...restrictedSecret, props: { ...restrictedSecret.props, arn: RESTRICTED_ARN } };
const restrictedRotation: StackInput = { ...rotation, name: "rotation-signing-key", props: { ...rotation.props, secretId: RESTRICTED_ARN, rotationRules: { automaticallyAfterDays: 30 } } };
const compliant = (): StackInput[] => [secretOut, restrictedOut, rotation, restrictedRotation];

describe("policies: stack", () => {
    describe(stackSecretRotationSchedule.name, () => {
        it("stays silent when every secret that must rotate has a rotation", async () => {
            assert.deepStrictEqual((await runStack(stackSecretRotationSchedule, compliant())).violations, []);
        });

        it("fires on the secret's URN when its rotation is missing", async () => {
            const outcome = await runStack(stackSecretRotationSchedule, [secretOut, restrictedOut, rotation]);
            assert.deepStrictEqual(outcome.violations.map((v) => v.urn), [urnOf(restrictedSecret.type, restrictedSecret.name)]);
            assert.match(outcome.violations[0].message, /`sm-signing-key` \(restricted\) must have a SecretRotation/);
            assertNoSentinel(outcome);
        });

        it("fires when a restricted secret rotates less often than every 30 days", async () => {
            const slow = mutate(restrictedRotation, (r) => (r.props.rotationRules = { automaticallyAfterDays: 60 }));
            const outcome = await runStack(stackSecretRotationSchedule, [secretOut, restrictedOut, rotation, slow]);
            assert.strictEqual(outcome.violations.length, 1);
            assert.match(outcome.violations[0].message, /must rotate at least every 30 days \(its rotation runs every 60\)/);
        });

        it("applies a tightened class limit from the pack config", async () => {
            const outcome = await runStack(stackSecretRotationSchedule, compliant(), { confidentialMaxRotationDays: 14 });
            assert.strictEqual(outcome.violations.length, 1);
            assert.strictEqual(outcome.violations[0].urn, urnOf(confidentialSecret.type, confidentialSecret.name));
        });

        it("links by property dependency, id or name when the ARN is not in the outputs", async () => {
            const byDependency: StackInput = { ...rotation, props: { ...rotation.props, secretId: "some-id" }, propertyDependencies: { secretId: [confidentialSecret.name] } };
            const byName: StackInput = { ...restrictedRotation, props: { ...restrictedRotation.props, secretId: restrictedSecret.props.name } };
            const outcome = await runStack(stackSecretRotationSchedule, [confidentialSecret, restrictedSecret, byDependency, byName]);
            assert.deepStrictEqual(outcome.violations, []);
        });

        it("says nothing while a rotation's target is unknown during preview", async () => {
            const planned: StackInput = { ...restrictedRotation, props: { ...restrictedRotation.props, secretId: UNKNOWN_INPUT } };
            const outcome = await runStack(stackSecretRotationSchedule, [secretOut, restrictedOut, rotation, planned]);
            assert.deepStrictEqual(outcome.violations, []);
        });
    });

    describe(stackIamGrantsInStack.name, () => {
        it("stays silent when grants name secrets of the stack", async () => {
            assert.deepStrictEqual((await runStack(stackIamGrantsInStack, [secretOut, rolePolicy])).violations, []);
        });

        it("fires on the policy's URN when a grant names a secret outside the stack", async () => {
            const foreign = mutate(rolePolicy, (r) => (r.props.policy = document([{ Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: [SECRET_ARN, "arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/other/db-AbCdEf"] }])));
            const outcome = await runStack(stackIamGrantsInStack, [secretOut, foreign]);
            assert.strictEqual(outcome.violations.length, 1);
            assert.strictEqual(outcome.violations[0].urn, urnOf(rolePolicy.type, rolePolicy.name));
            assert.match(outcome.violations[0].message, /1 resource ARN\(s\) in statement 1/);
            assert.doesNotMatch(outcome.violations[0].message, /prod\/other\/db/, "ARNs are counted, never quoted");
        });

        it("fires for an SSM parameter ARN outside the stack and matches parameters by name", async () => {
            const grants = mutate(rolePolicy, (r) => (r.props.policy = document([{ Effect: "Allow", Action: "ssm:GetParameter", Resource: ["arn:aws:ssm:us-east-1:123456789012:parameter/dev/ci-pipeline/docker-username", "arn:aws:ssm:us-east-1:123456789012:parameter/dev/ci-pipeline/missing"] }])));
            const outcome = await runStack(stackIamGrantsInStack, [internalParameter, grants]);
            assert.strictEqual(outcome.violations.length, 1);
            assert.match(outcome.violations[0].message, /1 resource ARN\(s\)/);
            assert.doesNotMatch(outcome.violations[0].message, /missing/);
            assert.doesNotMatch(outcome.violations[0].message, /docker-username/);
        });

        it("matches a secret by name while its ARN is unknown, and skips unknown documents", async () => {
            const planned = { ...confidentialSecret, props: { ...confidentialSecret.props, arn: UNKNOWN_INPUT } };
            const unknownDoc = mutate(rolePolicy, (r) => (r.props.policy = UNKNOWN_INPUT));
            assert.deepStrictEqual((await runStack(stackIamGrantsInStack, [planned, rolePolicy, unknownDoc])).violations, []);
        });
    });

    describe(stackMonthlyCostBudget.name, () => {
        it("fires (one stack-level violation) when the estimate exceeds the budget", async () => {
            const keys = [1, 2, 3].map((i) => ({ ...kmsKey, name: `key-${i}` }));
            const budget = 3 * PRICE_TABLE.kmsCustomerManagedKeyPerMonth + PRICE_TABLE.secretsManagerSecretPerMonth; // one replica short
            const replicated = mutate(secretOut, (r) => (r.props.replicas = [{ region: "eu-west-1", kmsKeyId: KEY_ARN }]));
            const outcome = await runStack(stackMonthlyCostBudget, [...keys, replicated, internalParameter], { maxMonthlyCostUsd: budget });
            assert.strictEqual(outcome.violations.length, 1);
            assert.strictEqual(outcome.violations[0].urn, undefined);
            assert.match(outcome.violations[0].message, /must cost at most \$3\.40 a month; the estimate is \$3\.80/);
        });

        it("stays silent within the default budget", async () => {
            assert.deepStrictEqual((await runStack(stackMonthlyCostBudget, [kmsKey, secretOut])).violations, []);
        });
    });
});
