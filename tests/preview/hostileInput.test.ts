// Every input problem is exit 2 with one clear line and no stack trace
// (issue 10, item 6), names from the input are escaped in tree and markdown,
// and a third-party pack starts without node_modules of its own.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CliRun, FIXTURE_PROGRAM, FIXTURES, GOOD_CONFIG, runCli, runFixture, STACK_TRACE_LINE, tempFile } from "./previewHelpers";

function assertInputError(run: CliRun, pattern: RegExp): void {
    assert.equal(run.status, 2, `stdout: ${run.stdout}\nstderr: ${run.stderr}`);
    const errors = run.stderr.split("\n").filter((l) => l.startsWith("error: "));
    assert.equal(errors.length, 1, run.stderr);
    assert.match(errors[0], pattern);
    assert.doesNotMatch(run.stderr, STACK_TRACE_LINE);
    assert.equal(run.stdout, "");
}

function realProgram(config: string): CliRun {
    return runCli(["--stack", "dev", "--config", tempFile("Pulumi.dev.yaml", config), "--format", "json"]);
}

describe("preview:offline refuses bad input before anything runs", function () {
    this.timeout(120_000);

    it("a misspelt `secretset:` setting, with a did-you-mean", () => {
        assertInputError(realProgram("config:\n  secretset:app: ci\n  secretset:ownr: team\n  secretset:secrets: {}\n"), /Unknown config key `secretset:ownr`; did you mean `secretset:owner`\?/);
    });

    it("a misspelt secret value key, with the declared name as the suggestion", () => {
        const config = "config:\n  secretset:app: ci\n  secretset:secrets:\n    docker-password: { classification: confidential, rotation: { days: 30 } }\n  secretset:docker-pasword:\n    secure: v1:abc\n";
        assertInputError(realProgram(config), /`secretset:docker-pasword`; did you mean `secretset:docker-password`\?/);
    });

    it("an orphaned value (no declaration)", () => {
        assertInputError(realProgram("config:\n  secretset:app: ci\n  secretset:secrets: {}\n  secretset:old-api-key:\n    secure: v1:abc\n"), /`secretset:old-api-key` holds a value but no secret `old-api-key` is declared/);
    });

    it("an empty required field", () => {
        assertInputError(realProgram('config:\n  secretset:app: ""\n  secretset:secrets: {}\n'), /Setting `secretset:app` is required and must not be empty/);
    });

    it("a Pulumi.yaml whose project name does not match", () => {
        const run = runCli(["--stack", "dev", "--config", GOOD_CONFIG, "--program", path.join(FIXTURES, "wrong-project", "index.ts")]);
        assertInputError(run, /Pulumi\.yaml names the project "not-secretset", but .* use the `secretset:` namespace; set `name: secretset`/);
    });

    it("a data-source call the offline preview cannot answer, instead of dropping its dependents", () => {
        const run = runCli(["--stack", "dev", "--config", GOOD_CONFIG, "--program", path.join(FIXTURES, "invoke-program", "index.ts"), "--policy-pack", path.join(FIXTURES, "pack")]);
        assertInputError(run, /no mock for the provider function `aws:ec2\/getVpc:getVpc`/);
    });
});

describe("preview:offline escapes names from the input", function () {
    this.timeout(120_000);
    // The fixture program puts the app name into every resource name.
    const hostile = 'fix\\u001b[2J\\u001b[31mture\\n  + forged:Type  evil | <img src=x onerror=alert(1)> **bold** [link](http://x)';
    const config = tempFile("Pulumi.dev.yaml", `config:\n  secretset:app: "${hostile}"\n  secretset:secrets:\n    registry-url: { classification: public, value: "https://example.test" }\n`);

    it("tree: no control character, no forged line", () => {
        const run = runFixture(config);
        assert.equal(run.status, 0, run.stderr);
        assert.ok(!run.stdout.includes("\u001b"), "raw ESC in tree output");
        assert.doesNotMatch(run.stdout, /^\s*\+ forged:Type/m);
        assert.match(run.stdout, /fix\\x1b\[2J\\x1b\[31mture\\n/);
    });

    it("markdown: no raw HTML, no extra table cell, no line break inside a row", () => {
        const run = runFixture(config, ["--format", "markdown"]);
        assert.equal(run.status, 0, run.stderr);
        assert.ok(!run.stdout.includes("\u001b"));
        // Inside a code span HTML is shown, not rendered; outside one it must be escaped.
        const outsideCode = run.stdout.replace(/`[^`\n]*`/g, "");
        assert.ok(!outsideCode.includes("<img"), `raw HTML in markdown:\n${outsideCode}`);
        assert.doesNotMatch(run.stdout, /^\s*\+ forged/m);
        for (const row of run.stdout.split("\n").filter((l) => l.startsWith("| `"))) {
            // Six cells: escaped pipes (`\|`) do not split a cell.
            assert.equal(row.replace(/\\\|/g, "").split("|").length - 2, 6, row);
        }
    });
});

describe("preview:offline runs a third-party pack without node_modules of its own", function () {
    this.timeout(120_000);

    for (const [kind, file, source] of [
        ["plain JavaScript", "index.js", 'const { PolicyPack } = require("@pulumi/policy");'],
        ["TypeScript", "index.ts", 'import { PolicyPack } from "@pulumi/policy";'],
    ] as const) {
        it(`${kind}`, () => {
            const dir = fs.mkdtempSync(path.join(os.tmpdir(), "third-party-pack-"));
            fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "third-party", version: "1.0.0", ...(file === "index.js" ? { main: "index.js" } : {}) }));
            fs.writeFileSync(path.join(dir, "PulumiPolicy.yaml"), "runtime: nodejs\n");
            fs.writeFileSync(
                path.join(dir, file),
                `${source}\nnew PolicyPack("third-party", { policies: [{ name: "tp-string-parameters", description: "Checks whether SSM parameters are SecureString.", enforcementLevel: "mandatory",\n validateResource: (args: any, report: any) => { if (args.type === "aws:ssm/parameter:Parameter" && args.props.type === "String") report("SSM parameter must be a SecureString."); } }] });\n`.replace(/: any/g, file === "index.js" ? "" : ": any"),
            );
            const run = runCli(["--stack", "dev", "--config", GOOD_CONFIG, "--program", FIXTURE_PROGRAM, "--policy-pack", dir, "--format", "json"]);
            assert.equal(run.status, 1, run.stderr);
            const report = JSON.parse(run.stdout);
            assert.ok(report.violations.some((v: any) => v.policyName === "tp-string-parameters"), run.stdout);
        });
    }
});
