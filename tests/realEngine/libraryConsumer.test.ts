// The packed library through the real engine: the consumer program of
// tests/library (the tarball installed into a program outside the repository) run
// by the real Pulumi CLI with the stand-in language host and providers: `pulumi up`
// with the policy pack, the adopted secret imported (not created), and a second
// preview that changes nothing.
import * as assert from "assert";
import * as path from "path";
import { createScratchProgram, REPO_ROOT, type ScratchProgram } from "../library/packedPackage";
import { createEngineWorkspace, type EngineWorkspace } from "./engineHarness";

interface Step { op: string; urn: string }

describe("real engine: the packed library in a program outside the repository", function () {
    this.timeout(600_000);
    let scratch: ScratchProgram;
    let ws: EngineWorkspace;

    before(async () => {
        scratch = createScratchProgram();
        ws = await createEngineWorkspace(scratch.dir);
        await ws.initStack("dev", {}, "config:\n  aws:region: us-east-1\n");
    });
    after(() => {
        ws?.dispose();
        scratch?.remove();
    });

    it("previews every resource, importing the adopted secret instead of creating it", async () => {
        const result = await ws.pulumiOk(["preview", "--stack", "dev", "--json"]);
        const steps = ((JSON.parse(result.stdout) as { steps?: Step[] }).steps ?? []);
        const ops = (suffix: string) => steps.filter((s) => s.urn.endsWith(suffix)).map((s) => s.op);
        // Imported, then updated to SecretSet's tags and key (the CLI's import-then-update); never created or replaced.
        assert.deepStrictEqual(ops("::billing-secret-db-password").filter((op) => op !== "update"), ["import"]);
        assert.deepStrictEqual(ops("::billing-secret-partner-api-key"), ["create"]);
        assert.ok(steps.some((s) => s.urn.includes("billing-read-lambda-api-")), "no grant to the Lambda function");
        assert.ok(steps.some((s) => s.urn.includes("billing-read-ecs-worker-execution-")), "no grant to the ECS execution role");
    });

    it("deploys with the policy pack and then has nothing to change", async () => {
        // The dev pack config: the audit rules are not required of a dev stack.
        const up = await ws.pulumiOk(["up", "--stack", "dev", "--yes", "--policy-pack", path.join(REPO_ROOT, "policies"), "--policy-pack-config", path.join(REPO_ROOT, "policies/config/dev.json")]);
        assert.match(up.stdout, /import/i);
        const again = await ws.pulumi(["preview", "--stack", "dev", "--expect-no-changes"]);
        assert.strictEqual(again.code, 0, `${again.stdout}\n${again.stderr}`);
    });
});
