// The compliant baselines pass every rule of the pack, so each one-field mutation in
// the area tests shows exactly the rule it is meant to trip.
import * as assert from "assert";
import { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { ALL_POLICIES } from "../../policies/allPolicies";
import { AUDIT_BASELINES } from "./auditBaselines";
import { ALL_BASELINES, CONFIG, confidentialSecret, RESTRICTED_ARN, restrictedSecret, rotation } from "./baselines";
import { runResource, runStack, StackInput } from "./util";

const resourcePolicies = ALL_POLICIES.filter((p): p is ResourceValidationPolicy => "validateResource" in p);
const stackPolicies = ALL_POLICIES.filter((p): p is StackValidationPolicy => "validateStack" in p);

describe("policies: compliant baselines", () => {
    for (const baseline of ALL_BASELINES) {
        it(`${baseline.type} ${baseline.name} passes every resource rule`, async () => {
            for (const policy of resourcePolicies) {
                const outcome = await runResource(policy, baseline, CONFIG);
                assert.deepStrictEqual(outcome.violations, [], `${policy.name} fired on the baseline`);
            }
        });
    }

    it("the baseline stack passes every stack rule", async () => {
        const restrictedRotation: StackInput = { ...rotation, name: "rotation-signing-key", props: { ...rotation.props, secretId: RESTRICTED_ARN } };
        const stack: StackInput[] = [...ALL_BASELINES, restrictedRotation, ...AUDIT_BASELINES];
        // Outputs carry the ARN the engine assigned.
        stack[ALL_BASELINES.indexOf(confidentialSecret)] = { ...confidentialSecret, props: { ...confidentialSecret.props, arn: rotation.props.secretId } };
        stack[ALL_BASELINES.indexOf(restrictedSecret)] = { ...restrictedSecret, props: { ...restrictedSecret.props, arn: RESTRICTED_ARN } };
        for (const policy of stackPolicies) {
            const outcome = await runStack(policy, stack, CONFIG);
            assert.deepStrictEqual(outcome.violations, [], `${policy.name} fired on the baseline stack`);
        }
    });

    it("every rule follows the naming and description conventions", () => {
        const names = new Set<string>();
        for (const policy of ALL_POLICIES) {
            assert.match(policy.name, /^(classification|ssm|secretsmanager|kms|iam|vault|hardcoded|stack|audit|quota|rotation)-[a-z0-9-]+$/, policy.name);
            assert.ok(policy.description.startsWith("Checks whether "), policy.name);
            assert.ok(!names.has(policy.name), `duplicate ${policy.name}`);
            names.add(policy.name);
        }
    });
});
