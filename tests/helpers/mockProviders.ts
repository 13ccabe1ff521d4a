// Provider answers for the mocks helper: plausible outputs per resource type (ARNs,
// ids) and the provider functions SecretSet and its consumers call.
import type * as pulumi from "@pulumi/pulumi";

export const MOCK_ACCOUNT_ID = "123456789012";
export const MOCK_REGION = "us-east-1";
export const MOCK_PARTITION = "aws";

function service(type: string): string {
    return type.split(":")[1]?.split("/")[0] ?? "unknown";
}

/** Plausible provider outputs per type so ARNs and ids look like the real ones. */
export function defaultOutputs(args: pulumi.runtime.MockResourceArgs): Record<string, unknown> {
    const inputs = args.inputs as Record<string, any>;
    const prefix = `arn:${MOCK_PARTITION}`;
    switch (args.type) {
        case "aws:ssm/parameter:Parameter":
            return { arn: `${prefix}:ssm:${MOCK_REGION}:${MOCK_ACCOUNT_ID}:parameter${inputs.name}`, tier: inputs.tier ?? "Standard" };
        case "aws:secretsmanager/secret:Secret":
            return { arn: `${prefix}:secretsmanager:${MOCK_REGION}:${MOCK_ACCOUNT_ID}:secret:${inputs.name}-AbCdEf` };
        case "aws:secretsmanager/secretVersion:SecretVersion":
            return { arn: inputs.secretId, versionId: `${args.name}-version` };
        case "aws:kms/key:Key":
            return { arn: `${prefix}:kms:${MOCK_REGION}:${MOCK_ACCOUNT_ID}:key/${args.name}-id`, keyId: `${args.name}-id` };
        case "aws:kms/alias:Alias":
            return { arn: `${prefix}:kms:${MOCK_REGION}:${MOCK_ACCOUNT_ID}:${inputs.name}` };
        case "aws:iam/role:Role":
            return { arn: `${prefix}:iam::${MOCK_ACCOUNT_ID}:role/${inputs.name ?? args.name}`, name: inputs.name ?? args.name };
        case "aws:lambda/function:Function":
            return { arn: `${prefix}:lambda:${MOCK_REGION}:${MOCK_ACCOUNT_ID}:function:${inputs.name ?? args.name}`, name: inputs.name ?? args.name };
        case "random:index/randomPassword:RandomPassword":
            return { result: `mock-generated-${args.name}` };
        case "vault:index/mount:Mount":
            return { path: inputs.path, accessor: `${args.name}-accessor` };
        default:
            if (args.type.startsWith("aws:")) {
                return { arn: `${prefix}:${service(args.type)}:${MOCK_REGION}:${MOCK_ACCOUNT_ID}:${args.name}` };
            }
            return {};
    }
}

/** Answers for the provider functions SecretSet and its consumers call; anything else is a test bug. */
export function defaultCall(args: pulumi.runtime.MockCallArgs): Record<string, unknown> {
    switch (args.token) {
        case "aws:index/getCallerIdentity:getCallerIdentity":
            return { accountId: MOCK_ACCOUNT_ID, arn: `arn:${MOCK_PARTITION}:iam::${MOCK_ACCOUNT_ID}:user/mock`, userId: "AIDAMOCK", id: MOCK_ACCOUNT_ID };
        case "aws:index/getPartition:getPartition":
            return { partition: MOCK_PARTITION, dnsSuffix: "amazonaws.com", reverseDnsPrefix: "com.amazonaws", id: MOCK_PARTITION };
        case "aws:index/getRegion:getRegion":
            return { name: MOCK_REGION, region: MOCK_REGION, id: MOCK_REGION, endpoint: `ec2.${MOCK_REGION}.amazonaws.com`, description: "US East (N. Virginia)" };
        case "aws:kms/getAlias:getAlias": {
            // An existing customer-managed key behind the alias (kmsKeys given by alias).
            const name = String(args.inputs.name);
            const keyId = `${name.replace(/^alias\//, "").replace(/\//g, "-")}-key-id`;
            return { name, arn: `arn:${MOCK_PARTITION}:kms:${MOCK_REGION}:${MOCK_ACCOUNT_ID}:${name}`, targetKeyId: keyId, targetKeyArn: `arn:${MOCK_PARTITION}:kms:${MOCK_REGION}:${MOCK_ACCOUNT_ID}:key/${keyId}`, id: name };
        }
        default:
            throw new Error(`mocks: no answer for provider function \`${args.token}\`; add it to tests/helpers/mocks.ts`);
    }
}

