// stack-iam-grants-in-stack and Secrets Manager replicas: a replica is the same
// secret (same ARN) in another region, so a grant on it names a secret of the
// stack. Found by the real engine: the offline preview (known ARNs, like the
// analysis after `pulumi up`) flagged the grants a consumer gets on a replica.
import * as assert from "assert";
import { stackIamGrantsInStack } from "../../policies/stack";
import { confidentialSecret, document, rolePolicy } from "./baselines";
import { mutate, runStack, StackInput } from "./util";

// As Secrets Manager reports it after creation: the name plus a random six-character suffix.
const SECRET_ARN = `arn:aws:secretsmanager:us-east-1:123456789012:secret:${confidentialSecret.props.name}-x7Kq2P`;
const replicaArn = (region: string) => SECRET_ARN.replace(/^(arn:aws:secretsmanager:)[^:]+/, `$1${region}`);
const replicated: StackInput = {
    ...confidentialSecret,
    props: { ...confidentialSecret.props, arn: SECRET_ARN, replicas: [{ region: "eu-central-1", kmsKeyId: "arn:aws:kms:eu-central-1:123456789012:key/replica-key" }] },
};
const grantOn = (resources: string[]) =>
    mutate(rolePolicy, (r) => (r.props.policy = document([{ Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: resources }])));

describe("policies: stack-iam-grants-in-stack with replicas", () => {
    it("accepts a grant on the primary and on a replica region of a stack secret", async () => {
        const outcome = await runStack(stackIamGrantsInStack, [replicated, grantOn([SECRET_ARN, replicaArn("eu-central-1")])]);
        assert.deepStrictEqual(outcome.violations, []);
    });

    it("still fires for the same secret's ARN in a region it is not replicated to", async () => {
        const outcome = await runStack(stackIamGrantsInStack, [replicated, grantOn([SECRET_ARN, replicaArn("ap-south-1")])]);
        assert.strictEqual(outcome.violations.length, 1);
    });
});
