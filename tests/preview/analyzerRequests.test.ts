// The analyzer requests are encoded straight to bytes; they must be exactly the
// bytes the engine's message types produce (`AnalyzeRequest` / `AnalyzerResource`
// built with `Struct.fromJavaScript`, then serialized), for synthetic resources and
// for every resource of the real program under the mocks.
import { strict as assert } from "assert";
import * as path from "path";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as analyzerproto from "@pulumi/pulumi/proto/analyzer_pb";
import { specialResourceSig, specialSecretSig, specialSigKey, unknownValue } from "@pulumi/pulumi/runtime/rpc";
import { diagnosticsOf } from "../../tools/preview/analyzerClient";
import { encodeAnalyzeRequest, encodeAnalyzerResource, encodeAnalyzeStackRequest, resourceOptions } from "../../tools/preview/analyzerRequests";
import type { RecordedResource } from "../../tools/preview/model";
import { runProgram } from "../../tools/preview/runProgram";
import { PROJECT, readStackConfig } from "../../tools/preview/stackConfig";
import { toAnalyzerWire } from "../../tools/preview/wireValues";
import { REPO } from "./previewHelpers";

// The reference: message objects, as the preview built them before it encoded directly.
// The options message is shared; what is compared is the direct encoding of the property Structs.
const referenceOptions = resourceOptions;

function referenceAnalyzeRequest(resource: RecordedResource): Uint8Array {
    const request = new analyzerproto.AnalyzeRequest();
    request.setType(resource.type);
    request.setProperties(Struct.fromJavaScript(toAnalyzerWire(resource.inputs) as never));
    request.setUrn(resource.urn);
    request.setName(resource.name);
    request.setOptions(referenceOptions(resource));
    return request.serializeBinary();
}

function referenceAnalyzeStackRequest(resources: RecordedResource[]): Uint8Array {
    const request = new analyzerproto.AnalyzeStackRequest();
    request.setResourcesList(
        resources.map((resource) => {
            const message = new analyzerproto.AnalyzerResource();
            message.setType(resource.type);
            message.setProperties(Struct.fromJavaScript(toAnalyzerWire(Object.keys(resource.outputs).length > 0 ? resource.outputs : resource.inputs) as never));
            message.setUrn(resource.urn);
            message.setName(resource.name);
            message.setOptions(referenceOptions(resource));
            if (resource.parent) message.setParent(resource.parent);
            message.setDependenciesList(resource.dependencies);
            const dependencyMap = message.getPropertydependenciesMap();
            for (const [key, urns] of Object.entries(resource.propertyDependencies)) {
                const dependencies = new analyzerproto.AnalyzerPropertyDependencies();
                dependencies.setUrnsList(urns);
                dependencyMap.set(key, dependencies);
            }
            return message;
        }),
    );
    return request.serializeBinary();
}

const secret = (value: unknown) => ({ [specialSigKey]: specialSecretSig, value });

function resource(name: string, inputs: Record<string, unknown>, extra: Partial<RecordedResource> = {}): RecordedResource {
    return {
        urn: `urn:pulumi:dev::secretset::aws:ssm/parameter:Parameter::${name}`,
        type: "aws:ssm/parameter:Parameter",
        name,
        parent: null,
        custom: true,
        inputs,
        outputs: {},
        options: { protect: false, retainOnDelete: false, ignoreChanges: [], additionalSecretOutputs: [], aliases: [] },
        dependencies: [],
        propertyDependencies: {},
        ...extra,
    };
}

const SYNTHETIC: RecordedResource[] = [
    resource("empty", {}),
    resource("scalars", { zeta: "z", alpha: 1.5, count: 0, negative: -7, big: 2 ** 53, on: true, off: false, none: null, blank: "", unknown: unknownValue }),
    resource("nested", {
        tags: { "secretset:classification": "restricted", Name: "x", "10": "ten", "9": "nine", ü: "umlaut", "": "empty key" },
        list: [1, "two", null, false, [], {}, [[{ deep: ["er"] }]]],
        value: secret("[redacted]"),
        nestedSecret: { inner: secret({ a: [secret("s")] }) },
        reference: { [specialSigKey]: specialResourceSig, urn: "urn:pulumi:dev::secretset::aws:kms/key:Key::k", id: "key-id" },
    }),
    resource(
        "with-options",
        { name: "/dev/app/x" },
        {
            parent: "urn:pulumi:dev::secretset::secretset:index:SecretSet::set",
            outputs: { arn: "arn:aws:ssm:us-east-1:123456789012:parameter/dev/app/x", value: secret("v"), name: "/dev/app/x" },
            options: { protect: true, retainOnDelete: true, ignoreChanges: ["value", "tags"], additionalSecretOutputs: ["value"], aliases: ["urn:pulumi:dev::secretset::old::x"] },
            dependencies: ["urn:b", "urn:a"],
            propertyDependencies: { value: ["urn:b"], keyId: ["urn:a", "urn:c"], name: [] },
        },
    ),
];

describe("analyzer responses read for their diagnostics only", () => {
    it("gives the diagnostics AnalyzeResponse.deserializeBinary gives", () => {
        const response = new analyzerproto.AnalyzeResponse();
        for (const [name, level] of [["first", analyzerproto.EnforcementLevel.MANDATORY], ["second", analyzerproto.EnforcementLevel.ADVISORY]] as const) {
            const diagnostic = new analyzerproto.AnalyzeDiagnostic();
            diagnostic.setPolicyname(name);
            diagnostic.setMessage(`${name} message`);
            diagnostic.setUrn(`urn:${name}`);
            diagnostic.setEnforcementlevel(level);
            response.addDiagnostics(diagnostic);
            const skipped = new analyzerproto.PolicyNotApplicable();
            skipped.setPolicyName(`${name}-skipped`);
            skipped.setReason("Policy only applies to resources of type 'x'");
            response.addNotApplicable(skipped);
        }
        const bytes = response.serializeBinary();
        const expected = analyzerproto.AnalyzeResponse.deserializeBinary(bytes).getDiagnosticsList().map((d) => d.toObject());
        assert.equal(expected.length, 2);
        assert.deepEqual(diagnosticsOf(bytes).map((d) => d.toObject()), expected);
        assert.deepEqual(diagnosticsOf(new analyzerproto.AnalyzeResponse().serializeBinary()), []);
    });
});

describe("analyzer requests encoded directly", function () {
    this.timeout(120_000);

    it("match the message types' bytes for synthetic resources", () => {
        for (const r of SYNTHETIC) assert.deepEqual(Buffer.from(encodeAnalyzeRequest(r)), Buffer.from(referenceAnalyzeRequest(r)), r.name);
        assert.deepEqual(Buffer.from(encodeAnalyzeStackRequest(SYNTHETIC)), Buffer.from(referenceAnalyzeStackRequest(SYNTHETIC)));
        // Entries encoded ahead (some, or all) give the same request.
        const ahead = new Map(SYNTHETIC.filter((_, i) => i % 2 === 0).map((r) => [r, encodeAnalyzerResource(r)]));
        assert.deepEqual(Buffer.from(encodeAnalyzeStackRequest(SYNTHETIC, (r) => ahead.get(r))), Buffer.from(referenceAnalyzeStackRequest(SYNTHETIC)));
        assert.deepEqual(Buffer.from(encodeAnalyzeStackRequest([])), Buffer.from(referenceAnalyzeStackRequest([])));
    });

    it("refuse values a Struct cannot hold, as Struct.fromJavaScript does", () => {
        assert.throws(() => encodeAnalyzeRequest(resource("bad", { list: [undefined] })), /Unexpected struct type/);
        assert.throws(() => referenceAnalyzeRequest(resource("bad", { list: [undefined] })), /Unexpected struct type/);
    });

    it("match the message types' bytes for every resource of the dev stack", async () => {
        const config = readStackConfig(path.join(REPO, "Pulumi.dev.yaml"));
        const run = await runProgram({ program: path.join(REPO, "index.ts"), project: PROJECT, stack: "dev", config: config.config, secretKeys: config.secretKeys });
        const resources = run.collected.resources;
        assert.ok(resources.length > 10, `only ${resources.length} resources`);
        for (const r of resources) assert.deepEqual(Buffer.from(encodeAnalyzeRequest(r)), Buffer.from(referenceAnalyzeRequest(r)), r.urn);
        assert.deepEqual(Buffer.from(encodeAnalyzeStackRequest(resources)), Buffer.from(referenceAnalyzeStackRequest(resources)));
        assert.deepEqual(Buffer.from(encodeAnalyzeStackRequest(resources, encodeAnalyzerResource)), Buffer.from(referenceAnalyzeStackRequest(resources)));
    });
});
