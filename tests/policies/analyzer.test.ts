// The pack's rules driven through the policy SDK's own Analyze handler (in process, no
// gRPC server), with requests built from the engine's protobuf types. This is where
// secret markers and preview unknowns arrive exactly as the CLI sends them.
import * as assert from "assert";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as analyzerproto from "@pulumi/pulumi/proto/analyzer_pb";
import { ALL_POLICIES } from "../../policies/allPolicies";
import { confidentialSecret, internalParameter, vaultSecret } from "./baselines";
import { ResourceInput, SENTINEL, UNKNOWN_INPUT, urnOf } from "./util";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const server: { makeAnalyzeRpcFun(pack: string, version: string, level: string, policies: unknown): (call: unknown, cb: (err: unknown, res?: analyzerproto.AnalyzeResponse) => void) => Promise<void> } = require("@pulumi/policy/server");

interface Diagnostic {
    policy: string;
    message: string;
    level: number;
}

async function analyze(input: ResourceInput): Promise<Diagnostic[]> {
    const request = new analyzerproto.AnalyzeRequest();
    request.setType(input.type);
    request.setName(input.name);
    request.setUrn(urnOf(input.type, input.name));
    request.setProperties(Struct.fromJavaScript(JSON.parse(JSON.stringify(input.props))) as never);
    request.setOptions(new analyzerproto.AnalyzerResourceOptions().setProtect(input.opts?.protect ?? false));
    const handler = server.makeAnalyzeRpcFun("secretset-policies", "0.1.0", "mandatory", ALL_POLICIES);
    const response = await new Promise<analyzerproto.AnalyzeResponse>((resolve, reject) =>
        handler({ request }, (err, res) => (err ? reject(err) : resolve(res as analyzerproto.AnalyzeResponse))),
    );
    return response.getDiagnosticsList().map((d) => ({ policy: d.getPolicyname(), message: d.getMessage(), level: d.getEnforcementlevel() }));
}

describe("policies: through the SDK's Analyze handler", () => {
    it("keeps secret markers: secret Vault data passes, plaintext data fires", async () => {
        assert.deepStrictEqual(await analyze(vaultSecret), []);
        const plaintext = { ...vaultSecret, props: { ...vaultSecret.props, dataJson: JSON.stringify({ value: SENTINEL }) } };
        const diagnostics = await analyze(plaintext);
        // The plaintext value is an AWS key id: the credential scan sees it too; the secret one it never saw.
        assert.deepStrictEqual(diagnostics.map((d) => d.policy).sort(), ["hardcoded-credentials-in-inputs", "vault-kv-data-secret"]);
        for (const diagnostic of diagnostics) {
            assert.strictEqual(diagnostic.level, analyzerproto.EnforcementLevel.MANDATORY);
            assert.ok(!diagnostic.message.includes(SENTINEL));
        }
    });

    it("reads unknown values without 'can't run policy during preview' diagnostics", async () => {
        for (const [input, field] of [[confidentialSecret, "kmsKeyId"], [internalParameter, "keyId"], [confidentialSecret, "tags"], [internalParameter, "value"]] as const) {
            const planned = { ...input, props: { ...input.props, [field]: UNKNOWN_INPUT } };
            assert.deepStrictEqual(await analyze(planned), [], `${input.name}.${field}`);
        }
    });

    it("still reports real violations beside unknown values", async () => {
        const planned = { ...confidentialSecret, props: { ...confidentialSecret.props, kmsKeyId: UNKNOWN_INPUT, recoveryWindowInDays: 0 } };
        assert.deepStrictEqual((await analyze(planned)).map((d) => d.policy), ["secretsmanager-recovery-window"]);
    });
});
