// `secretset exec` without servers: flag parsing, variable names, and where each secret
// is read from (the same plan and names as the component).
import * as assert from "assert";
import * as path from "path";
import { defaultEnvName, parseExecArgs } from "../../tools/exec/args";
import { execTargets, readExecStack } from "../../tools/exec/targets";
import { InputError } from "../../tools/preview/inputError";

const REPO = path.resolve(__dirname, "..", "..");

describe("exec: arguments", () => {
    it("splits flags from the command at the first `--`", () => {
        const args = parseExecArgs(["--stack", "dev", "--secrets", "docker-password=PASS,registry-url", "--", "docker", "--version", "--", "x"]);
        assert.deepStrictEqual(args.command, ["docker", "--version", "--", "x"]);
        assert.deepStrictEqual(args.secrets, [{ secret: "docker-password", envName: "PASS" }, { secret: "registry-url" }]);
        assert.strictEqual(args.stack, "dev");
    });

    for (const [argv, says] of [
        [["--", "true"], "`--stack <name>` is required"],
        [["--stack", "dev"], "No command to run"],
        [["--stack", "dev", "true"], "Unknown argument `true`; put the command after `--`"],
        [["--stack", "dev", "--secrets", "a,,b", "--", "true"], "empty entry"],
        [["--stack", "dev", "--secrets", "a=1X", "--", "true"], "`1X` is not an environment variable name"],
        [["--stack", "dev", "--secrets", "a,a", "--", "true"], "lists `a` twice"],
        [["--stack", "dev", "--stack", "prod", "--", "true"], "`--stack` is given twice"],
        [["--stack", "../x", "--", "true"], "is not a stack name"],
        [["--stack", "--", "true"], "`--stack` needs a value"],
    ] as const) {
        it(`refuses ${JSON.stringify(argv)}`, () => {
            assert.throws(() => parseExecArgs(argv), (error: Error) => error instanceof InputError && error.message.includes(says));
        });
    }

    it("names variables in upper snake case", () => {
        assert.strictEqual(defaultEnvName("docker-password"), "DOCKER_PASSWORD");
        assert.strictEqual(defaultEnvName("a1-b2"), "A1_B2");
    });
});

describe("exec: where the shipped dev stack's secrets are read", () => {
    const stack = readExecStack(path.join(REPO, "Pulumi.dev.yaml"), "dev");

    it("reads each from the store SecretSet puts it in, under the same name", () => {
        const targets = execTargets(stack.args, undefined, "Pulumi.dev.yaml");
        assert.deepStrictEqual(Object.fromEntries(targets.map((t) => [t.envName, t.location])), {
            DOCKER_PASSWORD: { store: "secretsmanager", name: "dev/ci-pipeline/docker-password" },
            DOCKER_USERNAME: { store: "ssm", name: "/dev/ci-pipeline/docker-username" },
            PARTNER_TOKEN: { store: "vault", mount: "secret", path: "dev/ci-pipeline/partner-token" },
            REGISTRY_URL: { store: "ssm", name: "/dev/ci-pipeline/registry-url" },
            SIGNING_KEY: { store: "secretsmanager", name: "dev/ci-pipeline/signing-key" },
        });
        assert.strictEqual(stack.region, "us-east-1");
    });

    it("takes the environment from the stack name when `secretset:environment` is absent, and refuses two secrets on one variable", () => {
        const renamed = readExecStack(path.join(REPO, "Pulumi.dev.yaml"), "other");
        assert.deepStrictEqual(execTargets(renamed.args, [{ secret: "registry-url" }], "f")[0].location, { store: "ssm", name: "/other/ci-pipeline/registry-url" });
        assert.throws(() => execTargets(stack.args, [{ secret: "registry-url", envName: "X" }, { secret: "docker-username", envName: "X" }], "f"), /would both set `X`/);
    });

    it("names the declared secrets when one is unknown", () => {
        assert.throws(() => execTargets(stack.args, [{ secret: "nope" }], "Pulumi.dev.yaml"), (error: Error) => error instanceof InputError && /Unknown secret `nope`.*`docker-password`/.test(error.message));
    });
});
