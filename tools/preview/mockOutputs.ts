// What the mocks answer instead of AWS / Vault: stable fake ids and ARNs per
// resource type, so that values wired from one resource into another (a key ARN
// into a secret, a secret ARN into a grant or a rotation) resolve as they would
// after `pulumi up`. Deterministic: the same program gives the same output.
import { createHash } from "crypto";
import { policyDocumentJson } from "./policyDocumentMock";

export const FAKE_ACCOUNT_ID = "123456789012";
export const DEFAULT_REGION = "us-east-1";

type Inputs = Record<string, unknown>;

function hashOf(text: string, length: number): string {
    return createHash("sha256").update(text).digest("hex").slice(0, length);
}

function fakeUuid(seed: string): string {
    const h = hashOf(seed, 32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

function str(value: unknown): string | undefined {
    return typeof value === "string" && value !== "" ? value : undefined;
}

/** `aws:secretsmanager/secret:Secret` -> `secretsmanager` */
function serviceOf(type: string): string {
    return type.split(":")[1]?.split("/")[0]?.toLowerCase() ?? "service";
}

export interface MockContext {
    region: string;
}

/** Fake id and extra outputs for a new resource; inputs are echoed back as state by the caller. */
export function fakeResource(type: string, name: string, inputs: Inputs, ctx: MockContext): { id: string; outputs: Inputs } {
    const region = str(inputs.region) ?? ctx.region;
    const arnPrefix = (service: string) => `arn:aws:${service}:${region}:${FAKE_ACCOUNT_ID}`;
    const physicalName = str(inputs.name) ?? `${name}-${hashOf(type + name, 7)}`;
    switch (type) {
        case "aws:kms/key:Key": {
            const keyId = fakeUuid(`${type}::${name}`);
            return { id: keyId, outputs: { keyId, arn: `${arnPrefix("kms")}:key/${keyId}` } };
        }
        case "aws:kms/alias:Alias":
            return { id: physicalName, outputs: { name: physicalName, arn: `${arnPrefix("kms")}:${physicalName}`, targetKeyArn: inputs.targetKeyId } };
        case "aws:secretsmanager/secret:Secret": {
            const arn = `${arnPrefix("secretsmanager")}:secret:${physicalName}-${hashOf(name, 6)}`;
            return { id: arn, outputs: { name: physicalName, arn } };
        }
        case "aws:secretsmanager/secretVersion:SecretVersion":
            return { id: `${str(inputs.secretId) ?? name}|${fakeUuid(name)}`, outputs: { versionId: fakeUuid(name), arn: inputs.secretId } };
        case "aws:secretsmanager/secretRotation:SecretRotation":
        case "aws:secretsmanager/secretPolicy:SecretPolicy":
            return { id: str(inputs.secretId) ?? name, outputs: {} };
        case "aws:ssm/parameter:Parameter":
            return { id: physicalName, outputs: { name: physicalName, arn: `${arnPrefix("ssm")}:parameter${physicalName.startsWith("/") ? "" : "/"}${physicalName}`, version: 1 } };
        case "aws:iam/role:Role":
            return { id: physicalName, outputs: { name: physicalName, arn: `arn:aws:iam::${FAKE_ACCOUNT_ID}:role/${physicalName}`, uniqueId: `AROA${hashOf(name, 16).toUpperCase()}` } };
        case "aws:iam/policy:Policy":
            return { id: `arn:aws:iam::${FAKE_ACCOUNT_ID}:policy/${physicalName}`, outputs: { name: physicalName, arn: `arn:aws:iam::${FAKE_ACCOUNT_ID}:policy/${physicalName}`, policyId: `ANPA${hashOf(name, 16).toUpperCase()}` } };
        case "aws:iam/rolePolicy:RolePolicy":
            return { id: `${str(inputs.role) ?? "role"}:${physicalName}`, outputs: { name: physicalName } };
        case "aws:lambda/function:Function": {
            const arn = `${arnPrefix("lambda")}:function:${physicalName}`;
            return { id: physicalName, outputs: { name: physicalName, arn, qualifiedArn: `${arn}:$LATEST`, invokeArn: `arn:aws:apigateway:${region}:lambda:path/2015-03-31/functions/${arn}/invocations`, version: "$LATEST" } };
        }
        case "aws:iam/openIdConnectProvider:OpenIdConnectProvider": {
            const host = (str(inputs.url) ?? physicalName).replace(/^https:\/\//, "").replace(/\/+$/, "");
            return { id: `arn:aws:iam::${FAKE_ACCOUNT_ID}:oidc-provider/${host}`, outputs: { arn: `arn:aws:iam::${FAKE_ACCOUNT_ID}:oidc-provider/${host}` } };
        }
        case "aws:ecr/repository:Repository":
            return { id: physicalName, outputs: { name: physicalName, arn: `${arnPrefix("ecr")}:repository/${physicalName}`, repositoryUrl: `${FAKE_ACCOUNT_ID}.dkr.ecr.${region}.amazonaws.com/${physicalName}`, registryId: FAKE_ACCOUNT_ID } };
        case "aws:cloudwatch/eventRule:EventRule":
            return { id: physicalName, outputs: { name: physicalName, arn: `${arnPrefix("events")}:rule/${physicalName}` } };
        case "aws:codepipeline/pipeline:Pipeline":
            return { id: physicalName, outputs: { name: physicalName, arn: `${arnPrefix("codepipeline")}:${physicalName}` } };
        case "aws:s3/bucket:Bucket":
            return { id: physicalName, outputs: { bucket: physicalName, arn: `arn:aws:s3:::${physicalName}` } };
        case "aws:codebuild/project:Project":
            return { id: physicalName, outputs: { name: physicalName, arn: `${arnPrefix("codebuild")}:project/${physicalName}` } };
        case "aws:cloudwatch/logGroup:LogGroup":
            return { id: physicalName, outputs: { name: physicalName, arn: `${arnPrefix("logs")}:log-group:${physicalName}` } };
        case "random:index/randomPassword:RandomPassword":
        case "random:index/randomString:RandomString": {
            // Never a real value: a run of "x" of the requested length keeps length checks meaningful.
            const length = typeof inputs.length === "number" ? inputs.length : 32;
            return { id: "none", outputs: { result: "x".repeat(length), bcryptHash: "$2a$10$fake" } };
        }
        case "random:index/randomId:RandomId":
            return { id: hashOf(name, 16), outputs: { hex: hashOf(name, 16), b64Url: hashOf(name, 16) } };
        default:
            break;
    }
    if (type.startsWith("vault:")) {
        const path = str(inputs.path) ?? (str(inputs.mount) && str(inputs.name) ? `${inputs.mount}/data/${inputs.name}` : physicalName);
        return { id: path, outputs: { path } };
    }
    if (type.startsWith("aws:")) {
        const service = serviceOf(type);
        const kind = type.split(":")[2]?.toLowerCase() ?? "resource";
        return { id: physicalName, outputs: { arn: `${arnPrefix(service)}:${kind}/${physicalName}` } };
    }
    return { id: `${name}-${hashOf(type + name, 8)}`, outputs: {} };
}

/** Answers for provider functions (data sources); unknown tokens throw so a gap is visible. */
export function fakeCall(token: string, inputs: Inputs, ctx: MockContext): Inputs {
    switch (token) {
        case "aws:index/getCallerIdentity:getCallerIdentity":
            return { accountId: FAKE_ACCOUNT_ID, arn: `arn:aws:iam::${FAKE_ACCOUNT_ID}:user/offline-preview`, userId: "AIDAOFFLINEPREVIEW", id: FAKE_ACCOUNT_ID };
        case "aws:index/getRegion:getRegion":
            return { name: ctx.region, region: ctx.region, id: ctx.region, endpoint: `ec2.${ctx.region}.amazonaws.com`, description: ctx.region };
        case "aws:index/getPartition:getPartition":
            return { partition: "aws", dnsSuffix: "amazonaws.com", id: "aws" };
        case "aws:iam/getPolicyDocument:getPolicyDocument":
        {
            const json = policyDocumentJson(inputs);
            return { json, minifiedJson: json, id: "policy" };
        }
        case "aws:kms/getAlias:getAlias": {
            // SecretSet's `kmsKeys` given as an alias: the key ARN behind it, for IAM grants.
            const alias = String(inputs.name);
            const keyId = `${alias.replace(/^alias\//, "").replace(/\//g, "-")}-${hashOf(alias, 8)}`;
            return { name: alias, arn: `arn:aws:kms:${ctx.region}:${FAKE_ACCOUNT_ID}:${alias}`, targetKeyId: keyId, targetKeyArn: `arn:aws:kms:${ctx.region}:${FAKE_ACCOUNT_ID}:key/${keyId}`, id: alias };
        }
        default:
            throw new Error(`offline preview: no mock for the provider function \`${token}\`; add it to tools/preview/mockOutputs.ts.`);
    }
}
