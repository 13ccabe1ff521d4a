// Stacks written by the test (not shipped) through the real engine and the
// offline preview: both must agree on resources and violations, including
// advisory and stack-level ones; a stack the pack rejects makes the real
// `pulumi preview` exit non-zero with the pack's message.
import * as assert from "assert";
import * as yaml from "js-yaml";
import { createEngineWorkspace, EngineWorkspace } from "./engineHarness";
import { differences } from "./previewResults";
import { initStackWithSentinels, mandatoryCount, offlinePreview, realPreview } from "./stackRuns";

type Declaration = Record<string, unknown>;

function stackFile(environment: string, secrets: Record<string, Declaration>, extra: Record<string, unknown> = {}): string {
    return yaml.dump({ config: { "aws:region": "eu-west-1", "secretset:app": "gen-app", "secretset:owner": "qa", "secretset:environment": environment, ...extra, "secretset:secrets": secrets } });
}

/** Every class, both AWS stores, Vault copies, generated, external and config-fed values. */
const MIXED = stackFile("dev", {
    "api-url": { classification: "public", value: "https://api.example.test/" },
    "api-user": { classification: "internal", backends: ["aws", "vault"] },
    "api-key": { classification: "confidential", rotation: { days: 60, mode: "manual", owner: "api-team" } },
    "webhook-token": { classification: "confidential", backends: ["vault"], generate: { length: 32, special: false }, rotation: { days: 30 } },
    "partner-secret": { classification: "confidential", external: true, rotation: { days: 90, mode: "manual", owner: "partner-desk" } },
    "db-master": { classification: "restricted", generate: { length: 48 }, rotation: { days: 30 } },
}, { "secretset:disposable": true, "secretset:vault": { mount: "kv", createMount: true, maxVersions: 5 } });

/** prod with tightened classes, a replica, an external restricted secret, CodeBuild and Vault AppRole consumers. */
const CONSUMERS_PROD = stackFile("prod", {
    "service-url": { classification: "public", value: "https://svc.example.test/" },
    "service-user": { classification: "internal" },
    "service-token": {
        classification: "confidential", rotation: { days: 45, mode: "manual", owner: "service-team" },
        replicas: [{ region: "eu-central-1", kmsKeyArn: "arn:aws:kms:eu-central-1:123456789012:key/11111111-2222-3333-4444-555555555555" }],
    },
    "agent-token": { classification: "confidential", backends: ["vault"], generate: { length: 40, special: false }, rotation: { days: 30 } },
    "root-signing-key": { classification: "restricted", external: true, rotation: { days: 30, mode: "lambda", lambdaArn: "arn:aws:lambda:eu-west-1:123456789012:function:hsm-rotator" } },
}, {
    "secretset:classifications": { confidential: { maxRotationDays: 60, recoveryWindowDays: 30 } },
    // prod's pack config requires a trail, a read alert and a Vault audit device (docs/audit.md).
    "secretset:audit": { trail: "create", alert: { subscriptions: [{ protocol: "email", endpoint: "security@example.test" }] }, vaultAudit: { type: "file", options: { file_path: "stdout" } } },
    "secretset:vault": { mount: "kv", createMount: true, maxVersions: 20 },
    "secretset:consumers": {
        builder: { secrets: ["service-url", "service-user", "service-token"], codebuild: { environmentVariables: { SERVICE_URL: "service-url", SERVICE_USER: "service-user", SERVICE_TOKEN: "service-token" }, buildspec: "version: 0.2\nphases:\n  build:\n    commands:\n      - ./build.sh\n" } },
        agents: { secrets: ["agent-token"], vault: { appRole: { tokenTtlSeconds: 900, tokenMaxTtlSeconds: 3600 } } },
    },
});

/** Enough confidential secrets that the monthly cost estimate passes dev's budget: a stack-level advisory. */
const OVER_BUDGET = stackFile("dev", Object.fromEntries(
    Array.from({ length: 70 }, (_, i) => [`token-${String(i).padStart(2, "0")}`, { classification: "confidential", generate: { length: 24 }, rotation: { days: 90 } }]),
), { "secretset:disposable": true });

/** A prod stack marked disposable with a force-deleted secret: the components allow it, prod's pack config does not. */
const MISCONFIGURED_PROD = stackFile("prod", {
    "api-key": { classification: "confidential", rotation: { days: 30, mode: "manual", owner: "api-team" }, recoveryWindowDays: 0 },
}, { "secretset:disposable": true });

describe("real engine: generated stacks", function () {
    this.timeout(300_000);
    let ws: EngineWorkspace;

    before(async () => { ws = await createEngineWorkspace(); });
    after(() => ws?.dispose());

    const agreeing: [string, string, string, (count: { mandatory: number; advisory: number }) => void][] = [
        ["gen-mixed", MIXED, "policies/config/dev.json", ({ mandatory }) => assert.strictEqual(mandatory, 0)],
        ["gen-consumers", CONSUMERS_PROD, "policies/config/prod.json", ({ mandatory }) => assert.strictEqual(mandatory, 0)],
        ["gen-budget", OVER_BUDGET, "policies/config/dev.json", ({ advisory }) => assert.ok(advisory > 0, "expected the cost advisory")],
    ];
    for (const [stack, text, packConfig, expectCounts] of agreeing) {
        it(`${stack}: the offline and the real preview agree`, async () => {
            await initStackWithSentinels(ws, stack, text);
            const real = await realPreview(ws, stack, packConfig);
            assert.strictEqual(real.code, 0, `${real.stdout}\n${real.stderr}`);
            const violations = real.comparable.violations;
            expectCounts({ mandatory: mandatoryCount(real.comparable), advisory: violations.filter((v) => v.enforcementLevel === "advisory").length });
            const offline = await offlinePreview(ws, stack, packConfig);
            assert.deepStrictEqual(differences(offline.comparable, real.comparable), []);
            if (mandatoryCount(offline.comparable) === 0) {
                // The offline preview knows ARNs the real preview leaves unknown; the pack sees them
                // only after `pulumi up`, so the update must pass the pack too.
                const up = await ws.pulumi(["up", "--stack", stack, "--yes", "--skip-preview", "--policy-pack", "policies", "--policy-pack-config", packConfig]);
                assert.strictEqual(up.code, 0, `pulumi up failed where the offline preview found nothing:\n${up.stdout}\n${up.stderr}`);
            }
        });
    }

    it("a stack the pack rejects fails the real preview with the pack's message, as offline", async () => {
        const stack = "gen-misconfigured";
        await initStackWithSentinels(ws, stack, MISCONFIGURED_PROD);
        const real = await realPreview(ws, stack, "policies/config/prod.json");
        assert.notStrictEqual(real.code, 0, "the real preview must fail on a mandatory violation");
        const mandatory = real.comparable.violations.filter((v) => v.enforcementLevel === "mandatory");
        assert.ok(mandatory.some((v) => v.policyName === "secretsmanager-recovery-window"), JSON.stringify(real.comparable.violations, null, 2));
        // Without --json, the CLI shows the pack's own message to the user.
        const message = mandatory.find((v) => v.policyName === "secretsmanager-recovery-window")!.message;
        assert.match(message, /must keep a recovery window of at least 7 days/);
        const shown = await ws.pulumi(["preview", "--stack", stack, "--policy-pack", "policies", "--policy-pack-config", "policies/config/prod.json"]);
        assert.notStrictEqual(shown.code, 0);
        assert.ok(`${shown.stdout}${shown.stderr}`.includes(message), `the CLI output does not show "${message}":\n${shown.stdout}\n${shown.stderr}`);

        const offline = await offlinePreview(ws, stack, "policies/config/prod.json");
        assert.strictEqual(offline.code, 1, "the offline preview exits 1 on a mandatory violation");
        assert.deepStrictEqual(differences(offline.comparable, real.comparable), []);
    });
});
