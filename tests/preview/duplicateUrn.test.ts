// The offline preview refuses a program that registers one URN twice, as the
// Pulumi engine does (the SDK mocks alone accept it). Found by the real-engine
// suite (tests/realEngine/engineRefusals.test.ts).
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { FIXTURES, runCli, tempFile } from "./previewHelpers";

const DUPLICATE_PROGRAM = `
import * as aws from "@pulumi/aws";
new aws.ssm.Parameter("same-name", { type: "String", value: "a" });
new aws.ssm.Parameter("same-name", { type: "String", value: "b" });
`;

describe("offline preview: duplicate URNs", function () {
    this.timeout(120_000);

    it("fails with the engine's message and exit code 2 instead of recording two resources", () => {
        // Inside the repository, so the program resolves @pulumi/aws from its node_modules.
        const program = path.join(FIXTURES, "program", `.duplicate-${process.pid}.ts`);
        fs.writeFileSync(program, DUPLICATE_PROGRAM);
        try {
            const config = tempFile("Pulumi.dev.yaml", "config:\n  aws:region: us-east-1\n");
            const run = runCli(["--stack", "dev", "--config", config, "--program", program, "--format", "json"]);
            assert.strictEqual(run.status, 2, run.stderr);
            assert.match(run.stderr, /Duplicate resource URN 'urn:pulumi:dev::secretset::aws:ssm\/parameter:Parameter::same-name'/);
            assert.strictEqual(run.stdout, "");
        } finally {
            fs.rmSync(program, { force: true });
        }
    });
});
