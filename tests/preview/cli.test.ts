// End to end: the CLI as a user runs it, on the fixture program and pack.
// Checks the JSON contract, the three formats, exit codes and redaction.
import { strict as assert } from "assert";
import { BAD_CONFIG, CliRun, GOOD_CONFIG, runFixture, STACK_TRACE_LINE, STRICT_POLICY_CONFIG, tempFile } from "./previewHelpers";

const COMPONENT = "urn:pulumi:dev::secretset::secretset:fixture:FixtureSet::fixture";
const child = (type: string, name: string) => `urn:pulumi:dev::secretset::secretset:fixture:FixtureSet$${type}::${name}`;
const SSM = "aws:ssm/parameter:Parameter";
const SECRET = "aws:secretsmanager/secret:Secret";
const ROTATION = "aws:secretsmanager/secretRotation:SecretRotation";

function json(run: CliRun): any {
    return JSON.parse(run.stdout);
}

function flagged(report: any): string[] {
    return report.violations.map((v: any) => v.urn);
}

describe("preview:offline on the fixture program", function () {
    this.timeout(120_000);
    let good: CliRun;
    let bad: CliRun;

    before(() => {
        good = runFixture(GOOD_CONFIG, ["--format", "json"]);
        bad = runFixture(BAD_CONFIG, ["--format", "json"]);
    });

    it("exits 0 and follows the JSON contract key for key", () => {
        assert.equal(good.status, 0, good.stderr);
        const report = json(good);
        // The DESIGN.md contract, plus `warnings` (added, nothing renamed).
        assert.deepEqual(Object.keys(report), ["stack", "resources", "violations", "outputs", "warnings", "summary"]);
        assert.equal(report.stack, "dev");
        for (const resource of report.resources) {
            assert.deepEqual(Object.keys(resource), ["urn", "type", "name", "parent", "inputs", "options"]);
            assert.deepEqual(Object.keys(resource.options), ["protect", "retainOnDelete", "ignoreChanges", "additionalSecretOutputs", "aliases"]);
        }
        assert.deepEqual(Object.keys(report.summary), ["resources", "mandatory", "advisory", "warnings"]);
        assert.deepEqual(report.summary, { resources: report.resources.length, mandatory: 0, advisory: 0, warnings: report.warnings.length });
        assert.deepEqual(report.violations, []);
    });

    it("records parents, options and inputs as the engine would receive them", () => {
        const report = json(good);
        const byUrn = new Map<string, any>(report.resources.map((r: any) => [r.urn, r]));
        const component = byUrn.get(COMPONENT);
        assert.equal(component.parent, null, "top-level resources hang off the (unlisted) stack");
        assert.deepEqual(component.options.aliases, ["urn:pulumi:dev::secretset::secretset:fixture:FixtureSet::fixture-old"]);
        const signingKey = byUrn.get(child(SECRET, "fixture-sm-signing-key"));
        assert.equal(signingKey.parent, COMPONENT);
        assert.equal(signingKey.options.protect, true);
        assert.equal(signingKey.options.retainOnDelete, true);
        assert.deepEqual(byUrn.get(child("aws:secretsmanager/secretVersion:SecretVersion", "fixture-sm-signing-key-value")).options.ignoreChanges, ["secretString"]);
        const username = byUrn.get(child(SSM, "fixture-ssm-docker-username"));
        assert.equal(username.inputs.type, "SecureString");
        assert.equal(username.inputs.value, "[secret]");
        assert.equal(username.inputs.tags["secretset:environment"], "dev", "the stack name is the default environment");
        // Mock outputs resolve: the rotation points at the secret's fake id (its ARN, region from aws:region).
        assert.match(report.outputs.arns["docker-password"], /^arn:aws:secretsmanager:eu-west-1:123456789012:secret:dev\/fixture\/docker-password-/);
        assert.equal(byUrn.get(child(ROTATION, "fixture-sm-docker-password-rotation")).inputs.secretId, report.outputs.arns["docker-password"]);
        assert.equal(report.outputs.usernameValue, "[secret]");
        assert.equal(report.outputs.secretCount, 4);
    });

    it("says on stderr which keys were redacted, with the command to set them, never a value", () => {
        assert.match(good.stderr, /secretset:docker-username/);
        assert.match(good.stderr, /pulumi config set --secret docker-password --stack dev/);
        assert.doesNotMatch(good.stderr, /AAAABBBBCCCCDDDD/);
        assert.doesNotMatch(good.stdout, /AAAABBBBCCCCDDDD/);
    });

    it("exits 1 and flags each misconfiguration on its own URN, not its compliant neighbours", () => {
        assert.equal(bad.status, 1, bad.stderr);
        const report = json(bad);
        const urns = flagged(report);
        assert.ok(urns.includes(child(SSM, "fixture-ssm-docker-username")), "internal secret in a String parameter");
        assert.ok(urns.includes(child(SECRET, "fixture-sm-partner-key")), "secret without rotation (stack policy)");
        for (const compliant of ["fixture-ssm-registry-url", "fixture-ssm-api-token"]) {
            assert.ok(!urns.includes(child(SSM, compliant)), `${compliant} must not be flagged`);
        }
        assert.ok(!urns.includes(child(SECRET, "fixture-sm-docker-password")), "a rotated secret must not be flagged by the stack policy");
        // 400 days is over the default 90 of the advisory rule.
        const rotation = report.violations.find((v: any) => v.urn === child(ROTATION, "fixture-sm-docker-password-rotation"));
        assert.equal(rotation.enforcementLevel, "advisory");
        assert.equal(rotation.message, "Secret rotation must happen at least every 90 days (is 400).");
        assert.deepEqual(report.summary, { resources: report.resources.length, mandatory: 2, advisory: 1, warnings: 0 });
    });

    it("applies --policy-config: level and properties over the pack's defaults", () => {
        const strict = runFixture(BAD_CONFIG, ["--format", "json", "--policy-config", STRICT_POLICY_CONFIG]);
        assert.equal(strict.status, 1, strict.stderr);
        const rotation = json(strict).violations.find((v: any) => v.policyName === "fixture-rotation-max-days");
        assert.equal(rotation.enforcementLevel, "mandatory");
        assert.equal(rotation.message, "Secret rotation must happen at least every 30 days (is 400).");
    });

    it("prints a tree of what would be created with the key options, then the violations", () => {
        const tree = runFixture(BAD_CONFIG);
        assert.equal(tree.status, 1);
        assert.match(tree.stdout, /^Stack dev: 9 resources would be created$/m);
        assert.match(tree.stdout, /^  \+ secretset:fixture:FixtureSet  fixture  \[aliases: 1\]$/m);
        assert.match(tree.stdout, /^    \+ aws:ssm\/parameter:Parameter  fixture-ssm-docker-username$/m);
        assert.match(tree.stdout, /MANDATORY  fixture-ssm-securestring  on fixture-ssm-docker-username/);
        assert.match(tree.stdout, /Summary: 9 resources, 2 mandatory and 1 advisory violations/);
        const protectedTree = runFixture(GOOD_CONFIG);
        assert.equal(protectedTree.status, 0);
        assert.match(protectedTree.stdout, /\+ aws:secretsmanager\/secret:Secret  fixture-sm-signing-key  \[protect; retainOnDelete\]/);
    });

    it("prints a PR-comment summary: inventory of secrets, then violations", () => {
        const markdown = runFixture(BAD_CONFIG, ["--format", "markdown"]);
        assert.equal(markdown.status, 1);
        const text = markdown.stdout;
        assert.match(text, /^## Offline preview of stack `dev` — :x: blocked$/m);
        assert.match(text, /\| Secret \| Class \| Store \| Rotation \| Consumers \| Cost\/month \|/);
        assert.match(text, /\| `dev\/fixture\/docker-password` \| confidential \| Secrets Manager \| every 400 days \| — \| \$0\.40 \|/);
        assert.match(text, /\| `\/dev\/fixture\/docker-username` \| internal \| SSM String \(Standard\) \| none \| — \| \$0\.00 \|/);
        assert.match(text, /Estimated storage cost: \$0\.80\/month/);
        assert.ok(text.indexOf("### Secrets") < text.indexOf("### Policy violations"));
        assert.match(text, /\| mandatory \| `fixture-ssm-securestring` \| `fixture-ssm-docker-username` \|/);
    });
});

describe("preview:offline invalid input (exit 2, one line, no stack trace)", function () {
    this.timeout(120_000);

    function assertInputError(run: CliRun, pattern: RegExp): void {
        assert.equal(run.status, 2, `stdout: ${run.stdout}\nstderr: ${run.stderr}`);
        const lines = run.stderr.split("\n").filter((l) => l.startsWith("error: "));
        assert.equal(lines.length, 1, run.stderr);
        assert.match(lines[0], pattern);
        assert.doesNotMatch(run.stderr, STACK_TRACE_LINE);
        assert.equal(run.stdout, "");
    }

    it("a stack config that does not exist", () => {
        assertInputError(runFixture("/nonexistent/Pulumi.dev.yaml"), /Stack config \/nonexistent\/Pulumi\.dev\.yaml does not exist/);
    });

    it("a stack config that is not YAML", () => {
        assertInputError(runFixture(tempFile("Pulumi.dev.yaml", "config: [unclosed\n  - : :")), /is not valid YAML/);
    });

    it("a program validation error, with the program's message and nothing else", () => {
        const config = tempFile("Pulumi.dev.yaml", "config:\n  secretset:app: fixture\n  secretset:secrets:\n    api-token: { classification: internal, value: plain-text-token-value }\n");
        assertInputError(runFixture(config), /^error: Secret `api-token`: `value` is allowed for public secrets only; use `pulumi config set --secret api-token`\.$/);
    });

    it("unknown flags and bad formats", () => {
        assertInputError(runFixture(GOOD_CONFIG, ["--frmat", "json"]), /Unknown argument `--frmat`/);
        assertInputError(runFixture(GOOD_CONFIG, ["--format", "yaml"]), /`--format` must be one of tree, json, markdown/);
    });

    it("a policy config that does not fit the pack's schema or names no policy of it", () => {
        assertInputError(
            runFixture(GOOD_CONFIG, ["--policy-config", tempFile("bad.json", JSON.stringify({ "fixture-rotation-max-days": { maxDays: "ninety" } }))]),
            /fixture-rotation-max-days: `maxDays` must be integer/,
        );
        assertInputError(runFixture(GOOD_CONFIG, ["--policy-config", tempFile("typo.json", JSON.stringify({ "fixture-no-such-policy": "mandatory" }))]), /`fixture-no-such-policy`, which is not a policy of this pack/);
        assertInputError(runFixture(GOOD_CONFIG, ["--policy-config", tempFile("broken.json", "{ nope")]), /is not valid JSON/);
    });
});
