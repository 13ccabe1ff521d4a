import * as assert from "assert";
import { assertNoWildcardResources, buildReadPolicyDocument, parseExactArn, replicaSecretArn, type PolicyDocument } from "../../components/grants";

const PARAM_PUBLIC = "arn:aws:ssm:us-east-1:123456789012:parameter/dev/ci-pipeline/registry-url";
const PARAM_SECURE = "arn:aws:ssm:us-east-1:123456789012:parameter/dev/ci-pipeline/docker-username";
const SECRET = "arn:aws:secretsmanager:us-east-1:123456789012:secret:dev/ci-pipeline/docker-password-AbCdEf";
const SHARED_KEY = "arn:aws:kms:us-east-1:123456789012:key/1111";
const REPLICA_KEY = "arn:aws:kms:eu-west-1:123456789012:key/2222";

function statement(document: PolicyDocument, sid: string) {
    const found = document.Statement.find((s) => s.Sid === sid);
    assert.ok(found, `statement ${sid} in ${JSON.stringify(document)}`);
    return found;
}

describe("access: read grants", () => {
    const document = buildReadPolicyDocument([
        { key: "registry-url", ssmParameterArn: PARAM_PUBLIC },
        { key: "docker-username", ssmParameterArn: PARAM_SECURE, ssmKmsKeyArn: SHARED_KEY },
        { key: "docker-password", secretArn: SECRET, secretKmsKeyArn: SHARED_KEY, replicas: [{ region: "eu-west-1", kmsKeyArn: REPLICA_KEY }] },
    ]);

    it("grants ssm:GetParameter(s) on exactly the parameters", () => {
        const s = statement(document, "ReadParameters");
        assert.deepStrictEqual(s.Action, ["ssm:GetParameter", "ssm:GetParameters"]);
        assert.deepStrictEqual(s.Resource, [PARAM_SECURE, PARAM_PUBLIC].sort());
    });

    it("grants kms:Decrypt for SSM only via SSM and only for the SecureString parameter", () => {
        const s = statement(document, "DecryptParametersViauseast1");
        assert.deepStrictEqual(s.Action, ["kms:Decrypt"]);
        assert.deepStrictEqual(s.Resource, [SHARED_KEY]);
        assert.strictEqual(s.Condition?.StringEquals["kms:ViaService"], "ssm.us-east-1.amazonaws.com");
        assert.deepStrictEqual(s.Condition?.StringEquals["kms:EncryptionContext:PARAMETER_ARN"], [PARAM_SECURE]);
    });

    it("grants GetSecretValue/DescribeSecret on the secret and its replica ARN", () => {
        const s = statement(document, "ReadSecrets");
        assert.deepStrictEqual(s.Action, ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"]);
        assert.deepStrictEqual(s.Resource, [SECRET.replace("us-east-1", "eu-west-1"), SECRET].sort());
    });

    it("grants kms:Decrypt per region via Secrets Manager, with the replica's own key", () => {
        const primary = statement(document, "DecryptSecretsViauseast1");
        assert.deepStrictEqual(primary.Resource, [SHARED_KEY]);
        assert.strictEqual(primary.Condition?.StringEquals["kms:ViaService"], "secretsmanager.us-east-1.amazonaws.com");
        assert.deepStrictEqual(primary.Condition?.StringEquals["kms:EncryptionContext:SecretARN"], [SECRET]);
        const replica = statement(document, "DecryptSecretsViaeuwest1");
        assert.deepStrictEqual(replica.Resource, [REPLICA_KEY]);
        assert.strictEqual(replica.Condition?.StringEquals["kms:ViaService"], "secretsmanager.eu-west-1.amazonaws.com");
    });

    it("never has a wildcard or empty resource", () => {
        for (const s of document.Statement) {
            assert.ok(s.Resource.length > 0);
            for (const r of s.Resource) assert.ok(!r.includes("*"), `${s.Sid}: ${r}`);
        }
    });

    it("omits KMS statements for a plain String parameter", () => {
        const only = buildReadPolicyDocument([{ key: "registry-url", ssmParameterArn: PARAM_PUBLIC }]);
        assert.deepStrictEqual(only.Statement.map((s) => s.Sid), ["ReadParameters"]);
    });

    const refused: [string, () => unknown, RegExp][] = [
        ["a wildcard parameter ARN", () => buildReadPolicyDocument([{ key: "x", ssmParameterArn: "arn:aws:ssm:us-east-1:123456789012:parameter/dev/*" }]), /secret `x`.*never a wildcard/],
        ["a wildcard key ARN", () => buildReadPolicyDocument([{ key: "x", secretArn: SECRET, secretKmsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/*" }]), /never a wildcard/],
        ["a bare `*`", () => buildReadPolicyDocument([{ key: "x", secretArn: "*" }]), /never a wildcard/],
        ["an ARN of the wrong service", () => buildReadPolicyDocument([{ key: "x", secretArn: PARAM_PUBLIC }]), /expected an exact secretsmanager ARN/],
        ["no AWS secret at all", () => buildReadPolicyDocument([{ key: "x" }]), /empty read policy/],
    ];
    for (const [what, run, message] of refused) {
        it(`refuses ${what}`, () => assert.throws(run, message));
    }

    it("assertNoWildcardResources allows only the given suffix, at the end", () => {
        const doc = (resource: string): PolicyDocument => ({ Version: "2012-10-17", Statement: [{ Sid: "S", Effect: "Allow", Action: ["logs:PutLogEvents"], Resource: [resource] }] });
        const group = "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/x";
        assert.doesNotThrow(() => assertNoWildcardResources(doc(`${group}:log-stream:*`), [":log-stream:*"]));
        assert.throws(() => assertNoWildcardResources(doc(`${group}:log-stream:*`)), /wildcard resource/);
        assert.throws(() => assertNoWildcardResources(doc("arn:aws:logs:us-east-1:123456789012:log-group:*:log-stream:*"), [":log-stream:*"]), /wildcard resource/);
        assert.throws(() => assertNoWildcardResources(doc("*"), [":log-stream:*"]), /wildcard resource/);
    });

    it("derives replica ARNs and parses exact ARNs", () => {
        assert.strictEqual(replicaSecretArn(SECRET, "eu-west-1"), SECRET.replace("us-east-1", "eu-west-1"));
        assert.strictEqual(parseExactArn(SECRET, "secretsmanager", "t").region, "us-east-1");
    });
});
