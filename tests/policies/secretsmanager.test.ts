import {
    secretsManagerBlockPublicPolicy,
    secretsManagerCustomerKey,
    secretsManagerPolicyNoPublicPrincipal,
    secretsManagerRecoveryWindow,
    secretsManagerRotationMaxDays,
} from "../../policies/secretsmanager";
import { TAG_KEYS } from "../../policies/lib/classification";
import { confidentialSecret, document, KEY_ARN, restrictedSecret, rotation, secretPolicy, tags } from "./baselines";
import { describeRule } from "./cases";
import { mutate } from "./util";

type Tags = Record<string, string>;
const publicDocument = document([{ Effect: "Allow", Principal: "*", Action: "secretsmanager:GetSecretValue", Resource: "*" }]);

describe("policies: secrets manager", () => {
    describeRule(
        secretsManagerCustomerKey,
        [
            { change: "a confidential secret has no kmsKeyId", input: mutate(confidentialSecret, (r) => delete r.props.kmsKeyId), says: "`kmsKeyId`" },
            { change: "a secret uses alias/aws/secretsmanager", input: mutate(confidentialSecret, (r) => (r.props.kmsKeyId = "alias/aws/secretsmanager")), says: "AWS-managed" },
            { change: "a replica has no kmsKeyId", input: mutate(confidentialSecret, (r) => (r.props.replicas = [{ region: "eu-west-1", kmsKeyId: KEY_ARN }, { region: "us-west-2" }])), says: "`replicas[1].kmsKeyId` (us-west-2)" },
            { change: "an untagged secret has no kmsKeyId", input: mutate(confidentialSecret, (r) => { delete r.props.kmsKeyId; delete r.props.tags; }), says: "customer-managed" },
        ],
        [
            { change: "a public secret uses the AWS-managed key", input: mutate(confidentialSecret, (r) => { delete r.props.kmsKeyId; r.props.tags = tags("public"); }) },
            { change: "every replica has a customer-managed key", input: mutate(confidentialSecret, (r) => (r.props.replicas = [{ region: "eu-west-1", kmsKeyId: KEY_ARN }])) },
        ],
    );

    describeRule(
        secretsManagerRotationMaxDays,
        [
            { change: "rotation runs every 120 days", input: mutate(rotation, (r) => (r.props.rotationRules = { automaticallyAfterDays: 120 })), says: "at least every 90 days" },
            { change: "the pack config tightens the limit to 14 days", input: rotation, config: { maxRotationDays: 14 }, says: "every 14 days" },
            { change: "a schedule expression rotates every 200 days", input: mutate(rotation, (r) => (r.props.rotationRules = { scheduleExpression: "rate(200 days)" })), says: "every 90 days" },
            { change: "a cron schedule rotates yearly", input: mutate(rotation, (r) => (r.props.rotationRules = { scheduleExpression: "cron(0 0 1 1 ? *)" })), says: "every 90 days" },
            { change: "rotation is disabled", input: mutate(rotation, (r) => (r.props.rotationEnabled = false)), says: "`rotationEnabled: false`" },
            { change: "rotation rules are missing", input: mutate(rotation, (r) => delete r.props.rotationRules), says: "`rotationRules.automaticallyAfterDays`" },
        ],
        [
            { change: "a monthly cron schedule", input: mutate(rotation, (r) => (r.props.rotationRules = { scheduleExpression: "cron(0 8 1 * ? *)" })) },
            { change: "a rate in hours", input: mutate(rotation, (r) => (r.props.rotationRules = { scheduleExpression: "rate(12 hours)" })) },
        ],
    );

    describeRule(
        secretsManagerRecoveryWindow,
        [
            { change: "a confidential secret force-deletes outside a disposable environment", input: mutate(confidentialSecret, (r) => (r.props.recoveryWindowInDays = 0)), says: "at least 7 days" },
            { change: "a restricted secret keeps only 7 days", input: mutate(restrictedSecret, (r) => (r.props.recoveryWindowInDays = 7)), says: "at least 30 days" },
            { change: "a restricted secret force-deletes in a disposable environment", input: mutate(restrictedSecret, (r) => (r.props.recoveryWindowInDays = 0)), config: { disposableEnvironment: true }, says: "(restricted)" },
            { change: "an untagged secret force-deletes", input: mutate(confidentialSecret, (r) => { r.props.recoveryWindowInDays = 0; delete r.props.tags; }), says: "(unclassified)" },
        ],
        [
            { change: "a confidential secret force-deletes in a disposable environment", input: mutate(confidentialSecret, (r) => (r.props.recoveryWindowInDays = 0)), config: { disposableEnvironment: true } },
            { change: "the window is unset (AWS keeps 30 days)", input: mutate(restrictedSecret, (r) => delete r.props.recoveryWindowInDays) },
            { change: "an internal secret force-deletes", input: mutate(confidentialSecret, (r) => { r.props.recoveryWindowInDays = 0; (r.props.tags as Tags)[TAG_KEYS.classification] = "internal"; }) },
        ],
    );

    describeRule(
        secretsManagerPolicyNoPublicPrincipal,
        [
            { change: "a SecretPolicy allows Principal *", input: mutate(secretPolicy, (r) => (r.props.policy = publicDocument)), says: "every principal" },
            { change: 'a SecretPolicy allows {"AWS": "*"}', input: mutate(secretPolicy, (r) => (r.props.policy = document([{ Effect: "Allow", Principal: { AWS: ["arn:aws:iam::123456789012:root", "*"] }, Action: "secretsmanager:*", Resource: "*" }]))), says: "every principal" },
            { change: "a secret's inline policy allows Principal *", input: mutate(confidentialSecret, (r) => (r.props.policy = publicDocument)), says: "every principal" },
            { change: "the policy is not JSON", input: mutate(secretPolicy, (r) => (r.props.policy = "{not json")), says: "valid JSON" },
        ],
        [{ change: "a Deny statement names Principal *", input: mutate(secretPolicy, (r) => (r.props.policy = document([{ Effect: "Deny", Principal: "*", Action: "secretsmanager:DeleteSecret", Resource: "*" }]))) }],
    );

    describeRule(secretsManagerBlockPublicPolicy, [
        { change: "blockPublicPolicy is false", input: mutate(secretPolicy, (r) => (r.props.blockPublicPolicy = false)), says: "`blockPublicPolicy: true`" },
        { change: "blockPublicPolicy is unset", input: mutate(secretPolicy, (r) => delete r.props.blockPublicPolicy), says: "`blockPublicPolicy: true`" },
    ]);
});
