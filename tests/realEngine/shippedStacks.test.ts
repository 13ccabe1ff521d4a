// The shipped stacks through the real engine: `pulumi preview --policy-pack
// policies --policy-pack-config policies/config/<stack>.json` with secret values
// set by `pulumi config set --secret` has no mandatory violation and agrees with
// the offline preview (URNs, types, parents, protect / ignoreChanges / aliases,
// violations); `pulumi up` then changes nothing on a second run and leaves no
// secret value in plaintext in the state. A stack without its own pack config
// file runs with the pack's defaults.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { createEngineWorkspace, EngineWorkspace, REPO_ROOT } from "./engineHarness";
import { differences } from "./previewResults";
import { initStackWithSentinels, mandatoryCount, offlinePreview, realPreview } from "./stackRuns";

const SHIPPED_STACKS = fs.readdirSync(REPO_ROOT)
    .map((file) => /^Pulumi\.(.+)\.yaml$/.exec(file)?.[1])
    .filter((stack): stack is string => stack !== undefined)
    .sort();

function packConfigFor(stack: string): string | undefined {
    const file = `policies/config/${stack}.json`;
    return fs.existsSync(path.join(REPO_ROOT, file)) ? file : undefined;
}

describe("real engine: shipped stacks", function () {
    this.timeout(300_000);
    let ws: EngineWorkspace;

    before(async () => { ws = await createEngineWorkspace(); });
    after(() => ws?.dispose());

    it("ships the dev, prod and local stacks", () => {
        for (const stack of ["dev", "prod", "local"]) assert.ok(SHIPPED_STACKS.includes(stack), `Pulumi.${stack}.yaml is missing`);
    });

    const sentinelsOf: Record<string, Record<string, string>> = {};
    for (const stack of SHIPPED_STACKS) {
        it(`${stack}: real preview with the pack has 0 mandatory violations and matches the offline preview`, async () => {
            const sentinels = await initStackWithSentinels(ws, stack);
            sentinelsOf[stack] = sentinels;
            const packConfig = packConfigFor(stack);
            const real = await realPreview(ws, stack, packConfig);
            assert.strictEqual(real.code, 0, `pulumi preview failed:\n${real.stdout}\n${real.stderr}`);
            assert.ok(real.comparable.resources.size > 10, `expected the stack's resources, got ${real.comparable.resources.size}`);
            assert.strictEqual(mandatoryCount(real.comparable), 0, JSON.stringify(real.comparable.violations, null, 2));
            for (const value of Object.values(sentinels)) {
                assert.ok(!real.stdout.includes(value) && !real.stderr.includes(value), "a secret value appeared in the CLI output");
            }

            const offline = await offlinePreview(ws, stack, packConfig);
            assert.deepStrictEqual(differences(offline.comparable, real.comparable), []);
        });

        it(`${stack}: \`pulumi up\` with the pack, then a preview expecting no changes; no secret value in the state`, async () => {
            assert.ok(sentinelsOf[stack], "the stack was set up by the previous test");
            const packConfig = packConfigFor(stack);
            const configArgs = packConfig === undefined ? [] : ["--policy-pack-config", packConfig];
            await ws.pulumiOk(["up", "--stack", stack, "--yes", "--skip-preview", "--policy-pack", "policies", ...configArgs]);
            const again = await ws.pulumi(["preview", "--stack", stack, "--expect-no-changes", "--policy-pack", "policies", ...configArgs]);
            assert.strictEqual(again.code, 0, `a second run would change something:\n${again.stdout}\n${again.stderr}`);
            const exported = (await ws.pulumiOk(["stack", "export", "--stack", stack])).stdout;
            for (const [key, value] of Object.entries(sentinelsOf[stack])) assert.ok(!exported.includes(value), `the value of ${key} is in the state in plaintext`);
        });
    }
});
