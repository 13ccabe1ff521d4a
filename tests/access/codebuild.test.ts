import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { codeBuildVariables, placeholderBuildspec } from "../../components/codebuild";
import { codeBuildSources } from "../../components/accessibleSet";
import { dockerExampleSet, secretArn } from "./fakeSet";

function resolved(value: pulumi.Input<string>): Promise<string> {
    return new Promise((resolve) => pulumi.output(value).apply((v) => { resolve(v); return v; }));
}

describe("access: CodeBuild environment variables", () => {
    const sources = codeBuildSources(dockerExampleSet());

    it("maps Parameter Store secrets to PARAMETER_STORE by name and Secrets Manager ones to SECRETS_MANAGER by ARN", async () => {
        const variables = codeBuildVariables("ci", { URL: "registry-url", USER: "docker-username", PASSWORD: "docker-password" }, sources);
        const plain = await Promise.all(variables.map(async (v) => [v.name, v.type, await resolved(v.value)]));
        assert.deepStrictEqual(plain, [
            ["PASSWORD", "SECRETS_MANAGER", secretArn("docker-password")],
            ["URL", "PARAMETER_STORE", "/dev/ci-pipeline/registry-url"],
            ["USER", "PARAMETER_STORE", "/dev/ci-pipeline/docker-username"],
        ]);
        assert.ok(variables.every((v) => (v.type as string) !== "PLAINTEXT"));
    });

    it("reads only the JSON key of a generated JSON document", async () => {
        const set = dockerExampleSet();
        const withJson = { ...set.secrets["docker-password"], declaration: { classification: "confidential" as const, generate: { jsonKey: "password" } } };
        const [variable] = codeBuildVariables("ci", { PASSWORD: "docker-password" }, codeBuildSources({ ...set, secrets: { ...set.secrets, "docker-password": withJson } }));
        assert.strictEqual(await resolved(variable.value), `${secretArn("docker-password")}:password`);
    });

    it("refuses a Vault-only secret, naming consumer, variable and fix", () => {
        assert.throws(() => codeBuildVariables("ci", { TOKEN: "partner-token" }, sources), /Consumer `ci`: `codebuild.environmentVariables.TOKEN` names `partner-token`, which is stored only in Vault; .*add "aws" to its `backends`/);
    });

    it("refuses an undeclared secret", () => {
        assert.throws(() => codeBuildVariables("ci", { X: "nope" }, sources), /`codebuild.environmentVariables.X` names `nope`, which is not a declared secret/);
    });

    it("has a placeholder buildspec that names variables, never values", () => {
        const spec = placeholderBuildspec(["A", "B"]);
        assert.match(spec, /version: 0\.2/);
        assert.match(spec, /- A B"/);
        assert.doesNotMatch(spec, /\$A|\$B|printenv|env\b/);
        // Each command parses as a string (an unquoted `: ` would make it a YAML map).
        const yaml = require("js-yaml") as { load(text: string): any };
        const commands = yaml.load(spec).phases.build.commands;
        assert.ok(commands.every((c: unknown) => typeof c === "string"), JSON.stringify(commands));
    });
});
