// Table-driven cases: a baseline with one change, and what the rule must say.
import * as assert from "assert";
import { Policy } from "@pulumi/policy";
import { CONFIG } from "./baselines";
import { assertNoSentinel, ResourceInput, runResource } from "./util";

export interface FiringCase {
    /** What changed, in words. */
    readonly change: string;
    readonly input: ResourceInput;
    /** A fragment the message must contain (names the thing and the fix). */
    readonly says: string | RegExp;
    readonly config?: Record<string, unknown>;
}

export interface QuietCase {
    readonly change: string;
    readonly input: ResourceInput;
    readonly config?: Record<string, unknown>;
}

export function describeRule(policy: Policy, firing: FiringCase[], quiet: QuietCase[] = []): void {
    describe(policy.name, () => {
        for (const c of firing) {
            it(`fires when ${c.change}`, async () => {
                const outcome = await runResource(policy, c.input, c.config ?? CONFIG);
                assert.ok(outcome.violations.length > 0, `expected a violation, got none`);
                const messages = outcome.violations.map((v) => v.message).join("\n");
                if (typeof c.says === "string") assert.ok(messages.includes(c.says), `message lacks "${c.says}": ${messages}`);
                else assert.match(messages, c.says);
                assert.ok(messages.includes(`\`${c.input.name}\``), `message does not name the resource: ${messages}`);
                assert.match(messages, / must /);
                assertNoSentinel(outcome);
            });
        }
        for (const c of quiet) {
            it(`stays silent when ${c.change}`, async () => {
                const outcome = await runResource(policy, c.input, c.config ?? CONFIG);
                assert.deepStrictEqual(outcome.violations, []);
            });
        }
    });
}
