// `--export` (pulumi stack export, deployment v3) and `--preview-json` (pulumi
// preview --json): existing stacks checked with the same pack, misconfigurations
// flagged on the right URN, compliant neighbours left alone, secrets never shown.
import { strict as assert } from "assert";
import { CliRun, EXPORT_SENTINEL, FIXTURE_PACK, PREVIEW_JSON, runCli, STACK_EXPORT, STACK_EXPORT_V2, STACK_TRACE_LINE, tempFile } from "./previewHelpers";

const urn = (type: string, name: string) => `urn:pulumi:dev::secretset::${type}::${name}`;
const SSM = "aws:ssm/parameter:Parameter";
const SECRET = "aws:secretsmanager/secret:Secret";
const ROTATION = "aws:secretsmanager/secretRotation:SecretRotation";

function check(flag: string, file: string, format = "json"): CliRun {
    return runCli([flag, file, "--policy-pack", FIXTURE_PACK, "--format", format]);
}

describe("preview:offline --export", function () {
    this.timeout(120_000);
    let run: CliRun;
    let report: any;
    before(() => {
        run = check("--export", STACK_EXPORT);
        report = JSON.parse(run.stdout);
    });

    it("takes the stack from the URNs and skips the root stack, default providers and pending deletes", () => {
        assert.equal(run.status, 1, run.stderr);
        assert.equal(report.stack, "dev");
        const names = report.resources.map((r: any) => r.name);
        assert.deepEqual(names, ["legacy-key", "legacy-ssm-good-token", "legacy-ssm-bad-password", "legacy-sm-good-api-key", "legacy-sm-good-api-key-rotation", "legacy-sm-unrotated"]);
        assert.equal(report.resources.find((r: any) => r.name === "legacy-key").options.protect, true);
        assert.deepEqual(report.outputs, { manifest: { count: 4 }, token: "[secret]" });
    });

    it("flags the misconfigured resources on their URNs and not the compliant ones", () => {
        const flagged = new Set(report.violations.filter((v: any) => v.enforcementLevel === "mandatory").map((v: any) => v.urn));
        assert.deepEqual([...flagged].sort(), [urn(SECRET, "legacy-sm-unrotated"), urn(SSM, "legacy-ssm-bad-password")]);
        const all = new Set(report.violations.map((v: any) => v.urn));
        for (const compliant of [urn(SSM, "legacy-ssm-good-token"), urn(SECRET, "legacy-sm-good-api-key"), urn(ROTATION, "legacy-sm-good-api-key-rotation")]) {
            assert.ok(!all.has(compliant), `${compliant} must not be flagged`);
        }
    });

    it("shows secrets (ciphertext or plaintext) as [secret] and scrubs a policy that echoes one", () => {
        const bad = report.resources.find((r: any) => r.name === "legacy-ssm-bad-password");
        assert.equal(bad.inputs.value, "[secret]");
        const leak = report.violations.find((v: any) => v.policyName === "fixture-leaky-policy");
        assert.equal(leak.message, "SSM value [secret] looks odd.", "the pack saw the plaintext, the output does not");
        for (const format of ["json", "tree", "markdown"]) {
            const output = format === "json" ? run : check("--export", STACK_EXPORT, format);
            assert.ok(!output.stdout.includes(EXPORT_SENTINEL) && !output.stderr.includes(EXPORT_SENTINEL), `sentinel printed in ${format}`);
            assert.ok(!output.stdout.includes("c2VjcmV0LWNpcGhlcnRleHQ="), `ciphertext printed in ${format}`);
        }
    });

    it("rejects other deployment versions and files that are not exports (exit 2, one line)", () => {
        for (const [file, message] of [
            [STACK_EXPORT_V2, /deployment version 2; only version 3 is supported/],
            [tempFile("not-export.json", JSON.stringify({ steps: [] })), /is not a `pulumi stack export` file/],
            [tempFile("broken.json", "{"), /is not valid JSON/],
            ["/nonexistent/export.json", /Cannot read stack export \/nonexistent\/export\.json: no such file/],
        ] as const) {
            const bad = check("--export", file);
            assert.equal(bad.status, 2, bad.stderr);
            assert.equal(bad.stdout, "");
            assert.equal(bad.stderr.trim().split("\n").length, 1, bad.stderr);
            assert.match(bad.stderr, message);
            assert.doesNotMatch(bad.stderr, STACK_TRACE_LINE);
        }
    });
});

describe("preview:offline --preview-json", function () {
    this.timeout(120_000);

    it("checks the new state of each step, leaves deletions out, flags the right URNs", () => {
        const run = check("--preview-json", PREVIEW_JSON);
        assert.equal(run.status, 1, run.stderr);
        const report = JSON.parse(run.stdout);
        const names = report.resources.map((r: any) => r.name);
        assert.ok(names.includes("legacy-sm-unrotated-rotation"), "created resources are checked");
        assert.ok(!names.includes("legacy-ssm-removed"), "deleted resources are not");
        const byUrn = new Map<string, any[]>();
        for (const v of report.violations) byUrn.set(v.urn, [...(byUrn.get(v.urn) ?? []), v]);
        assert.deepEqual(byUrn.get(urn(SSM, "legacy-ssm-bad-password"))!.map((v) => v.policyName), ["fixture-ssm-securestring"]);
        assert.deepEqual(byUrn.get(urn(ROTATION, "legacy-sm-unrotated-rotation"))!.map((v) => [v.policyName, v.enforcementLevel]), [["fixture-rotation-max-days", "advisory"]]);
        // Now rotated: the stack policy is satisfied for both secrets.
        assert.ok(!byUrn.has(urn(SECRET, "legacy-sm-unrotated")));
        assert.ok(!byUrn.has(urn(SSM, "legacy-ssm-good-token")));
        // "[secret]" in a preview file stays a secret for the pack and in the output.
        assert.equal(report.resources.find((r: any) => r.name === "legacy-ssm-good-token").inputs.value, "[secret]");
    });

    it("rejects a file without steps (exit 2)", () => {
        const bad = check("--preview-json", tempFile("export-instead.json", JSON.stringify({ version: 3, deployment: {} })));
        assert.equal(bad.status, 2);
        assert.match(bad.stderr, /is not a `pulumi preview --json` file/);
    });
});
