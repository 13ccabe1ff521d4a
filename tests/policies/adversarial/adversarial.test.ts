// Hand-written evasions, each with its compliant twin, run against the PROD pack config:
// the named policy must fire and be mandatory there; the twin (with the resources next to
// it, for stack policies) must pass every resource policy of the pack and the named policy
// (no mandatory violation at all); and no message for any case may contain any part of a
// sentinel value.
import * as assert from "assert";
import { ALL_POLICIES } from "../../../policies/allPolicies";
import { Area } from "./adversarialCase";
import { SENTINELS } from "./fixtures";
import { CASES, Finding, levelOnProd, runNamedPolicy, runWholePack } from "./prodPack";

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
                        const findings = [...(await runWholePack(c.bad)), ...("validateStack" in policy ? await runNamedPolicy(policy, [c.bad]) : [])];
                        const own = findings.filter((f) => f.policy === c.policy);
                        assert.ok(own.length > 0, `expected ${c.policy} to fire; got: ${JSON.stringify(findings.map((f) => f.policy))}`);
                        assert.ok(own.every((f) => f.message.includes(`\`${c.bad.name}\``) && / must /.test(f.message)), own.map((f) => f.message).join("\n"));
                        assertNoSentinel(findings);
                    });

                    it("its compliant twin passes the whole pack", async () => {
                        assert.ok(policy, `no policy named ${c.policy}`);
                        const stack = [c.twin, ...(c.twinStack ?? [])];
                        const findings = [...(await runNamedPolicy(policy, stack))];
                        for (const input of stack) findings.push(...(await runWholePack(input)));
                        assert.deepStrictEqual(findings.filter((f) => f.level === "mandatory").map((f) => `${f.policy}: ${f.message}`), []);
                        assertNoSentinel(findings);
                    });
                });
            }
        });
    }
});
