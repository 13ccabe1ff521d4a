// A stack's life through the real engine with real (local file) state:
// `pulumi up`, a second run that changes nothing, the state export holding no
// secret value in plaintext, `pulumi destroy` refused while restricted
// resources are protected, and a `renamedFrom` rename that moves resources
// instead of deleting or replacing them.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";
import { createEngineWorkspace, EngineWorkspace, TEST_PASSPHRASE } from "./engineHarness";
import { differences } from "./previewResults";
import { initStackWithSentinels, offlinePreview, realPreview } from "./stackRuns";

interface Step { op: string; urn: string }

function steps(previewJson: string): Step[] {
    return (JSON.parse(previewJson) as { steps?: Step[] }).steps ?? [];
}

describe("real engine: up, no-change preview, export, destroy, rename", function () {
    this.timeout(600_000);
    const stack = "dev";
    let ws: EngineWorkspace;
    let sentinels: Record<string, string>;

    before(async () => {
        ws = await createEngineWorkspace();
        sentinels = await initStackWithSentinels(ws, stack);
        await ws.pulumiOk(["up", "--stack", stack, "--yes", "--skip-preview", "--policy-pack", "policies", "--policy-pack-config", "policies/config/dev.json"]);
    });
    after(() => ws?.dispose());

    it("a second preview after `pulumi up` expects and finds no changes", async () => {
        const result = await ws.pulumi(["preview", "--stack", stack, "--expect-no-changes", "--json"]);
        const changed = steps(result.stdout).filter((s) => s.op !== "same");
        assert.deepStrictEqual(changed, [], "resources would change on a second run");
        assert.strictEqual(result.code, 0, result.stderr);
    });

    it("`pulumi stack export` holds no secret value in plaintext, even with --show-secrets off", async () => {
        const exported = (await ws.pulumiOk(["stack", "export", "--stack", stack])).stdout;
        const deployment = JSON.parse(exported) as { deployment: { resources: unknown[] } };
        assert.ok(deployment.deployment.resources.length > 10, "the export holds the stack's resources");
        for (const [key, value] of Object.entries(sentinels)) {
            assert.ok(!exported.includes(value), `the value of ${key} is in the state export in plaintext`);
        }
        // The passphrase and the stack file's encrypted values are not in it either.
        assert.ok(!exported.includes(TEST_PASSPHRASE));
        // Sanity: the secret values did reach the state, as ciphertext.
        assert.match(exported, /"4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",\s*"ciphertext"/);
    });

    it("renaming a secret with `renamedFrom` previews no delete and no replace", async () => {
        const file = path.join(ws.programDir, `Pulumi.${stack}.yaml`);
        const original = fs.readFileSync(file, "utf8");
        const doc = yaml.load(original) as { config: Record<string, unknown> };
        const secrets = doc.config["secretset:secrets"] as Record<string, Record<string, unknown>>;
        // Rename a config-fed confidential secret that consumers use, and the restricted one.
        const renames: [string, string][] = [["docker-password", "registry-password"], ["signing-key", "image-signing-key"]];
        for (const [from, to] of renames) {
            secrets[to] = { ...secrets[from], renamedFrom: from };
            delete secrets[from];
            const value = doc.config[`secretset:${from}`];
            if (value !== undefined) {
                doc.config[`secretset:${to}`] = value;
                delete doc.config[`secretset:${from}`];
            }
        }
        const consumers = doc.config["secretset:consumers"] as Record<string, { secrets: string[]; codebuild?: { environmentVariables?: Record<string, string> } }>;
        for (const consumer of Object.values(consumers ?? {})) {
            consumer.secrets = consumer.secrets.map((s) => renames.find(([from]) => from === s)?.[1] ?? s);
            const variables = consumer.codebuild?.environmentVariables ?? {};
            for (const [name, secret] of Object.entries(variables)) variables[name] = renames.find(([from]) => from === secret)?.[1] ?? secret;
        }
        const priorUrns = new Set((JSON.parse((await ws.pulumiOk(["stack", "export", "--stack", stack])).stdout) as { deployment: { resources: { urn: string }[] } }).deployment.resources.map((r) => r.urn));
        fs.writeFileSync(file, yaml.dump(doc));
        try {
            const result = await realPreview(ws, stack, "policies/config/dev.json");
            assert.strictEqual(result.code, 0, `${result.stdout}\n${result.stderr}`);
            // The engine used exactly the aliases the offline preview declares for the moved resources.
            const offline = await offlinePreview(ws, stack, "policies/config/dev.json");
            assert.deepStrictEqual(differences(offline.comparable, result.comparable, priorUrns), []);
            assert.ok([...result.comparable.resources.values()].filter((r) => r.aliases.length > 0).length >= 4, "the renamed secrets' resources were moved through aliases");
            const destructive = steps(result.stdout).filter((s) => /delete|replace/.test(s.op));
            assert.deepStrictEqual(destructive.map((s) => `${s.op} ${s.urn}`), []);
            const creates = steps(result.stdout).filter((s) => s.op === "create");
            assert.deepStrictEqual(creates.map((s) => s.urn), [], "a renamed secret's resources must be moved, not created anew");
        } finally {
            fs.writeFileSync(file, original);
        }
    });
    // Last: a refused destroy must leave the stack as it was, but runs after the rename preview to keep it simple.
    it("`pulumi destroy` is refused while restricted resources are protected, before deleting anything", async () => {
        const resourcesIn = async () => (JSON.parse((await ws.pulumiOk(["stack", "export", "--stack", stack])).stdout) as { deployment: { resources: { urn: string; type: string; protect?: boolean }[] } }).deployment.resources;
        const before = await resourcesIn();
        assert.ok(before.some((r) => r.protect && r.type === "aws:secretsmanager/secret:Secret"), "the restricted secret is protected in the state");
        const result = await ws.pulumi(["destroy", "--stack", stack, "--yes"]);
        assert.notStrictEqual(result.code, 0, "destroy must fail");
        assert.match(`${result.stdout}${result.stderr}`, /cannot be deleted\s+because it is protected/);
        assert.deepStrictEqual((await resourcesIn()).map((r) => r.urn).sort(), before.map((r) => r.urn).sort(), "nothing may be deleted");
    });
});
