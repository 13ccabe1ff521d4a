// Where the SDK mocks differ from the Pulumi engine and the offline preview must
// side with the engine (found by the real-engine suite, tests/realEngine/):
//   - a URN registered twice is refused (the mocks accept it);
//   - a component's grandchildren carry the parent's whole type chain in their URN
//     (the mocks keep only the parent's last type).
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { FIXTURES, runCli, tempFile } from "./previewHelpers";

const DUPLICATE_PROGRAM = `
import * as aws from "@pulumi/aws";
new aws.ssm.Parameter("same-name", { type: "String", value: "a" });
new aws.ssm.Parameter("same-name", { type: "String", value: "b" });
`;

const NESTED_PROGRAM = `
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
class Outer extends pulumi.ComponentResource {
    constructor(name: string) {
        super("test:index:Outer", name);
        new Inner(\`\${name}-inner\`, this);
        this.registerOutputs({});
    }
}
class Inner extends pulumi.ComponentResource {
    constructor(name: string, parent: pulumi.Resource) {
        super("test:index:Inner", name, {}, { parent });
        new aws.ssm.Parameter(\`\${name}-param\`, { type: "String", value: "v" }, { parent: this });
        this.registerOutputs({});
    }
}
new Outer("outer");
`;

function runProgram(text: string, run: (result: ReturnType<typeof runCli>) => void): void {
    // Inside the repository, so the program resolves @pulumi/aws from its node_modules.
    const program = path.join(FIXTURES, "program", `.parity-${process.pid}.ts`);
    fs.writeFileSync(program, text);
    try {
        const config = tempFile("Pulumi.dev.yaml", "config:\n  aws:region: us-east-1\n");
        run(runCli(["--stack", "dev", "--config", config, "--program", program, "--format", "json"]));
    } finally {
        fs.rmSync(program, { force: true });
    }
}

describe("offline preview: URNs as the engine makes them", function () {
    this.timeout(120_000);

    it("gives a component's grandchildren the parent's whole type chain", () => {
        runProgram(NESTED_PROGRAM, (run) => {
            // 1: the pack's rules fire on this bare parameter; only the URNs matter here.
            assert.ok(run.status === 0 || run.status === 1, run.stderr);
            const urns = (JSON.parse(run.stdout) as { resources: { urn: string }[] }).resources.map((r) => r.urn).sort();
            assert.deepStrictEqual(urns, [
                "urn:pulumi:dev::secretset::test:index:Outer$test:index:Inner$aws:ssm/parameter:Parameter::outer-inner-param",
                "urn:pulumi:dev::secretset::test:index:Outer$test:index:Inner::outer-inner",
                "urn:pulumi:dev::secretset::test:index:Outer::outer",
            ]);
        });
    });

    it("refuses a duplicate URN with the engine's message and exit code 2", () => {
        runProgram(DUPLICATE_PROGRAM, (run) => {
            assert.strictEqual(run.status, 2, run.stderr);
            assert.match(run.stderr, /Duplicate resource URN 'urn:pulumi:dev::secretset::aws:ssm\/parameter:Parameter::same-name'/);
            assert.strictEqual(run.stdout, "");
        });
    });
});
