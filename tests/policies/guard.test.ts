// The rules as a library (`secretset/policies`): per-rule levels and settings over
// ALL_POLICIES, refusing what the pack does not have.
import * as assert from "assert";
import { ALL_POLICIES } from "../../policies/allPolicies";
import { secretSetPolicies, secretSetPolicyNames } from "../../policies/guard";

describe("policies as a library: secretSetPolicies", () => {
    it("includes every rule of the pack, with its own level when nothing is set", () => {
        const { policies, initialConfig } = secretSetPolicies();
        assert.deepStrictEqual(policies.map((p) => p.name), ALL_POLICIES.map((p) => p.name));
        assert.deepStrictEqual(policies.map((p) => p.enforcementLevel), ALL_POLICIES.map((p) => p.enforcementLevel));
        assert.deepStrictEqual(initialConfig, {});
        assert.deepStrictEqual(secretSetPolicyNames(), ALL_POLICIES.map((p) => p.name));
    });

    it("applies `all`, then each rule's own level and settings", () => {
        const { policies, initialConfig } = secretSetPolicies({
            all: "advisory",
            "ssm-securestring-customer-key": "mandatory",
            "secretsmanager-rotation-max-days": { enforcementLevel: "disabled", maxRotationDays: 60 },
            "stack-monthly-cost-budget": { maxMonthlyCostUsd: 25 },
        });
        const level = (name: string) => policies.find((p) => p.name === name)?.enforcementLevel;
        assert.strictEqual(level("ssm-securestring-customer-key"), "mandatory");
        assert.strictEqual(level("secretsmanager-rotation-max-days"), "disabled");
        assert.strictEqual(level("stack-monthly-cost-budget"), "advisory");
        assert.strictEqual(level("kms-key-rotation-enabled"), "advisory");
        assert.deepStrictEqual(initialConfig, { "secretsmanager-rotation-max-days": { maxRotationDays: 60 }, "stack-monthly-cost-budget": { maxMonthlyCostUsd: 25 } });
        // The pack's own objects are not changed.
        assert.strictEqual(ALL_POLICIES.find((p) => p.name === "kms-key-rotation-enabled")?.enforcementLevel, "mandatory");
    });

    it("refuses unknown rules, levels and settings, naming what is valid", () => {
        assert.throws(() => secretSetPolicies({ "ssm-nope": "mandatory" }), /`ssm-nope` is not a SecretSet rule; use `all` or one of `classification-tag-present`/);
        assert.throws(() => secretSetPolicies({ all: "strict" as never }), /`all` must be one of `advisory`, `mandatory`, `remediate`, `disabled`/);
        assert.throws(() => secretSetPolicies({ "kms-key-rotation-enabled": { days: 3 } }), /`kms-key-rotation-enabled.days` is not a setting of this rule; it has no settings/);
        assert.throws(() => secretSetPolicies({ "secretsmanager-rotation-max-days": { maxDays: 3 } }), /use `maxRotationDays`/);
    });
});
