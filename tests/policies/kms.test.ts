import * as assert from "assert";
import { kmsDeletionWindowForClass, kmsKeyPolicyExplicit, kmsKeyPolicyNoPublicPrincipal, kmsKeyRotationEnabled, kmsNoBypassLockoutCheck } from "../../policies/kms";
import { TYPES } from "../../policies/lib/resourceKinds";
import { document, kmsKey, tags } from "./baselines";
import { describeRule } from "./cases";
import { mutate, runStack, UNKNOWN_INPUT } from "./util";

describe("policies: kms", () => {
    describeRule(
        kmsKeyRotationEnabled,
        [
            { change: "rotation is off", input: mutate(kmsKey, (r) => (r.props.enableKeyRotation = false)), says: "`enableKeyRotation: true`" },
            { change: "rotation is unset", input: mutate(kmsKey, (r) => delete r.props.enableKeyRotation), says: "`enableKeyRotation: true`" },
        ],
        [{ change: "an asymmetric signing key cannot rotate", input: mutate(kmsKey, (r) => { r.props.enableKeyRotation = false; r.props.customerMasterKeySpec = "RSA_2048"; r.props.keyUsage = "SIGN_VERIFY"; }) }],
    );

    describe("kms-key-policy-explicit", () => {
        const bare = mutate(kmsKey, (r) => delete r.props.policy);
        const keyPolicy = (keyId: string) => ({ type: TYPES.kmsKeyPolicy, name: "key-policy", props: { keyId, policy: kmsKey.props.policy } });
        it("fires on a key without a policy and without a KeyPolicy", async () => {
            const outcome = await runStack(kmsKeyPolicyExplicit, [bare]);
            assert.strictEqual(outcome.violations.length, 1);
            assert.match(outcome.violations[0].message, /KMS key `kms-restricted` must have an explicit key policy/);
        });
        it("stays silent when the key has a policy, or a KeyPolicy sets it (by dependency, ARN, or an unknown target)", async () => {
            assert.deepStrictEqual((await runStack(kmsKeyPolicyExplicit, [kmsKey])).violations, []);
            const byDependency = { ...keyPolicy("alias/set-by-dependency"), propertyDependencies: { keyId: [bare.name] } };
            assert.deepStrictEqual((await runStack(kmsKeyPolicyExplicit, [bare, keyPolicy(UNKNOWN_INPUT)])).violations, []);
            assert.deepStrictEqual((await runStack(kmsKeyPolicyExplicit, [bare, byDependency])).violations, []);
            const arn = "arn:aws:kms:us-east-1:123456789012:key/1";
            assert.deepStrictEqual((await runStack(kmsKeyPolicyExplicit, [{ ...bare, props: { ...bare.props, arn } }, keyPolicy(arn)])).violations, []);
            assert.strictEqual((await runStack(kmsKeyPolicyExplicit, [{ ...bare, props: { ...bare.props, arn } }, keyPolicy("arn:aws:kms:us-east-1:123456789012:key/2")])).violations.length, 1);
        });
    });

    describeRule(kmsKeyPolicyNoPublicPrincipal, [
        { change: "the key policy allows Principal *", input: mutate(kmsKey, (r) => (r.props.policy = document([{ Effect: "Allow", Principal: "*", Action: "kms:Decrypt", Resource: "*" }]))), says: "every principal" },
        { change: "the key policy allows AWS *", input: mutate(kmsKey, (r) => (r.props.policy = document([{ Effect: "Allow", Principal: { AWS: "*" }, Action: "kms:*", Resource: "*" }]))), says: "every principal" },
    ]);

    describeRule(kmsNoBypassLockoutCheck, [
        { change: "the lockout check is bypassed", input: mutate(kmsKey, (r) => (r.props.bypassPolicyLockoutSafetyCheck = true)), says: "`bypassPolicyLockoutSafetyCheck: true`" },
    ]);

    describeRule(
        kmsDeletionWindowForClass,
        [
            { change: "a restricted key has a 7-day deletion window", input: mutate(kmsKey, (r) => (r.props.deletionWindowInDays = 7)), says: "at least 30" },
            { change: "an internal key has a 10-day deletion window", input: mutate(kmsKey, (r) => { r.props.deletionWindowInDays = 10; r.props.tags = tags("internal"); }), says: "(internal)" },
        ],
        [
            { change: "a public key has a 7-day window", input: mutate(kmsKey, (r) => { r.props.deletionWindowInDays = 7; r.props.tags = tags("public"); }) },
            { change: "the window is unset (AWS default 30)", input: mutate(kmsKey, (r) => delete r.props.deletionWindowInDays) },
        ],
    );
});
