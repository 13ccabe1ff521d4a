// secretsmanager-cross-account-key-access: a secret policy's reading accounts must be
// allowed to decrypt by the secret's key (when that key is in the stack). Baseline
// compliant; each case changes one thing.
import * as assert from "assert";
import { secretsManagerCrossAccountKeyAccess } from "../../policies/crossAccount";
import { mutate, runStack, type StackInput, UNKNOWN_INPUT } from "./util";

const PARTNER = "210987654321";
const KEY_ARN = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555";
const SECRET_ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:dev/app/token-AbCdEf";

const keyPolicy = (accounts: string[]) =>
    JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            { Sid: "Root", Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:root" }, Action: "kms:*", Resource: "*" },
            ...(accounts.length > 0 ? [{ Sid: "CrossAccount", Effect: "Allow", Principal: { AWS: accounts.map((a) => `arn:aws:iam::${a}:root`) }, Action: ["kms:Decrypt"], Resource: "*", Condition: { StringEquals: { "kms:ViaService": "secretsmanager.us-east-1.amazonaws.com" } } }] : []),
        ],
    });

const secretPolicy = (accounts: string[]) =>
    JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: accounts.map((a) => `arn:aws:iam::${a}:root`) }, Action: ["secretsmanager:GetSecretValue"], Resource: SECRET_ARN }] });

function stack(): StackInput[] {
    return [
        { type: "aws:kms/key:Key", name: "app-kms-key", props: { arn: KEY_ARN, policy: keyPolicy([PARTNER]) } },
        { type: "aws:secretsmanager/secret:Secret", name: "app-secret-token", props: { arn: SECRET_ARN, name: "dev/app/token", kmsKeyId: KEY_ARN }, propertyDependencies: { kmsKeyId: ["app-kms-key"] } },
        { type: "aws:secretsmanager/secretPolicy:SecretPolicy", name: "app-secret-policy-token", props: { secretArn: SECRET_ARN, blockPublicPolicy: true, policy: secretPolicy([PARTNER]) }, propertyDependencies: { secretArn: ["app-secret-token"] } },
    ];
}

describe("policy: secretsmanager-cross-account-key-access", () => {
    const run = (inputs: StackInput[]) => runStack(secretsManagerCrossAccountKeyAccess, inputs);

    it("is silent when the key policy lets every reading account decrypt", async () => {
        assert.deepStrictEqual((await run(stack())).violations, []);
    });

    it("reports an account the secret policy names but the key policy does not", async () => {
        const inputs = stack();
        inputs[2] = mutate(inputs[2], (r) => (r.props.policy = secretPolicy([PARTNER, "333333333333"])));
        const { violations } = await run(inputs);
        assert.strictEqual(violations.length, 1);
        assert.match(violations[0].message, /lets account 333333333333 read .*`app-secret-token`, but the policy of its KMS key `app-kms-key` must also let it use `kms:Decrypt`/);
    });

    it("links by ARN when there are no property dependencies", async () => {
        const inputs = stack().map((r) => ({ ...r, propertyDependencies: {} }));
        inputs[0] = mutate(inputs[0], (r) => (r.props.policy = keyPolicy([])));
        assert.strictEqual((await run(inputs)).violations.length, 1);
    });

    it("says nothing about keys outside the stack, unknown policies or same-account principals only", async () => {
        assert.deepStrictEqual((await run(stack().slice(1).map((r) => ({ ...r, propertyDependencies: {} })))).violations, []);
        const unknown = stack();
        unknown[0] = mutate(unknown[0], (r) => (r.props.policy = UNKNOWN_INPUT));
        assert.deepStrictEqual((await run(unknown)).violations, []);
        const sameAccount = stack();
        sameAccount[0] = mutate(sameAccount[0], (r) => (r.props.policy = keyPolicy([])));
        sameAccount[2] = mutate(sameAccount[2], (r) => (r.props.policy = secretPolicy([])));
        assert.deepStrictEqual((await run(sameAccount)).violations, []);
    });
});
