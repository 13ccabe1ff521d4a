// Arguments that come from other resources or secret config are pulumi.Inputs:
// Outputs flow into the stores, and every check that needs the value fails the
// deployment with the SAME message validation gives for a known value.
import * as assert from "assert";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { SecretSet } from "../../components/secretSet";
import type { SecretSetArgs } from "../../components/secretSetArgs";
import { failureOf, thrownBy } from "../helpers/failures";
import { promiseOf, useMocks } from "../helpers/mocks";

const SENTINEL = "sentinel-Output-value-7f3c1b";
const LAMBDA_ARN = "arn:aws:lambda:us-east-1:123456789012:function:team-rotator";
const REPLICA_KEY = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

/** A value known now, or the same value arriving as an Output (as from another resource or `config.requireSecret`). */
type Shape = "known" | "output";
function input(value: string, shape: Shape): pulumi.Input<string> {
    return shape === "known" ? value : pulumi.output(value);
}

function args(shape: Shape, overrides: { value?: string; lambdaArn?: string; replicaKey?: string; kmsKey?: string } = {}): SecretSetArgs {
    return {
        app: "inputs",
        environment: "dev",
        secrets: {
            "api-user": { classification: "internal" },
            "api-token": {
                classification: "confidential",
                rotation: { days: 30, lambdaArn: input(overrides.lambdaArn ?? LAMBDA_ARN, shape) },
                replicas: [{ region: "eu-west-1", kmsKeyArn: input(overrides.replicaKey ?? REPLICA_KEY, shape) }],
            },
        },
        values: {
            "api-user": { value: input(overrides.value ?? "svc-user", shape) },
            "api-token": { value: pulumi.secret(SENTINEL) },
        },
        ...(overrides.kmsKey !== undefined ? { kmsKeys: { internal: input(overrides.kmsKey, shape) } } : {}),
    };
}

describe("SecretSet: pulumi.Input arguments", () => {
    // The replica key lives in the replica's region.
    const mocks = useMocks({ outputs: (a) => (a.type === "aws:kms/key:Key" && a.name === "replica-key" ? { arn: REPLICA_KEY } : undefined) });

    it("takes values, the rotation Lambda ARN and replica keys from other resources", async () => {
        const rotator = new aws.lambda.Function("team-rotator", { role: "arn:aws:iam::123456789012:role/rotator", runtime: "nodejs20.x", handler: "index.handler", code: new pulumi.asset.AssetArchive({}) });
        const replicaKey = new aws.kms.Key("replica-key", { enableKeyRotation: true });
        const set = new SecretSet("inputs", {
            ...args("known"),
            secrets: {
                "api-user": { classification: "internal" },
                "api-token": { classification: "confidential", rotation: { days: 30, lambdaArn: rotator.arn }, replicas: [{ region: "eu-west-1", kmsKeyArn: replicaKey.arn }] },
            },
            values: { "api-user": { value: pulumi.output("svc-user") }, "api-token": { value: pulumi.secret(SENTINEL) } },
        });
        // The rotation registers once the secret's version exists.
        await promiseOf(set.rotation!.rotations["api-token"].id);
        await mocks.settled();
        const rotation = mocks.find("aws:secretsmanager/secretRotation:SecretRotation", "inputs-rotation-api-token");
        assert.strictEqual(rotation.inputs.rotationLambdaArn, await promiseOf(rotator.arn));
        const secret = mocks.find("aws:secretsmanager/secret:Secret", "inputs-secret-api-token");
        assert.strictEqual(secret.inputs.replicas[0].kmsKeyId, await promiseOf(replicaKey.arn));
        const version = mocks.find("aws:secretsmanager/secretVersion:SecretVersion", "inputs-secret-version-api-token");
        assert.strictEqual(version.inputs.secretString, SENTINEL);
        assert.ok(version.secretPaths.includes("secretString"));
        // The SSM tier of an Output value is chosen from the value at deployment, and is not secret.
        const parameter = mocks.find("aws:ssm/parameter:Parameter", "inputs-ssm-api-user");
        assert.strictEqual(parameter.inputs.tier, "Standard");
        assert.ok(parameter.secretPaths.includes("value") && !parameter.secretPaths.includes("tier"));
        assert.deepStrictEqual(mocks.plainOccurrences(SENTINEL), []);
        assert.ok(set.rotation?.rotator === undefined, "a named Lambda needs no generic rotator");
    });

    // Each case: the argument's bad value, the field the message names, and the resource whose deployment must fail.
    const cases: { title: string; overrides: Parameters<typeof args>[1]; message: RegExp; failing: (set: SecretSet) => pulumi.Output<unknown> }[] = [
        { title: "a value over the SSM limit", overrides: { value: "x".repeat(9000) }, message: /Secret `api-user`: `value` is 9000 bytes, over the SSM Parameter Store limit/, failing: (s) => s.storedSecrets["api-user"].ssmParameter!.arn },
        { title: "an empty value", overrides: { value: "" }, message: /Secret `api-user`: the config key `secretset:api-user` must hold a non-empty string/, failing: (s) => s.storedSecrets["api-user"].ssmParameter!.arn },
        { title: "a malformed rotation Lambda ARN", overrides: { lambdaArn: "arn:aws:lambda:us-east-1:123456789012:layer:x" }, message: /Secret `api-token`: `rotation.lambdaArn` must be the exact ARN of a Lambda function/, failing: (s) => s.rotation!.rotations["api-token"].id },
        { title: "a replica key in another region", overrides: { replicaKey: "arn:aws:kms:us-west-2:123456789012:key/abcd" }, message: /Secret `api-token`: `replicas\[0\].kmsKeyArn` is a key in another region/, failing: (s) => s.storedSecrets["api-token"].secret!.arn },
        { title: "an AWS-managed key as an existing key", overrides: { kmsKey: "alias/aws/ssm" }, message: /Setting `kmsKeys.internal` names an AWS-managed key \(`alias\/aws\/\*`\)/, failing: (s) => s.storedSecrets["api-user"].ssmParameter!.arn },
    ];
    for (const c of cases) {
        it(`fails ${c.title} with the same message whether known at once or an Output`, async () => {
            const known = thrownBy(() => new SecretSet("inputs", args("known", c.overrides)));
            assert.match(known, c.message);
            assert.match(known, /^SecretSet `inputs` has 1 problem:/);
            mocks.reset();
            const set = new SecretSet("inputs", args("output", c.overrides));
            const deferred = await failureOf(c.failing(set));
            assert.ok(deferred.endsWith(known), `deployment error:\n${deferred}\nvalidation error:\n${known}`);
        });
    }

    it("refuses a plaintext config value for internal and above, but not a value from code", () => {
        const plaintext = { ...args("known"), values: { "api-user": { value: "svc-user", fromSecretConfig: false }, "api-token": { value: "t" } } };
        assert.match(thrownBy(() => new SecretSet("inputs", plaintext)), /`secretset:api-user` holds a plaintext value/);
        mocks.reset();
        assert.doesNotThrow(() => new SecretSet("inputs", { ...args("known"), values: { "api-user": { value: "svc-user" }, "api-token": { value: "t" } } }));
    });
});
