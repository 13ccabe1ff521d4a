import { kmsDeletionWindowForClass, kmsKeyPolicyExplicit, kmsKeyRotationEnabled, kmsNoBypassLockoutCheck } from "../../policies/kms";
import { document, kmsKey, tags } from "./baselines";
import { describeRule } from "./cases";
import { mutate } from "./util";

describe("policies: kms", () => {
    describeRule(
        kmsKeyRotationEnabled,
        [
            { change: "rotation is off", input: mutate(kmsKey, (r) => (r.props.enableKeyRotation = false)), says: "`enableKeyRotation: true`" },
            { change: "rotation is unset", input: mutate(kmsKey, (r) => delete r.props.enableKeyRotation), says: "`enableKeyRotation: true`" },
        ],
        [{ change: "an asymmetric signing key cannot rotate", input: mutate(kmsKey, (r) => { r.props.enableKeyRotation = false; r.props.customerMasterKeySpec = "RSA_2048"; r.props.keyUsage = "SIGN_VERIFY"; }) }],
    );

    describeRule(kmsKeyPolicyExplicit, [
        { change: "the key has no policy", input: mutate(kmsKey, (r) => delete r.props.policy), says: "explicit `policy`" },
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
