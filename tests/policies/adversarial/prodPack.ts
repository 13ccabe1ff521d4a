// Runs a resource through every resource policy of the pack as the PROD pack config
// sets it up (enforcement level and settings per policy), like the engine would.
import * as fs from "fs";
import * as path from "path";
import { Policy, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { ALL_POLICIES } from "../../../policies/allPolicies";
import { ResourceInput, runResource, runStack, StackInput } from "../util";
import { AdversarialCase } from "./adversarialCase";
import { HARDCODED_CASES } from "./hardcodedCases";
import { IAM_ACCESS_CASES } from "./iamAccessCases";
import { IAM_CASES } from "./iamCases";
import { STORE_CASES } from "./storeCases";
import { VAULT_CASES } from "./vaultCases";

type PackConfig = Record<string, { enforcementLevel?: string } & Record<string, unknown>>;
const PROD: PackConfig = JSON.parse(fs.readFileSync(path.join(__dirname, "../../../policies/config/prod.json"), "utf8"));

export const CASES: AdversarialCase[] = [...IAM_CASES, ...IAM_ACCESS_CASES, ...STORE_CASES, ...VAULT_CASES, ...HARDCODED_CASES];
const RESOURCE_POLICIES = ALL_POLICIES.filter((p): p is ResourceValidationPolicy => "validateResource" in p);

export function levelOnProd(policy: Policy): string {
    return PROD[policy.name]?.enforcementLevel ?? policy.enforcementLevel ?? "advisory";
}

export function configOnProd(policy: Policy): Record<string, unknown> {
    const { enforcementLevel: _level, ...rest } = PROD[policy.name] ?? {};
    return rest;
}

export interface Finding {
    policy: string;
    level: string;
    message: string;
}

export async function runWholePack(input: ResourceInput): Promise<Finding[]> {
    const findings: Finding[] = [];
    for (const policy of RESOURCE_POLICIES) {
        const level = levelOnProd(policy);
        if (level === "disabled") continue;
        const outcome = await runResource(policy, input, configOnProd(policy));
        for (const violation of outcome.violations) findings.push({ policy: policy.name, level, message: violation.message });
    }
    return findings;
}


/** Runs the named policy as it applies on prod: resource policies on each input, stack policies on the inputs as one stack. */
export async function runNamedPolicy(policy: Policy, inputs: readonly StackInput[]): Promise<Finding[]> {
    const level = levelOnProd(policy);
    if ("validateStack" in policy) {
        const outcome = await runStack(policy as StackValidationPolicy, [...inputs], configOnProd(policy));
        return outcome.violations.map((v) => ({ policy: policy.name, level, message: v.message }));
    }
    const findings: Finding[] = [];
    for (const input of inputs) {
        const outcome = await runResource(policy, input, configOnProd(policy));
        findings.push(...outcome.violations.map((v) => ({ policy: policy.name, level, message: v.message })));
    }
    return findings;
}
