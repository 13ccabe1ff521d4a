// Preview safety: any input of a compliant resource may be unknown during preview.
// No rule may crash on it (read it through the SDK's throwing proxy) or turn it into
// a violation.
import * as assert from "assert";
import { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { ALL_POLICIES } from "../../policies/allPolicies";
import { ALL_BASELINES, CONFIG } from "./baselines";
import { ResourceInput, runResource, runStack, UNKNOWN_INPUT } from "./util";

const SIG_KEY = "4dabf18193072939515e22adb298388d";

/** Every path to an object or leaf, up to three levels deep; secret wrappers count as leaves. */
function paths(value: unknown, prefix: string[] = [], depth = 0): string[][] {
    if (value === null || typeof value !== "object" || depth >= 3 || SIG_KEY in (value as object)) return [];
    return Object.entries(value as Record<string, unknown>).flatMap(([key, child]) => [[...prefix, key], ...paths(child, [...prefix, key], depth + 1)]);
}

function withUnknownAt(input: ResourceInput, path: string[]): ResourceInput {
    const copy = JSON.parse(JSON.stringify(input)) as ResourceInput;
    let target: Record<string, unknown> = copy.props;
    for (const key of path.slice(0, -1)) target = target[key] as Record<string, unknown>;
    target[path[path.length - 1]] = UNKNOWN_INPUT;
    return copy;
}

const resourcePolicies = ALL_POLICIES.filter((p): p is ResourceValidationPolicy => "validateResource" in p);
const stackPolicies = ALL_POLICIES.filter((p): p is StackValidationPolicy => "validateStack" in p);

describe("policies: values unknown during preview", () => {
    for (const baseline of ALL_BASELINES) {
        it(`${baseline.name}: no rule crashes or fires when any input is unknown`, async () => {
            const cases = paths(baseline.props);
            assert.ok(cases.length > 0);
            for (const path of cases) {
                const planned = withUnknownAt(baseline, path);
                for (const policy of resourcePolicies) {
                    const outcome = await runResource(policy, planned, CONFIG);
                    assert.deepStrictEqual(outcome.violations, [], `${policy.name} with unknown ${path.join(".")}`);
                }
                for (const policy of stackPolicies) {
                    const outcome = await runStack(policy, [planned], CONFIG);
                    // Alone in a stack a secret misses its rotation; an unknown input may hide that, never add to it.
                    const alone = (await runStack(policy, [baseline], CONFIG)).violations.map((v) => v.message);
                    const added = outcome.violations.filter((v) => !alone.includes(v.message));
                    assert.deepStrictEqual(added, [], `${policy.name} with unknown ${path.join(".")}`);
                }
            }
        });
    }

    it("a wholly unknown resource (all inputs unknown) is safe", async () => {
        for (const baseline of ALL_BASELINES) {
            const planned = { ...baseline, props: Object.fromEntries(Object.keys(baseline.props).map((k) => [k, UNKNOWN_INPUT])) };
            for (const policy of resourcePolicies) {
                assert.deepStrictEqual((await runResource(policy, planned, CONFIG)).violations, [], `${policy.name} on ${baseline.name}`);
            }
        }
    });
});
