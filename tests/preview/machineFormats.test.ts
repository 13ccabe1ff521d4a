// `--format sarif` (SARIF 2.1.0 for GitHub code scanning) and `--format junit`
// (JUnit XML for CI), on the fixture's misconfigured stack; warnings in JSON and
// markdown; the getPolicyDocument stand-in's merge semantics.
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import { policyDocumentJson } from "../../tools/preview/policyDocumentMock";
import { BAD_CONFIG, runFixture, tempFile } from "./previewHelpers";

describe("preview:offline --format sarif and junit", function () {
    this.timeout(120_000);

    it("sarif: rules from the pack with descriptions, results with ruleId, level and the URN as logical location", () => {
        const run = runFixture(BAD_CONFIG, ["--format", "sarif"]);
        assert.equal(run.status, 1, run.stderr);
        const sarif = JSON.parse(run.stdout);
        assert.equal(sarif.version, "2.1.0");
        assert.match(sarif.$schema, /sarif-2\.1\.0/);
        const driver = sarif.runs[0].tool.driver;
        assert.equal(driver.name, "preview-fixture-pack");
        const rule = driver.rules.find((r: any) => r.id === "fixture-ssm-securestring");
        assert.equal(rule.shortDescription.text, "Checks whether non-public SSM parameters are SecureString.");
        assert.equal(rule.defaultConfiguration.level, "error");
        assert.equal(driver.rules.find((r: any) => r.id === "fixture-rotation-max-days").defaultConfiguration.level, "warning");
        const results = sarif.runs[0].results;
        assert.equal(results.filter((r: any) => r.level === "error").length, 2);
        assert.equal(results.filter((r: any) => r.level === "warning").length, 1);
        for (const result of results) {
            assert.equal(driver.rules[result.ruleIndex].id, result.ruleId);
            assert.ok(result.message.text.length > 0);
            const location = result.locations[0];
            assert.match(location.logicalLocations[0].fullyQualifiedName, /^urn:pulumi:dev::secretset::/);
            assert.equal(location.physicalLocation.artifactLocation.uri, "tests/preview/fixtures/program/Pulumi.bad.yaml");
            assert.ok(location.physicalLocation.region.startLine >= 1);
            assert.match(result.partialFingerprints["secretsetFinding/v1"], /^[0-9a-f]{64}$/);
        }
    });

    it("junit: well-formed XML, one suite per policy, a failure per mandatory finding, escaped text", () => {
        const run = runFixture(BAD_CONFIG, ["--format", "junit"]);
        assert.equal(run.status, 1, run.stderr);
        // A real XML parser decides well-formedness and counts.
        const parsed = spawnSync("python3", ["-c", "import sys,xml.etree.ElementTree as E; r=E.fromstring(sys.stdin.read()); print(r.tag, r.get('tests'), r.get('failures'), len(r.findall('testsuite')), len(r.findall('.//failure')))"], { input: run.stdout, encoding: "utf8" });
        assert.equal(parsed.status, 0, parsed.stderr);
        const [tag, tests, failures, suites, failureElements] = parsed.stdout.trim().split(" ");
        assert.equal(tag, "testsuites");
        assert.equal(failures, "2");
        assert.equal(failureElements, "2");
        assert.equal(suites, "5", "one suite per policy of the fixture pack");
        assert.ok(Number(tests) >= 5);
        assert.match(run.stdout, /<testcase classname="preview-fixture-pack\.dev" name="fixture-ssm-securestring on fixture-ssm-docker-username \(urn:pulumi:dev::secretset::secretset:fixture:FixtureSet\$aws:ssm\/parameter:Parameter::fixture-ssm-docker-username\)">/);
        assert.match(run.stdout, /<failure type="mandatory" message="SSM parameter `\/dev\/fixture\/docker-username` \(internal\) must be a SecureString\.">/);
    });

    it("warnings the program logs appear in JSON (with a count) and markdown", () => {
        const config = tempFile("Pulumi.dev.yaml", "config:\n  secretset:app: fixture\n  secretset:echo-secret: api-token\n  secretset:secrets:\n    api-token: { classification: internal }\n  secretset:api-token: some-plain-token-value\n");
        const json = JSON.parse(runFixture(config, ["--format", "json"]).stdout);
        // The program's own warning, and the SDK's (an undefined stack output of the fixture).
        assert.ok(json.warnings.some((w: any) => w.urn === null && w.message === "warning quotes [secret] and its start [secret]"), JSON.stringify(json.warnings));
        // Logged on a resource: its engine URN (not the mock monitor's).
        assert.ok(json.warnings.some((w: any) => w.urn === "urn:pulumi:dev::secretset::secretset:fixture:FixtureSet::fixture" && w.message === "a warning logged on the component"), JSON.stringify(json.warnings));
        assert.ok(json.warnings.some((w: any) => /Undefined value \(usernameValue\) will not show as a stack output/.test(w.message)));
        assert.equal(json.summary.warnings, json.warnings.length);
        const markdown = runFixture(config, ["--format", "markdown"]).stdout;
        assert.match(markdown, /### Warnings\n\n\| Resource \| Warning \|\n\|---\|---\|\n/);
        assert.match(markdown, /^\| `fixture` \| a warning logged on the component \|$/m);
        assert.match(markdown, /^\| \(stack\) \| warning quotes \\\[secret\\\] and its start \\\[secret\\\] \|$/m);
    });
});

describe("getPolicyDocument stand-in", () => {
    const doc = (statements: object[], extra: object = {}) => JSON.stringify({ Version: "2012-10-17", Statement: statements, ...extra });

    it("renders every argument: policyId, version, not-principals, conditions", () => {
        const json = JSON.parse(
            policyDocumentJson({
                policyId: "pid",
                version: "2012-10-17",
                statements: [{ sid: "A", effect: "Deny", notActions: ["s3:*"], notResources: ["arn:x"], notPrincipals: [{ type: "AWS", identifiers: ["arn:aws:iam::1:root"] }], conditions: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }] }],
            }),
        );
        assert.deepEqual(json, { Version: "2012-10-17", Id: "pid", Statement: [{ Sid: "A", Effect: "Deny", NotAction: ["s3:*"], NotResource: ["arn:x"], NotPrincipal: { AWS: ["arn:aws:iam::1:root"] }, Condition: { Bool: { "aws:SecureTransport": ["false"] } } }] });
        assert.equal(JSON.parse(policyDocumentJson({ statements: [{ actions: ["a:b"], principals: [{ type: "*", identifiers: ["*"] }] }] })).Statement[0].Principal, "*");
    });

    it("merges source documents, then statements, then overrides, by Sid", () => {
        const source = doc([{ Sid: "Read", Effect: "Allow", Action: "ssm:GetParameter", Resource: "arn:a" }, { Effect: "Allow", Action: "kms:Decrypt", Resource: "*" }]);
        const override = doc([{ Sid: "Read", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: "*" }, { Sid: "Extra", Effect: "Deny", Action: "*", Resource: "*" }]);
        const merged = JSON.parse(
            policyDocumentJson({ sourcePolicyDocuments: [source], statements: [{ sid: "Own", actions: ["s3:GetObject"], resources: ["arn:b"] }], overridePolicyDocuments: [override] }),
        );
        assert.deepEqual(merged.Statement, [
            { Sid: "Read", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: "*" },
            { Effect: "Allow", Action: "kms:Decrypt", Resource: "*" },
            { Sid: "Own", Effect: "Allow", Action: ["s3:GetObject"], Resource: ["arn:b"] },
            { Sid: "Extra", Effect: "Deny", Action: "*", Resource: "*" },
        ]);
        const replaced = JSON.parse(policyDocumentJson({ sourcePolicyDocuments: [source], statements: [{ sid: "Read", actions: ["ssm:GetParameter"], resources: ["arn:only"] }] }));
        assert.deepEqual(replaced.Statement[0], { Sid: "Read", Effect: "Allow", Action: ["ssm:GetParameter"], Resource: ["arn:only"] });
    });

    it("refuses what the provider refuses: duplicate Sids in sources or statements, documents that are not JSON", () => {
        const source = doc([{ Sid: "S", Effect: "Allow", Action: "a:b", Resource: "*" }]);
        assert.throws(() => policyDocumentJson({ sourcePolicyDocuments: [source, source] }), /duplicate Sid \(S\) in sourcePolicyDocuments/);
        assert.throws(() => policyDocumentJson({ statements: [{ sid: "X", actions: ["a:b"] }, { sid: "X", actions: ["c:d"] }] }), /duplicate Sid \(X\) in statements/);
        assert.throws(() => policyDocumentJson({ overridePolicyDocuments: ["{not json"] }), /overridePolicyDocuments\[0\] is not valid JSON/);
    });
});
