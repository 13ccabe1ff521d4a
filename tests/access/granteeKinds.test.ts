// grantRead for every kind of consumer (role, name, ARN, Output, Lambda function, ECS
// task roles) with unique stable names, and the reference helpers for Lambda, ECS and
// CodeBuild, which carry names and ARNs, never values.
import * as assert from "assert";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { SecretSet } from "../../components/secretSet";
import { selectionQualifier } from "../../components/grants";
import { failureOf, thrownBy } from "../helpers/failures";
import { promiseOf, useMocks } from "../helpers/mocks";
import { DOCKER_PASSWORD, DOCKER_USER, dockerExample } from "../components/exampleArgs";

const RolePolicy = "aws:iam/rolePolicy:RolePolicy";

function lambdaFunction(name: string, roleArn: pulumi.Input<string>): aws.lambda.Function {
    return new aws.lambda.Function(name, { role: roleArn, runtime: "nodejs20.x", handler: "index.handler", code: new pulumi.asset.AssetArchive({}) });
}

function taskDefinition(name: string, roles: { task?: string; execution?: string }): aws.ecs.TaskDefinition {
    return new aws.ecs.TaskDefinition(name, {
        family: name,
        containerDefinitions: "[]",
        ...(roles.task !== undefined ? { taskRoleArn: roles.task } : {}),
        ...(roles.execution !== undefined ? { executionRoleArn: roles.execution } : {}),
    });
}

describe("access: grants to any consumer", () => {
    const mocks = useMocks();

    it("grants to a Lambda function's execution role", async () => {
        const set = new SecretSet("ci", dockerExample());
        const fn = lambdaFunction("builder", "arn:aws:iam::123456789012:role/service-role/builder-exec");
        set.grantRead(fn, { secrets: ["docker-password"] });
        await mocks.settled();
        const grant = mocks.find(RolePolicy, `ci-read-lambda-builder-${selectionQualifier(["docker-password"])}`);
        assert.strictEqual(grant.inputs.role, "builder-exec");
        assert.match(grant.inputs.policy, /secret:dev\/ci-pipeline\/docker-password-AbCdEf/);
    });

    it("grants to an ECS task definition's task role and its execution role, apart", async () => {
        const set = new SecretSet("ci", dockerExample());
        const task = taskDefinition("web", { task: "arn:aws:iam::123456789012:role/web-task", execution: "arn:aws:iam::123456789012:role/web-exec" });
        set.grantRead({ taskDefinition: task, role: "task" });
        set.grantRead({ taskDefinition: task, role: "execution" });
        await mocks.settled();
        assert.strictEqual(mocks.find(RolePolicy, "ci-read-ecs-web-task").inputs.role, "web-task");
        assert.strictEqual(mocks.find(RolePolicy, "ci-read-ecs-web-execution").inputs.role, "web-exec");
    });

    it("fails the deployment when the task definition has no such role", async () => {
        const set = new SecretSet("ci", dockerExample());
        const task = taskDefinition("worker", { task: "arn:aws:iam::123456789012:role/worker-task" });
        const grant = set.grantRead({ taskDefinition: task, role: "execution" });
        assert.match(await failureOf(grant.id), /ECS task definition `worker` has no `executionRoleArn`; set it, or grant to the other role\./);
    });

    it("takes a role name, a role ARN, and an Output ARN with a stable name", async () => {
        const set = new SecretSet("ci", dockerExample());
        set.grantRead("deployer");
        set.grantRead("arn:aws:iam::123456789012:role/teams/auditor");
        set.grantRead(pulumi.output("arn:aws:iam::123456789012:role/from-other-stack"), { name: "other-stack-app" });
        await mocks.settled();
        assert.strictEqual(mocks.find(RolePolicy, "ci-read-deployer").inputs.role, "deployer");
        assert.strictEqual(mocks.find(RolePolicy, "ci-read-auditor").inputs.role, "auditor");
        const fromOutput = mocks.find(RolePolicy, "ci-read-other-stack-app");
        assert.strictEqual(fromOutput.inputs.role, "from-other-stack");
        assert.strictEqual(fromOutput.inputs.name, "secretset-read-ci-other-stack-app");
    });

    it("asks for a name when the role is an Output, and checks an Output ARN when it resolves", async () => {
        const set = new SecretSet("ci", dockerExample());
        assert.match(thrownBy(() => set.grantRead(pulumi.output("app-role"))), /a grant to a role given as an Output needs `name`/);
        assert.match(thrownBy(() => set.grantRead("not a role!")), /A grant needs an IAM role name/);
        assert.match(thrownBy(() => set.grantRead(pulumi.output("app-role"), { name: "team/app" })), /grant `name` must be 1 to 64 of/);
        const bad = set.grantRead(pulumi.output("arn:aws:iam::123456789012:user/alice"), { name: "alice" });
        assert.match(await failureOf(bad.id), /A grant needs an IAM role name .* or a role ARN/);
    });

    it("fails the deployment for a role ARN of another account, pointing at crossAccountReaders", async () => {
        const set = new SecretSet("ci", dockerExample());
        const grant = set.grantRead("arn:aws:iam::210987654321:role/partner-reader");
        assert.match(await failureOf(grant.id), /The role `arn:aws:iam::210987654321:role\/partner-reader` is in account 210987654321, not in this stack's account 123456789012; .*crossAccountReaders: \[\{ accountId: "210987654321" \}\]/);
    });

    it("keeps grants of different secrets to one role apart, and returns the same grant when asked twice", async () => {
        const set = new SecretSet("ci", dockerExample());
        const role = new aws.iam.Role("app", { assumeRolePolicy: "{}" });
        const a = set.grantRead(role, { secrets: ["docker-password"] });
        const b = set.grantRead(role, { secrets: ["docker-username", "registry-url"] });
        const again = set.grantRead(role, { secrets: ["docker-password"] });
        const all = set.grantRead(role);
        assert.strictEqual(again, a);
        await mocks.settled();
        const grants = mocks.byType(RolePolicy).filter((r) => r.name.startsWith("ci-read-app"));
        assert.strictEqual(grants.length, 3);
        assert.strictEqual(new Set(grants.map((g) => g.name)).size, 3);
        assert.strictEqual(new Set(grants.map((g) => g.inputs.name)).size, 3, "inline policy names on one role must differ or AWS overwrites one with the other");
        assert.ok(a !== b && b !== all);
        // The order of the chosen secrets does not change the name.
        assert.strictEqual(set.grantRead(role, { secrets: ["registry-url", "docker-username"] }), b);
    });

    it("puts references, never values, into Lambda, ECS and CodeBuild settings", async () => {
        const args = dockerExample();
        const set = new SecretSet("ci", {
            ...args,
            secrets: { ...args.secrets, "api-credentials": { classification: "confidential", generate: { length: 40, jsonKey: "password" } } },
        });
        const lambda = set.lambdaEnvironment({ DOCKER_PASSWORD_ARN: "docker-password", DOCKER_USERNAME_PARAMETER: "docker-username" });
        assert.match(await promiseOf(lambda.DOCKER_PASSWORD_ARN), /^arn:aws:secretsmanager:us-east-1:123456789012:secret:dev\/ci-pipeline\/docker-password-AbCdEf$/);
        assert.strictEqual(await promiseOf(lambda.DOCKER_USERNAME_PARAMETER), "/dev/ci-pipeline/docker-username");
        const ecs = set.ecsSecrets({ DOCKER_USERNAME: "docker-username", API_PASSWORD: "api-credentials" });
        assert.deepStrictEqual(ecs.map((s) => s.name), ["API_PASSWORD", "DOCKER_USERNAME"]);
        assert.match(await promiseOf(pulumi.output(ecs[0].valueFrom)), /:secret:dev\/ci-pipeline\/api-credentials-AbCdEf:password::$/);
        assert.match(await promiseOf(pulumi.output(ecs[1].valueFrom)), /^arn:aws:ssm:us-east-1:123456789012:parameter\/dev\/ci-pipeline\/docker-username$/);
        const codebuild = set.codeBuildEnvironment({ DOCKER_PASSWORD: "docker-password", REGISTRY_URL: "registry-url" });
        assert.deepStrictEqual(await promiseOf(pulumi.output(codebuild)), [
            { name: "DOCKER_PASSWORD", type: "SECRETS_MANAGER", value: "arn:aws:secretsmanager:us-east-1:123456789012:secret:dev/ci-pipeline/docker-password-AbCdEf" },
            { name: "REGISTRY_URL", type: "PARAMETER_STORE", value: "/dev/ci-pipeline/registry-url" },
        ]);
        const everything = JSON.stringify(await promiseOf(pulumi.output({ lambda, ecs, codebuild })));
        assert.ok(!everything.includes(DOCKER_PASSWORD) && !everything.includes(DOCKER_USER));
    });

    it("refuses Vault-only and undeclared secrets and bad variable names in references", () => {
        const set = new SecretSet("ci", dockerExample());
        assert.match(thrownBy(() => set.lambdaEnvironment({ TOKEN: "partner-token" })), /lambdaEnvironment: secret `partner-token` of SecretSet `ci` is stored only in Vault/);
        assert.match(thrownBy(() => set.ecsSecrets({ X: "nope" })), /ecsSecrets: secret `nope` is not declared in SecretSet `ci`/);
        assert.match(thrownBy(() => set.codeBuildEnvironment({ "BAD-NAME": "registry-url" })), /`BAD-NAME` is not a valid environment variable name/);
    });
});
