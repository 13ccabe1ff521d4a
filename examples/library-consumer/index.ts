// A team's own Pulumi program using the installed `secretset` package: values and ARNs
// from other resources (Outputs), an existing KMS key, an existing secret adopted,
// and read grants plus references for a Lambda function and an ECS task.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { SecretSet } from "secretset";
import { secretSetPolicies } from "secretset/policies";

// Resources of this program whose outputs feed the set.
const account = aws.getCallerIdentityOutput().accountId;
const teamKey = new aws.kms.Key("team-key", {
    description: "billing team secrets",
    enableKeyRotation: true,
    // An explicit key policy (the policy pack requires one): the account administers the key through IAM.
    policy: pulumi.jsonStringify({
        Version: "2012-10-17",
        Statement: [{ Sid: "AccountRoot", Effect: "Allow", Principal: { AWS: pulumi.interpolate`arn:aws:iam::${account}:root` }, Action: "kms:*", Resource: "*" }],
    }),
});
const apiKey = new random.RandomPassword("partner-api-key", { length: 48, special: false });
const rotatorRole = new aws.iam.Role("rotator", { assumeRolePolicy: aws.iam.assumeRolePolicyForPrincipal({ Service: "lambda.amazonaws.com" }) });
const rotator = new aws.lambda.Function("db-rotator", {
    role: rotatorRole.arn,
    runtime: "nodejs20.x",
    handler: "index.handler",
    code: new pulumi.asset.AssetArchive({ "index.js": new pulumi.asset.StringAsset("exports.handler = async () => {};") }),
});

const secretSet = new SecretSet("billing", {
    app: "billing",
    environment: pulumi.getStack(),
    owner: "billing-team",
    kmsKeys: {
        internal: "alias/platform-secrets", // an existing customer-managed key, by alias
        confidential: teamKey.arn, // a key of this program, as an Output
    },
    secrets: {
        "api-endpoint": { classification: "public", value: "https://partner.example.com/v2" },
        "partner-api-key": { classification: "confidential", rotation: { days: 60, lambdaArn: rotator.arn } },
        "db-password": {
            classification: "confidential",
            adopt: { secretsManagerArn: "arn:aws:secretsmanager:us-east-1:123456789012:secret:dev/billing/db-password-a1B2c3" },
            rotation: { days: 30, lambdaArn: rotator.arn },
        },
        "service-user": { classification: "internal" },
    },
    values: {
        "partner-api-key": { value: apiKey.result },
        "service-user": { value: pulumi.output("billing-svc") },
    },
});

// A Lambda function that reads two secrets at run time: references in its environment, grant on its role.
const apiRole = new aws.iam.Role("api", { assumeRolePolicy: aws.iam.assumeRolePolicyForPrincipal({ Service: "lambda.amazonaws.com" }) });
const api = new aws.lambda.Function("api", {
    role: apiRole.arn,
    runtime: "nodejs20.x",
    handler: "index.handler",
    code: new pulumi.asset.AssetArchive({ "index.js": new pulumi.asset.StringAsset("exports.handler = async () => ({ statusCode: 200 });") }),
    environment: { variables: secretSet.lambdaEnvironment({ PARTNER_API_KEY_ARN: "partner-api-key", SERVICE_USER_PARAMETER: "service-user" }) },
});
secretSet.grantRead(api, { secrets: ["partner-api-key", "service-user"] });

// An ECS task whose container gets the database password from `secrets`: ECS reads it with the execution role.
const executionRole = new aws.iam.Role("worker-execution", { assumeRolePolicy: aws.iam.assumeRolePolicyForPrincipal({ Service: "ecs-tasks.amazonaws.com" }) });
const worker = new aws.ecs.TaskDefinition("worker", {
    family: "billing-worker",
    executionRoleArn: executionRole.arn,
    containerDefinitions: pulumi.jsonStringify([
        { name: "worker", image: "public.ecr.aws/docker/library/busybox:latest", essential: true, secrets: secretSet.ecsSecrets({ DB_PASSWORD: "db-password" }) },
    ]),
});
secretSet.grantRead({ taskDefinition: worker, role: "execution" }, { secrets: ["db-password"] });

export const secrets = secretSet.secrets;
/** The rules are importable without starting a policy pack. */
export const policyCount = secretSetPolicies({ all: "advisory" }).policies.length;
