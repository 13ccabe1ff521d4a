// No secret value in any output format, error or log line (issue 10, item 5):
// sentinels planted in every input position (a plaintext config value, an
// encrypted one, a `--show-secrets` stack export value, a literal on a non-public
// declaration, an orphaned value) must never be printed in tree, json, markdown,
// sarif or junit output, nor on stderr — not whole, not a prefix or suffix, not
// base64-, URL- or JSON-encoded — even when a policy or the program echoes them.
import { strict as assert } from "assert";
import * as fs from "fs";
import { EXPORT_SENTINEL, FIXTURE_PACK, PREVIEW_JSON, runCli, runFixture, STACK_EXPORT, tempFile } from "./previewHelpers";

const PLAINTEXT_SENTINEL = "LEAK-PLAINTEXT-SENTINEL-5b2e9a";
const ENCRYPTED_SENTINEL = "ENCRYPTED-SENTINEL-91c4d7";
const FORMATS = ["tree", "json", "markdown", "sarif", "junit"];

const CONFIG = `config:
  secretset:app: fixture
  secretset:echo-secret: api-token
  secretset:secrets:
    api-token: { classification: internal }
    docker-username: { classification: internal }
    docker-password: { classification: confidential, rotation: { days: 30 } }
  secretset:api-token: ${PLAINTEXT_SENTINEL}
  secretset:docker-username:
    secure: v1:${ENCRYPTED_SENTINEL}
`;

/** The sentinel and the pieces of it a leak could show. */
function leakForms(sentinel: string): string[] {
    return [sentinel, sentinel.slice(0, 12), sentinel.slice(-9), Buffer.from(sentinel).toString("base64").slice(0, 16), encodeURIComponent(sentinel)];
}

function assertNoLeak(text: string, sentinels: string[], where: string): void {
    for (const sentinel of sentinels) {
        for (const form of leakForms(sentinel)) assert.ok(!text.includes(form), `${where} holds ${JSON.stringify(form)}:\n${text.slice(0, 2000)}`);
    }
}

describe("preview:offline never prints a secret value", function () {
    this.timeout(180_000);
    const config = tempFile("Pulumi.dev.yaml", CONFIG);

    for (const format of FORMATS) {
        it(`from the stack config and the program, in --format ${format} and on stderr`, () => {
            const run = runFixture(config, ["--format", format]);
            assert.equal(run.status, 0, run.stderr);
            assertNoLeak(run.stdout, [PLAINTEXT_SENTINEL, ENCRYPTED_SENTINEL], "stdout");
            assertNoLeak(run.stderr, [PLAINTEXT_SENTINEL, ENCRYPTED_SENTINEL], "stderr");
            // The program did echo it (scrubbed), and the warning is reported, scrubbed.
            assert.match(run.stderr, /program: program says \[secret\]/);
            if (format === "json") {
                const report = JSON.parse(run.stdout);
                // The pack did see the plaintext (its leaky rules fired on it) ...
                const leak = report.violations.find((v: any) => v.policyName === "fixture-leaky-policy");
                assert.ok(leak, "the leaky policy must have fired on the plaintext value");
                // ... and the report shows it scrubbed.
                assert.equal(leak.message, "SSM value [secret] looks odd.");
                assert.ok(report.violations.some((v: any) => v.policyName === "fixture-leaky-partial-policy"));
                assert.ok(report.warnings.length >= 1);
                assert.ok(report.warnings.some((w: any) => w.message === "warning quotes [secret] and its start [secret]"), JSON.stringify(report.warnings));
            }
        });
    }

    for (const format of FORMATS) {
        it(`from a --show-secrets stack export, in --format ${format}`, () => {
            const run = runCli(["--export", STACK_EXPORT, "--policy-pack", FIXTURE_PACK, "--format", format]);
            assert.equal(run.status, 1, run.stderr);
            assertNoLeak(run.stdout + run.stderr, [EXPORT_SENTINEL], format);
        });
    }

    it("from a `pulumi preview --json --show-secrets` file, where secrets are plain text and unmarked", () => {
        const SHOWN = "LEAK-SHOWN-SECRET-SENTINEL-3e8d1f";
        const CONFIG_ONLY = "CONFIG-ONLY-SENTINEL-77ab02";
        const preview = JSON.parse(fs.readFileSync(PREVIEW_JSON, "utf8"));
        // Secret config shown in plain text, and a property the resource declares secret, shown unmarked.
        preview.config["secretset:docker-password"] = CONFIG_ONLY;
        const step = preview.steps.find((s: any) => s.newState?.additionalSecretOutputs?.includes("value"));
        step.newState.inputs.value = SHOWN;
        step.newState.inputs.description = `holds ${CONFIG_ONLY}`;
        const file = tempFile("preview.json", JSON.stringify(preview));
        for (const format of FORMATS) {
            const run = runCli(["--preview-json", file, "--policy-pack", FIXTURE_PACK, "--format", format]);
            assert.ok(run.status === 0 || run.status === 1, run.stderr);
            assertNoLeak(run.stdout + run.stderr, [SHOWN, CONFIG_ONLY], format);
            if (format === "json") assert.ok(JSON.parse(run.stdout).violations.some((v: any) => v.policyName === "fixture-leaky-policy"), "the pack saw the value");
        }
    });

    it("from a literal on a non-public declaration and an orphaned value (exit 2, the message names keys only)", () => {
        const bad = tempFile("Pulumi.dev.yaml", `config:\n  secretset:app: ci\n  secretset:secrets:\n    token: { classification: confidential, value: ${PLAINTEXT_SENTINEL} }\n  secretset:forgotten: ${ENCRYPTED_SENTINEL}\n`);
        const run = runCli(["--stack", "dev", "--config", bad, "--format", "json"]);
        assert.equal(run.status, 2, run.stderr);
        assert.match(run.stderr, /`secretset:forgotten` holds a value but no secret `forgotten` is declared/);
        assert.match(run.stderr, /Secret `token`: `value` is allowed only for public secrets/);
        assertNoLeak(run.stdout + run.stderr, [PLAINTEXT_SENTINEL, ENCRYPTED_SENTINEL], "output");
    });
});
