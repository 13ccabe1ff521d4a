// The pipeline's buildspec, run for real: each phase's commands in one bash (as
// CodeBuild runs buildspec 0.2) with stand-in `docker` and `aws` executables that
// record their arguments and stdin. The password reaches `docker login` on stdin
// only, ECR gets its own login, build and push use one new immutable tag.
import * as assert from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { imageBuildspec } from "../../components/pipeline/buildspec";
import { DEFAULT_LOGIN } from "../../components/pipeline/pipelineSettings";

const yaml = require("js-yaml") as { load(text: string): any };

const PASSWORD = "SENTINEL-docker-password-5e1d";
const ECR_REPOSITORY = "123456789012.dkr.ecr.us-east-1.amazonaws.com/dev-ci-pipeline/app";

const scratch: string[] = [];

/** Runs the buildspec's phases with stubs on PATH; returns the recorded calls and the work dir. */
function runBuildspec(buildspec: string): { calls: string[]; dir: string } {
    const spec = yaml.load(buildspec);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "secretset-buildspec-"));
    scratch.push(dir);
    const bin = path.join(dir, "bin");
    fs.mkdirSync(bin);
    const log = path.join(dir, "calls.log");
    const stub = (name: string, stdout = "") =>
        fs.writeFileSync(path.join(bin, name), `#!/bin/bash\nstdin=""\nif [[ " $* " == *" --password-stdin "* ]]; then stdin=$(cat); fi\necho "${name} $* <stdin:\${stdin}>" >> ${JSON.stringify(log)}\n${stdout ? `echo ${stdout}` : ""}\n`, { mode: 0o755 });
    stub("docker");
    stub("aws", "ECR-TOKEN-ab12");
    const variables = Object.entries(spec.env.variables as Record<string, string>).map(([k, v]) => `export ${k}=${JSON.stringify(v)}`);
    const commands = ["pre_build", "build", "post_build"].flatMap((phase) => spec.phases[phase].commands as string[]);
    const script = ["set -e", ...variables, ...commands].join("\n");
    execFileSync("bash", ["--noprofile", "--norc", "-c", script], {
        cwd: dir,
        env: { PATH: `${bin}:${process.env.PATH}`, REGISTRY_URL: "https://index.docker.io/v1/", DOCKER_USERNAME: "ci-bot", DOCKER_PASSWORD: PASSWORD, AWS_REGION: "us-east-1", CODEBUILD_BUILD_NUMBER: "17" },
    });
    return { calls: fs.readFileSync(log, "utf8").trim().split("\n"), dir };
}

describe("pipeline: the buildspec, run with stand-in docker and aws", () => {
    after(() => scratch.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

    it("logs in with the password on stdin, logs in to ECR, builds and pushes one immutable tag", () => {
        const { calls, dir } = runBuildspec(imageBuildspec(DEFAULT_LOGIN, "app", { repository: ECR_REPOSITORY, pushToEcr: true }));
        assert.deepStrictEqual(calls, [
            `docker login --username ci-bot --password-stdin https://index.docker.io/v1/ <stdin:${PASSWORD}>`,
            "aws ecr get-login-password --region us-east-1 <stdin:>",
            "docker login --username AWS --password-stdin 123456789012.dkr.ecr.us-east-1.amazonaws.com <stdin:ECR-TOKEN-ab12>",
            `docker build --tag ${ECR_REPOSITORY}:build-17 . <stdin:>`,
            `docker push ${ECR_REPOSITORY}:build-17 <stdin:>`,
            "docker logout https://index.docker.io/v1/ <stdin:>",
        ]);
        assert.ok(!calls.some((c) => c.includes(PASSWORD) && !c.endsWith(`<stdin:${PASSWORD}>`)), "the password appeared in a command line");
        assert.deepStrictEqual(JSON.parse(fs.readFileSync(path.join(dir, "imagedefinitions.json"), "utf8")), [{ name: "app", imageUri: `${ECR_REPOSITORY}:build-17` }]);
        assert.deepStrictEqual(yaml.load(imageBuildspec(DEFAULT_LOGIN, "app", { repository: ECR_REPOSITORY, pushToEcr: true })).artifacts.files, ["imagedefinitions.json"]);
    });

    it("pushes to the registry it logged in to when there is no ECR repository", () => {
        const { calls } = runBuildspec(imageBuildspec(DEFAULT_LOGIN, "app", { repository: "docker.io/acme/app", pushToEcr: false }));
        assert.ok(!calls.some((c) => c.startsWith("aws ")), calls.join("\n"));
        assert.ok(calls.includes("docker push docker.io/acme/app:build-17 <stdin:>"), calls.join("\n"));
    });

    it("uses the login variable names the consumer maps", () => {
        const spec = imageBuildspec({ urlVariable: "REG", usernameVariable: "USER", passwordVariable: "TOKEN" }, "app", { repository: "docker.io/acme/app", pushToEcr: false });
        assert.match(spec, /echo "\$TOKEN" \| docker login --username "\$USER" --password-stdin "\$REG"/);
    });
});
