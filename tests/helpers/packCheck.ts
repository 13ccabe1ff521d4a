// Runs every rule of the pack (ALL_POLICIES) over resources recorded by the mocks
// helper, as the analyzer would see them: for tests that build something with the
// components and check that the pack agrees with it.
import type { Policy } from "@pulumi/policy";
import { ALL_POLICIES } from "../../policies/allPolicies";
import type { RecordedResource } from "./mocks";
import { runResource, runStack, type StackInput } from "../policies/util";

export interface PackFinding {
    readonly policy: string;
    readonly resource?: string;
    readonly message: string;
}

function inputOf(resource: RecordedResource): StackInput {
    return { type: resource.type, name: resource.name, props: resource.inputs, opts: { protect: resource.options.protect } };
}

export async function packFindings(resources: readonly RecordedResource[], config: Record<string, unknown>): Promise<PackFinding[]> {
    const custom = resources.filter((r) => r.custom);
    const findings: PackFinding[] = [];
    for (const policy of ALL_POLICIES as Policy[]) {
        if ("validateStack" in policy) {
            const outcome = await runStack(policy, custom.map(inputOf), config);
            findings.push(...outcome.violations.map((v) => ({ policy: policy.name, message: v.message })));
            continue;
        }
        for (const resource of custom) {
            const outcome = await runResource(policy, inputOf(resource), config);
            findings.push(...outcome.violations.map((v) => ({ policy: policy.name, resource: resource.name, message: v.message })));
        }
    }
    return findings;
}
