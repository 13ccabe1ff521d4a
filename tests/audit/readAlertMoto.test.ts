// The unexpected-read patterns SecretSet generates, put as EventBridge rules in moto
// with an SQS target, and fed CloudTrail-shaped "AWS API Call via CloudTrail" events:
// reads by the consumer's role stay quiet, reads by anyone else arrive. (moto's
// matcher does not flatten arrays of objects, so the KMS rule's `resources.ARN` is
// checked by the component tests only.)
import * as assert from "assert";
import { unexpectedReadPatterns } from "../../components/audit/readPatterns";
import { MOTO_REGION, type MotoServer, startMoto } from "../fixtures/servers";

const ACCOUNT = "123456789012";
const CONSUMER = `arn:aws:iam::${ACCOUNT}:role/qa-shop-consumer`;
const OTHER = `arn:aws:iam::${ACCOUNT}:role/someone-else`;

/** One call of an AWS JSON-protocol API on moto (moto routes by the credential scope and ignores the signature). */
async function call(endpoint: string, service: string, target: string, body: unknown, version = "1.1"): Promise<Record<string, unknown>> {
    const response = await fetch(endpoint, {
        method: "POST",
        headers: {
            "Content-Type": `application/x-amz-json-${version}`,
            "X-Amz-Target": target,
            Authorization: `AWS4-HMAC-SHA256 Credential=testing/20260101/${MOTO_REGION}/${service}/aws4_request, SignedHeaders=host, Signature=0`,
        },
        body: JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${target}: ${response.status} ${text}`);
    return text === "" ? {} : (JSON.parse(text) as Record<string, unknown>);
}

function identity(role: string | undefined): Record<string, unknown> {
    if (role === undefined) return { type: "IAMUser", arn: `arn:aws:iam::${ACCOUNT}:user/alice`, userName: "alice" };
    return { type: "AssumedRole", arn: `arn:aws:sts::${ACCOUNT}:assumed-role/${role.split("/").pop()}/session`, sessionContext: { sessionIssuer: { type: "Role", arn: role } } };
}

function apiCall(source: string, eventName: string, role: string | undefined, requestParameters: Record<string, unknown>) {
    const detail = { eventSource: `${source.slice(4)}.amazonaws.com`, eventName, userIdentity: identity(role), requestParameters, readOnly: true, eventCategory: "Management" };
    return { Source: source, DetailType: "AWS API Call via CloudTrail", Detail: JSON.stringify(detail), EventBusName: "default" };
}

describe("unexpected-read rules in moto's EventBridge", function () {
    this.timeout(60_000);
    let moto: MotoServer;
    let queueUrl: string;

    before(async () => {
        moto = await startMoto();
        const queue = await call(moto.endpoint, "sqs", "AmazonSQS.CreateQueue", { QueueName: "alerts" }, "1.0");
        queueUrl = String(queue.QueueUrl);
        const patterns = unexpectedReadPatterns({
            secretIdPrefixes: ["qa/shop/", `arn:aws:secretsmanager:${MOTO_REGION}:${ACCOUNT}:secret:qa/shop/`],
            parameterNames: ["/qa/shop/db-user"],
            keyArns: [],
            expectedReaders: [CONSUMER],
        });
        for (const [kind, pattern] of Object.entries(patterns)) {
            await call(moto.endpoint, "events", "AWSEvents.PutRule", { Name: `read-${kind}`, EventPattern: JSON.stringify(pattern), State: "ENABLED" });
            await call(moto.endpoint, "events", "AWSEvents.PutTargets", { Rule: `read-${kind}`, Targets: [{ Id: "queue", Arn: `arn:aws:sqs:${MOTO_REGION}:${ACCOUNT}:alerts` }] });
        }
    });

    after(async () => moto?.stop());

    async function alerted(event: ReturnType<typeof apiCall>): Promise<boolean> {
        await call(moto.endpoint, "events", "AWSEvents.PutEvents", { Entries: [event] });
        const received = await call(moto.endpoint, "sqs", "AmazonSQS.ReceiveMessage", { QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }, "1.0");
        const messages = (received.Messages as { ReceiptHandle: string }[] | undefined) ?? [];
        for (const m of messages) await call(moto.endpoint, "sqs", "AmazonSQS.DeleteMessage", { QueueUrl: queueUrl, ReceiptHandle: m.ReceiptHandle }, "1.0");
        return messages.length > 0;
    }

    const cases: [string, ReturnType<typeof apiCall>, boolean][] = [
        ["the consumer reads a secret by name", apiCall("aws.secretsmanager", "GetSecretValue", CONSUMER, { secretId: "qa/shop/api-key" }), false],
        ["another role reads a secret by name", apiCall("aws.secretsmanager", "GetSecretValue", OTHER, { secretId: "qa/shop/api-key" }), true],
        ["another role reads a secret by ARN", apiCall("aws.secretsmanager", "GetSecretValue", OTHER, { secretId: `arn:aws:secretsmanager:${MOTO_REGION}:${ACCOUNT}:secret:qa/shop/api-key-AbCdEf` }), true],
        ["an IAM user reads a secret", apiCall("aws.secretsmanager", "GetSecretValue", undefined, { secretId: "qa/shop/api-key" }), true],
        ["another role reads another app's secret", apiCall("aws.secretsmanager", "GetSecretValue", OTHER, { secretId: "qa/billing/api-key" }), false],
        ["another role lists secrets (not a read of a value)", apiCall("aws.secretsmanager", "ListSecrets", OTHER, {}), false],
        ["the consumer reads the parameter", apiCall("aws.ssm", "GetParameter", CONSUMER, { name: "/qa/shop/db-user", withDecryption: true }), false],
        ["another role reads the parameter", apiCall("aws.ssm", "GetParameter", OTHER, { name: "/qa/shop/db-user", withDecryption: true }), true],
        ["another role reads the parameter in a batch", apiCall("aws.ssm", "GetParameters", OTHER, { names: ["/qa/other", "/qa/shop/db-user"] }), true],
        ["another role reads the whole environment by path", apiCall("aws.ssm", "GetParametersByPath", OTHER, { path: "/qa", recursive: true }), true],
        ["another role reads an unrelated path", apiCall("aws.ssm", "GetParametersByPath", OTHER, { path: "/prod" }), false],
    ];
    for (const [label, event, expected] of cases) {
        it(`${expected ? "alerts" : "stays quiet"} when ${label}`, async () => {
            assert.strictEqual(await alerted(event), expected);
        });
    }
});
