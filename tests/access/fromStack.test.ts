// SecretSet.fromStack: another stack's set seen through its exported `secrets`
// summary. Names, ARNs and Vault paths resolve; grants and references work for
// roles of this stack; a missing secret fails the deployment naming it; no value
// is ever part of what crosses.
import * as assert from "assert";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { SecretSet } from "../../components/secretSet";
import type { SecretSummary } from "../../components/storedSecret";
import { failureOf } from "../helpers/failures";
import { promiseOf, useMocks } from "../helpers/mocks";
import { DOCKER_PASSWORD, DOCKER_USER, dockerExample } from "../components/exampleArgs";

const REPLICA_KEY = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

describe("access: SecretSet.fromStack", () => {
    // What the producing stack exports, captured from a real set below.
    let exported: Record<string, SecretSummary> = {};
    const mocks = useMocks({
        outputs: (a) => (a.type === "pulumi:pulumi:StackReference" ? { outputs: { secrets: exported }, secretOutputNames: [] } : undefined),
    });

    before(async () => {
        // The producing stack: the Docker example with a replicated secret.
        const args = dockerExample();
        const producer = new SecretSet("ci", { ...args, secrets: { ...args.secrets, "docker-password": { ...args.secrets["docker-password"], replicas: [{ region: "eu-west-1", kmsKeyArn: REPLICA_KEY }] } } });
        exported = await promiseOf(producer.secrets);
    });

    it("exposes names, ARNs and Vault paths of the other stack's secrets", async () => {
        const other = SecretSet.fromStack(new pulumi.StackReference("platform/secretset/dev"));
        assert.strictEqual(await promiseOf(other.secretArn("docker-password")), exported["docker-password"].secretArn);
        assert.strictEqual(await promiseOf(other.ssmParameterName("docker-username")), "/dev/ci-pipeline/docker-username");
        assert.strictEqual(await promiseOf(other.vaultPath("partner-token")), "dev/ci-pipeline/partner-token");
        assert.strictEqual(await promiseOf(other.vaultMount("partner-token")), "secret");
        const text = JSON.stringify(await promiseOf(other.secrets));
        assert.ok(!text.includes(DOCKER_PASSWORD) && !text.includes(DOCKER_USER));
    });

    it("grants a role of this stack exact reads, replicas and keys included", async () => {
        const other = SecretSet.fromStack(new pulumi.StackReference("platform/secretset/dev"), { name: "ci-dev" });
        const role = new aws.iam.Role("consumer", { assumeRolePolicy: "{}" });
        const grant = other.grantRead(role, { secrets: ["docker-password", "docker-username"] });
        const document = JSON.parse(await promiseOf(grant.policy));
        const resources: string[] = document.Statement.flatMap((s: any) => s.Resource);
        assert.ok(resources.includes(exported["docker-password"].secretArn as string));
        assert.ok(resources.includes((exported["docker-password"].secretArn as string).replace("us-east-1", "eu-west-1")), "replica ARN");
        assert.ok(resources.includes(REPLICA_KEY));
        assert.ok(resources.includes(exported["docker-username"].ssmParameterArn as string));
        assert.ok(resources.every((r) => !r.includes("*")));
        await mocks.settled();
        assert.ok(mocks.byType("aws:iam/rolePolicy:RolePolicy").some((r) => r.name.startsWith("ci-dev-read-consumer-")));
    });

    it("gives references for Lambda and ECS, and fails the deployment for a secret the stack does not export", async () => {
        const other = SecretSet.fromStack(new pulumi.StackReference("platform/secretset/dev"), { name: "ci-dev" });
        const env = other.lambdaEnvironment({ PASSWORD_ARN: "docker-password", USER_PARAMETER: "docker-username" });
        assert.strictEqual(await promiseOf(env.PASSWORD_ARN), exported["docker-password"].secretArn);
        assert.strictEqual(await promiseOf(env.USER_PARAMETER), "/dev/ci-pipeline/docker-username");
        const [entry] = other.ecsSecrets({ USER: "docker-username" });
        assert.strictEqual(await promiseOf(pulumi.output(entry.valueFrom)), exported["docker-username"].ssmParameterArn);
        assert.match(await failureOf(other.secretArn("nope")), /stack `ci-dev` exports no secret `nope`; it has `docker-password`/);
        assert.match(await failureOf(other.lambdaEnvironment({ T: "partner-token" }).T), /secret `partner-token` of stack `ci-dev` is not stored on AWS/);
    });

    it("names grants after the StackReference by default, in characters IAM accepts", async () => {
        const other = SecretSet.fromStack(new pulumi.StackReference("platform/secretset/prod"));
        const grant = other.grantRead("deployer");
        assert.strictEqual(await promiseOf(grant.name), "secretset-read-platform-secretset-prod");
        await mocks.settled();
        assert.ok(mocks.byType("aws:iam/rolePolicy:RolePolicy").some((r) => r.name === "platform-secretset-prod-read-deployer"));
    });
});
