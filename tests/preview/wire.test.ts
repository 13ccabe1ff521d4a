// WIRE: the real pack (policies/) served as its own process by the SDK's policy
// host, driven over the analyzer gRPC protocol with the engine's message types:
// GetAnalyzerInfo, Configure (policies/config/prod.json), Analyze, AnalyzeStack.
import { strict as assert } from "assert";
import * as path from "path";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as analyzerproto from "@pulumi/pulumi/proto/analyzer_pb";
import { specialSecretSig, specialSigKey } from "@pulumi/pulumi/runtime/rpc";
import { AnalyzerConnection } from "../../tools/preview/analyzerClient";
import { configureRequest, levelFromProto, PolicyConfigEntry, readPackConfigFile, reconcilePackConfig } from "../../tools/preview/packConfig";
import { PackProcess, startPolicyPack } from "../../tools/preview/packProcess";
import { REPO } from "./previewHelpers";

const PACK = path.join(REPO, "policies");
const PROD_CONFIG = path.join(PACK, "config", "prod.json");
const AREAS = ["classification", "ssm", "secretsmanager", "kms", "iam", "vault", "hardcoded", "stack", "audit", "rotation", "quota"];
const secret = (value: unknown) => ({ [specialSigKey]: specialSecretSig, value });
const KEY_ARN = "arn:aws:kms:us-east-1:123456789012:key/2f1c6a7e-1111-4222-8333-444455556666";
const tags = (classification: string) => ({
    "secretset:classification": classification,
    "secretset:environment": "prod",
    "secretset:app": "ci-pipeline",
    "secretset:owner": "platform-team",
});

function options(): analyzerproto.AnalyzerResourceOptions {
    const opts = new analyzerproto.AnalyzerResourceOptions();
    opts.setCustomtimeouts(new analyzerproto.AnalyzerResourceOptions.CustomTimeouts());
    return opts;
}

function analyzeRequest(type: string, name: string, props: Record<string, unknown>, withOptions = true): analyzerproto.AnalyzeRequest {
    const request = new analyzerproto.AnalyzeRequest();
    request.setType(type);
    request.setName(name);
    request.setUrn(`urn:pulumi:prod::secretset::${type}::${name}`);
    request.setProperties(Struct.fromJavaScript(props as never));
    if (withOptions) request.setOptions(options());
    return request;
}

describe("policy pack over the analyzer gRPC protocol (wire)", function () {
    this.timeout(120_000);
    let pack: PackProcess;
    let connection: AnalyzerConnection;
    let info: analyzerproto.AnalyzerInfo;
    let config: Map<string, PolicyConfigEntry>;

    before(async () => {
        pack = await startPolicyPack(PACK);
        connection = new AnalyzerConnection(pack.address);
        info = await connection.getAnalyzerInfo();
    });

    after(async () => {
        connection?.close();
        await pack?.stop();
    });

    it("GetAnalyzerInfo lists the pack and its policies, one area prefix each", () => {
        assert.equal(info.getName(), "secretset-policies");
        const names = info.getPoliciesList().map((p) => p.getName());
        assert.ok(names.length >= AREAS.length, `only ${names.length} policies`);
        for (const name of names) assert.match(name, new RegExp(`^(${AREAS.join("|")})-[a-z0-9-]+$`));
        for (const area of AREAS) assert.ok(names.some((n) => n.startsWith(`${area}-`)), `no ${area}- policy`);
        const types = new Set(info.getPoliciesList().map((p) => p.getPolicyType()));
        assert.ok(types.has(analyzerproto.PolicyType.POLICY_TYPE_RESOURCE) && types.has(analyzerproto.PolicyType.POLICY_TYPE_STACK));
    });

    it("Configure accepts policies/config/prod.json (valid against the pack's schemas)", async () => {
        config = reconcilePackConfig(info, readPackConfigFile(PROD_CONFIG), PROD_CONFIG);
        await connection.configure(configureRequest(config));
        const stack = new analyzerproto.AnalyzerStackConfigureRequest();
        stack.setStack("prod");
        stack.setProject("secretset");
        await connection.configureStack(stack);
    });

    it("Analyze flags a confidential secret in a plaintext SSM String, at the configured level", async () => {
        const response = await connection.analyze(
            analyzeRequest("aws:ssm/parameter:Parameter", "bad-password", { name: "/prod/ci-pipeline/docker-password", type: "String", value: secret("[redacted]"), tags: tags("confidential") }),
        );
        const diagnostics = response.getDiagnosticsList();
        assert.ok(diagnostics.length > 0, "no diagnostics for a confidential String parameter");
        for (const d of diagnostics) {
            assert.equal(levelFromProto(d.getEnforcementlevel()), config.get(d.getPolicyname())!.enforcementLevel === "remediate" ? "mandatory" : config.get(d.getPolicyname())!.enforcementLevel, d.getPolicyname());
        }
        assert.ok(diagnostics.some((d) => d.getEnforcementlevel() === analyzerproto.EnforcementLevel.MANDATORY), "prod makes store rules mandatory");
    });

    it("Analyze stays silent on a compliant SecureString with a customer-managed key", async () => {
        const response = await connection.analyze(
            analyzeRequest("aws:ssm/parameter:Parameter", "good-username", { name: "/prod/ci-pipeline/docker-username", type: "SecureString", keyId: KEY_ARN, tier: "Standard", value: secret("[redacted]"), tags: tags("internal") }),
        );
        assert.deepEqual(response.getDiagnosticsList().map((d) => `${d.getPolicyname()}: ${d.getMessage()}`), []);
    });

    it("Analyze without AnalyzerResourceOptions is refused as a too-old CLI", async () => {
        await assert.rejects(
            connection.analyze(analyzeRequest("aws:ssm/parameter:Parameter", "no-options", { name: "/prod/ci-pipeline/x", type: "String", tags: tags("public") }, false)),
            /more recent version of the Pulumi CLI/,
        );
    });

    it("AnalyzeStack flags a confidential Secrets Manager secret that has no rotation, on its URN", async () => {
        const secretUrn = "urn:pulumi:prod::secretset::aws:secretsmanager/secret:Secret::unrotated";
        const resource = new analyzerproto.AnalyzerResource();
        resource.setType("aws:secretsmanager/secret:Secret");
        resource.setName("unrotated");
        resource.setUrn(secretUrn);
        resource.setOptions(options());
        const arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/ci-pipeline/unrotated-AbCdEf";
        resource.setProperties(Struct.fromJavaScript({ name: "prod/ci-pipeline/unrotated", kmsKeyId: KEY_ARN, recoveryWindowInDays: 30, arn, id: arn, tags: tags("confidential") } as never));
        const request = new analyzerproto.AnalyzeStackRequest();
        request.setResourcesList([resource]);
        const response = await connection.analyzeStack(request);
        const onSecret = response.getDiagnosticsList().filter((d) => d.getUrn() === secretUrn);
        assert.ok(onSecret.length > 0, `no stack diagnostic on ${secretUrn}`);
        assert.ok(onSecret.every((d) => d.getPolicyname().startsWith("stack-")));
    });
});
