// Hand-written evasions, each with its compliant twin, run against the PROD pack config:
// the named policy must fire and be mandatory there; the twin must pass every resource
// policy of the pack (no mandatory violation at all); and no message for any case may
// contain any part of a sentinel value.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { Policy, ResourceValidationPolicy } from "@pulumi/policy";
import { ALL_POLICIES } from "../../../policies/allPolicies";
import { ResourceInput, runResource } from "../util";
import { AdversarialCase, Area } from "./adversarialCase";
import { SENTINELS } from "./fixtures";
import { HARDCODED_CASES } from "./hardcodedCases";
import { IAM_ACCESS_CASES } from "./iamAccessCases";
import { IAM_CASES } from "./iamCases";
import { STORE_CASES } from "./storeCases";
import { VAULT_CASES } from "./vaultCases";

type PackConfig = Record<string, { enforcementLevel?: string } & Record<string, unknown>>;
const PROD: PackConfig = JSON.parse(fs.readFileSync(path.join(__dirname, "../../../policies/config/prod.json"), "utf8"));

const CASES: AdversarialCase[] = [...IAM_CASES, ...IAM_ACCESS_CASES, ...STORE_CASES, ...VAULT_CASES, ...HARDCODED_CASES];
const RESOURCE_POLICIES = ALL_POLICIES.filter((p): p is ResourceValidationPolicy => "validateResource" in p);

function levelOnProd(policy: Policy): string {
    return PROD[policy.name]?.enforcementLevel ?? policy.enforcementLevel ?? "advisory";
}

function configOnProd(policy: Policy): Record<string, unknown> {
    const { enforcementLevel: _level, ...rest } = PROD[policy.name] ?? {};
    return rest;
}

interface Finding {
    policy: string;
    level: string;
    message: string;
}

async function runWholePack(input: ResourceInput): Promise<Finding[]> {
    const findings: Finding[] = [];
    for (const policy of RESOURCE_POLICIES) {
        const level = levelOnProd(policy);
        if (level === "disabled") continue;
        const outcome = await runResource(policy, input, configOnProd(policy));
        for (const violation of outcome.violations) findings.push({ policy: policy.name, level, message: violation.message });
    }
    return findings;
}

/** Every 8-character window of every sentinel (the sentinels' own pieces must never be echoed). */
const SENTINEL_PIECES = Object.values(SENTINELS).flatMap((value) => Array.from({ length: value.length - 7 }, (_, i) => value.slice(i, i + 8)));

function assertNoSentinel(findings: readonly Finding[]): void {
    for (const { message } of findings) {
        const piece = SENTINEL_PIECES.find((p) => message.includes(p));
        assert.ok(piece === undefined, `message repeats a sentinel piece "${piece}": ${message}`);
    }
}

describe("policies: adversarial evasions on the prod pack config", function () {
    this.timeout(20_000);

    it("has at least 100 cases across IAM, KMS, Secrets Manager, SSM, Vault and hard-coded credentials", () => {
        assert.ok(CASES.length >= 100, `${CASES.length} cases`);
        const areas = new Set<Area>(CASES.map((c) => c.area));
        assert.deepStrictEqual([...areas].sort(), ["hardcoded", "iam", "kms", "secretsmanager", "ssm", "vault"]);
    });

    for (const area of ["iam", "kms", "secretsmanager", "ssm", "vault", "hardcoded"] as Area[]) {
        describe(area, () => {
            for (const c of CASES.filter((x) => x.area === area)) {
                describe(c.evasion, () => {
                    const policy = ALL_POLICIES.find((p) => p.name === c.policy);

                    it(`fires ${c.policy}, mandatory on prod`, async () => {
                        assert.ok(policy, `no policy named ${c.policy}`);
                        assert.strictEqual(levelOnProd(policy), "mandatory");
                        const findings = await runWholePack(c.bad);
                        const own = findings.filter((f) => f.policy === c.policy);
                        assert.ok(own.length > 0, `expected ${c.policy} to fire; got: ${JSON.stringify(findings.map((f) => f.policy))}`);
                        assert.ok(own.every((f) => f.message.includes(`\`${c.bad.name}\``) && / must /.test(f.message)), own.map((f) => f.message).join("\n"));
                        assertNoSentinel(findings);
                    });

                    it("its compliant twin passes the whole pack", async () => {
                        const findings = await runWholePack(c.twin);
                        assert.deepStrictEqual(findings.filter((f) => f.level === "mandatory").map((f) => `${f.policy}: ${f.message}`), []);
                        assertNoSentinel(findings);
                    });
                });
            }
        });
    }
});
