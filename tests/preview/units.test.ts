// Unit tests of the offline preview's pure parts: stack config redaction, flags,
// wire values, pack config reconciliation and alias URNs.
import { strict as assert } from "assert";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { Alias } from "@pulumi/pulumi/proto/alias_pb";
import * as analyzerproto from "@pulumi/pulumi/proto/analyzer_pb";
import { specialResourceSig, specialSecretSig, specialSigKey } from "@pulumi/pulumi/runtime/rpc";
import { aliasUrn } from "../../tools/preview/aliasUrns";
import { parseArgs } from "../../tools/preview/args";
import { InputError } from "../../tools/preview/inputError";
import { reconcilePackConfig } from "../../tools/preview/packConfig";
import { SecretScrubber } from "../../tools/preview/secretScrubber";
import { parseStackConfig, redactionNotice } from "../../tools/preview/stackConfig";
import { collectSecretStrings, fromExportForm, fromPreviewForm, REDACTED_PLACEHOLDER, secretWire, toAnalyzerWire, toDisplay } from "../../tools/preview/wireValues";

describe("stack config for the offline preview", () => {
    const config = parseStackConfig(
        `config:
  aws:region: eu-west-1
  secretset:app: ci
  disposable: true
  secretset:vault: { mount: kv, token: { secure: v1:ENCRYPTED } }
  secretset:secrets:
    registry-url: { classification: public, value: "https://example.test" }
    docker-username: { classification: internal }
    docker-password: { classification: confidential }
    signing-key: { classification: restricted, generate: { length: 64 } }
    imported: { classification: confidential, external: true }
  secretset:docker-username: { secure: v1:ENCRYPTED }
`,
        "Pulumi.dev.yaml",
    );

    it("keeps plaintext values, qualifies bare keys and stringifies structured ones", () => {
        assert.equal(config.config["aws:region"], "eu-west-1");
        assert.equal(config.config["secretset:disposable"], "true");
        assert.deepEqual(JSON.parse(config.config["secretset:secrets"])["registry-url"], { classification: "public", value: "https://example.test" });
    });

    it("replaces encrypted values (also nested) by the placeholder and keeps them secret", () => {
        assert.equal(config.config["secretset:docker-username"], REDACTED_PLACEHOLDER);
        assert.deepEqual(JSON.parse(config.config["secretset:vault"]), { mount: "kv", token: REDACTED_PLACEHOLDER });
        assert.deepEqual(config.encryptedKeys, ["secretset:vault", "secretset:docker-username"]);
        assert.ok(config.secretKeys.includes("secretset:vault") && config.secretKeys.includes("secretset:docker-username"));
    });

    it("gives declared secrets without any value source the placeholder, marked secret", () => {
        assert.deepEqual(config.unsetSecretKeys, ["secretset:docker-password"]);
        assert.equal(config.config["secretset:docker-password"], REDACTED_PLACEHOLDER);
        assert.ok(config.secretKeys.includes("secretset:docker-password"));
        for (const name of ["registry-url", "signing-key", "imported"]) assert.ok(!(`secretset:${name}` in config.config), name);
    });

    it("notices name keys and the command, never values", () => {
        const notice = redactionNotice(config, "dev").join("\n");
        assert.match(notice, /secretset:docker-username/);
        assert.match(notice, /pulumi config set --secret docker-password --stack dev/);
        assert.doesNotMatch(notice, /ENCRYPTED/);
    });

    it("rejects files that are not a config map", () => {
        assert.throws(() => parseStackConfig("- a\n- b\n", "f.yaml"), (e: Error) => e instanceof InputError && /must be a YAML map/.test(e.message));
        assert.throws(() => parseStackConfig("config: [1]\n", "f.yaml"), /`config` in f.yaml must be a map/);
        assert.throws(() => parseStackConfig("config: {a: [\n", "f.yaml"), /f.yaml is not valid YAML/);
    });
});

describe("offline preview flags", () => {
    it("parses values in both spellings and defaults the format", () => {
        assert.deepEqual(parseArgs(["--stack", "dev", "--format=markdown", "--policy-pack", "p"]), { stack: "dev", format: "markdown", policyPack: "p", help: false, validateOnly: false });
        assert.equal(parseArgs(["--stack", "prod"]).format, "tree");
        assert.equal(parseArgs(["--export", "e.json"]).stack, undefined, "the stack comes from the export's URNs");
    });

    const cases: [string[], RegExp][] = [
        [[], /`--stack <name>` is required/],
        [["--stack"], /`--stack` needs a value/],
        [["--stack", "--format"], /`--stack` needs a value/],
        [["--stack", "a b"], /is not a stack name/],
        [["--stack", "dev", "--stack", "prod"], /given twice/],
        [["--export", "a", "--preview-json", "b"], /only one of `--export` and `--preview-json`/],
        [["--export", "a", "--config", "c"], /cannot be combined/],
        [["dev"], /Unknown argument `dev`/],
    ];
    for (const [argv, message] of cases) {
        it(`refuses ${JSON.stringify(argv)}`, () => assert.throws(() => parseArgs(argv), (e: Error) => e instanceof InputError && message.test(e.message)));
    }
});

describe("wire values", () => {
    const sentinel = "SENTINEL-wire-1234";
    const wire = { plain: "x", secret: secretWire(sentinel), nested: [{ deep: secretWire({ inner: sentinel }) }], ref: { [specialSigKey]: specialResourceSig, urn: "urn:a", id: "id-1" } };

    it("displays secrets as [secret] at any depth and references as their URN", () => {
        assert.deepEqual(toDisplay(wire), { plain: "x", secret: "[secret]", nested: [{ deep: "[secret]" }], ref: "urn:a" });
    });

    it("keeps secrets wrapped for the analyzer and turns references into ids", () => {
        const analyzed = toAnalyzerWire(wire) as Record<string, unknown>;
        assert.deepEqual(analyzed.secret, { [specialSigKey]: specialSecretSig, value: sentinel });
        assert.equal(analyzed.ref, "id-1");
    });

    it("reads export secrets: plaintext decoded, ciphertext as the placeholder", () => {
        assert.deepEqual(fromExportForm({ a: { [specialSigKey]: specialSecretSig, plaintext: JSON.stringify({ k: 1 }) } }), { a: secretWire({ k: 1 }) });
        assert.deepEqual(fromExportForm({ [specialSigKey]: specialSecretSig, ciphertext: "v1:abc" }), secretWire(REDACTED_PLACEHOLDER));
        assert.deepEqual(fromPreviewForm({ v: "[secret]", w: "plain" }), { v: secretWire(REDACTED_PLACEHOLDER), w: "plain" });
    });

    it("collects every secret string so output can be scrubbed", () => {
        const secrets = collectSecretStrings(wire, new Set());
        assert.deepEqual([...secrets], [sentinel]);
        const scrubber = new SecretScrubber(secrets);
        assert.equal(scrubber.scrub(`value ${sentinel}!`), "value [secret]!");
    });
});

describe("policy pack config reconciliation", () => {
    function info(): analyzerproto.AnalyzerInfo {
        const result = new analyzerproto.AnalyzerInfo();
        result.setName("pack");
        const policy = (name: string, level: analyzerproto.EnforcementLevel, properties?: object) => {
            const p = new analyzerproto.PolicyInfo();
            p.setName(name);
            p.setEnforcementlevel(level);
            if (properties) {
                const schema = new analyzerproto.PolicyConfigSchema();
                schema.setProperties(Struct.fromJavaScript(properties as never));
                p.setConfigschema(schema);
            }
            return p;
        };
        result.setPoliciesList([
            policy("a-rotation", analyzerproto.EnforcementLevel.ADVISORY, { maxDays: { type: "integer", minimum: 1, default: 90 } }),
            policy("b-plain", analyzerproto.EnforcementLevel.MANDATORY),
        ]);
        return result;
    }

    it("starts from each policy's level and schema defaults", () => {
        const config = reconcilePackConfig(info(), undefined, "-");
        assert.deepEqual(config.get("a-rotation"), { enforcementLevel: "advisory", properties: { maxDays: 90 } });
        assert.deepEqual(config.get("b-plain"), { enforcementLevel: "mandatory", properties: {} });
    });

    it("applies `all` first, then per-policy levels and properties", () => {
        const config = reconcilePackConfig(info(), { all: "mandatory", "a-rotation": { enforcementLevel: "advisory", maxDays: 30 } }, "f.json");
        assert.deepEqual(config.get("a-rotation"), { enforcementLevel: "advisory", properties: { maxDays: 30 } });
        assert.equal(config.get("b-plain")!.enforcementLevel, "mandatory");
    });

    it("refuses a config that lowers a mandatory policy, naming the file, policy, field and floor", () => {
        assert.throws(() => reconcilePackConfig(info(), { all: "disabled" }, "f.json"), /^InputError: Policy config f\.json loosens the pack: `b-plain`: `enforcementLevel` "disabled" loosens the policy; its floor is "mandatory"/);
        assert.throws(() => reconcilePackConfig(info(), { "b-plain": "advisory" }, "f.json"), /`b-plain`: `enforcementLevel` "advisory"/);
    });

    it("refuses unknown policies, bad levels and values outside the schema", () => {
        assert.throws(() => reconcilePackConfig(info(), { "c-missing": "advisory" }, "f.json"), /`c-missing`, which is not a policy/);
        assert.throws(() => reconcilePackConfig(info(), { "b-plain": "strict" }, "f.json"), /enforcement level "strict"/);
        assert.throws(() => reconcilePackConfig(info(), { "a-rotation": { maxDays: 0 } }, "f.json"), /a-rotation: `maxDays` must be at least 1/);
    });
});

describe("alias URNs", () => {
    const ctx = { stack: "dev", project: "secretset", type: "aws:ssm/parameter:Parameter", name: "new", parentUrn: "urn:pulumi:dev::secretset::secretset:index:SecretSet::app" };

    it("keeps a URN alias and fills a spec alias from the resource", () => {
        const byUrn = new Alias();
        byUrn.setUrn("urn:pulumi:dev::secretset::t::old");
        assert.equal(aliasUrn(byUrn, ctx), "urn:pulumi:dev::secretset::t::old");
        const spec = new Alias.Spec();
        spec.setName("old");
        const byName = new Alias();
        byName.setSpec(spec);
        assert.equal(aliasUrn(byName, ctx), "urn:pulumi:dev::secretset::secretset:index:SecretSet$aws:ssm/parameter:Parameter::old");
        spec.setNoparent(true);
        assert.equal(aliasUrn(byName, ctx), "urn:pulumi:dev::secretset::aws:ssm/parameter:Parameter::old");
    });
});

describe("offline preview mocks", () => {
    const { fakeCall, fakeResource, FAKE_ACCOUNT_ID } = require("../../tools/preview/mockOutputs") as typeof import("../../tools/preview/mockOutputs");
    const ctx = { region: "eu-central-1" };

    it("gives stable ARNs in the stack's region and account", () => {
        const secret = fakeResource("aws:secretsmanager/secret:Secret", "s", { name: "dev/app/x" }, ctx);
        assert.deepEqual(secret, fakeResource("aws:secretsmanager/secret:Secret", "s", { name: "dev/app/x" }, ctx));
        assert.match(String(secret.outputs.arn), new RegExp(`^arn:aws:secretsmanager:eu-central-1:${FAKE_ACCOUNT_ID}:secret:dev/app/x-[0-9a-f]{6}$`));
        assert.equal(secret.id, secret.outputs.arn, "a secret's id is its ARN, as in the provider");
        assert.equal(fakeResource("aws:ssm/parameter:Parameter", "p", { name: "/dev/app/x" }, ctx).outputs.arn, `arn:aws:ssm:eu-central-1:${FAKE_ACCOUNT_ID}:parameter/dev/app/x`);
        assert.equal(fakeResource("random:index/randomPassword:RandomPassword", "r", { length: 12 }, ctx).outputs.result, "x".repeat(12));
    });

    it("renders IAM policy documents and refuses functions it has no mock for", () => {
        const { json } = fakeCall("aws:iam/getPolicyDocument:getPolicyDocument", {
            statements: [{ actions: ["secretsmanager:GetSecretValue"], resources: ["arn:x"], conditions: [{ test: "StringEquals", variable: "a", values: ["1"] }, { test: "StringEquals", variable: "b", values: ["2"] }] }],
        }, ctx);
        assert.deepEqual(JSON.parse(String(json)).Statement, [{ Effect: "Allow", Action: ["secretsmanager:GetSecretValue"], Resource: ["arn:x"], Condition: { StringEquals: { a: ["1"], b: ["2"] } } }]);
        assert.throws(() => fakeCall("aws:ec2/getVpc:getVpc", {}, ctx), /no mock for the provider function `aws:ec2\/getVpc:getVpc`/);
    });
});

describe("secret inventory for the markdown summary", () => {
    const { secretInventory } = require("../../tools/preview/secretInventory") as typeof import("../../tools/preview/secretInventory");
    const arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:dev/app/docker-password-AbCdEf";
    const resource = (type: string, name: string, inputs: Record<string, unknown>, outputs: Record<string, unknown> = {}) => ({
        urn: `urn:pulumi:dev::secretset::${type}::${name}`, type, name, parent: null, custom: true, inputs, outputs,
        options: { protect: false, retainOnDelete: false, ignoreChanges: [], additionalSecretOutputs: [], aliases: [] }, dependencies: [], propertyDependencies: {},
    });
    const tags = (c: string) => ({ "secretset:classification": c });
    const stack = {
        stack: "dev", project: "secretset", stackUrn: undefined, outputs: {},
        resources: [
            resource("aws:kms/key:Key", "key", {}),
            resource("aws:secretsmanager/secret:Secret", "pw", { name: "dev/app/docker-password", tags: tags("confidential"), replicas: [{ region: "eu-west-1" }] }, { arn, id: arn }),
            resource("aws:secretsmanager/secretRotation:SecretRotation", "pw-rotation", { secretId: arn, rotationRules: { automaticallyAfterDays: 30 } }),
            resource("aws:ssm/parameter:Parameter", "user", { name: "/dev/app/docker-user", type: "SecureString", tier: "Advanced", tags: tags("internal") }),
            resource("aws:ssm/parameter:Parameter", "user-old", { name: "/dev/app/docker-user-old", type: "SecureString", tags: tags("internal") }),
            resource("vault:kv/secretV2:SecretV2", "token", { mount: "secret", name: "dev/app/token", customMetadata: { data: tags("confidential") } }),
            resource("aws:iam/policy:Policy", "grant-build", { policy: JSON.stringify({ Statement: [{ Action: "secretsmanager:GetSecretValue", Resource: `${arn.slice(0, -7)}-??????` }, { Action: "ssm:GetParameter", Resource: "arn:aws:ssm:us-east-1:123456789012:parameter/dev/app/docker-user" }] }) }),
            resource("vault:index/policy:Policy", "vault-read", { policy: 'path "secret/data/dev/app/token" { capabilities = ["read"] }' }),
            // A rotator may write: it is rotation machinery, not a reader.
            resource("aws:iam/rolePolicy:RolePolicy", "rotator-policy", { policy: JSON.stringify({ Statement: [{ Action: ["secretsmanager:GetSecretValue", "secretsmanager:PutSecretValue"], Resource: arn }] }) }),
            resource("aws:lambda/permission:Permission", "rotator-invoke", { sourceArn: arn }),
        ],
    };

    it("lists each stored secret with class, store, rotation, consumers and cost", () => {
        const { rows, totalMonthlyUsd } = secretInventory(stack as never);
        assert.deepEqual(rows.map((r) => [r.name, r.classification, r.store, r.rotation, r.consumers, r.monthlyUsd]), [
            ["dev/app/docker-password", "confidential", "Secrets Manager", "every 30 days", ["grant-build"], 0.8],
            ["/dev/app/docker-user", "internal", "SSM SecureString (Advanced)", "none", ["grant-build"], 0.05],
            ["/dev/app/docker-user-old", "internal", "SSM SecureString (Standard)", "none", [], 0],
            ["secret/dev/app/token", "confidential", "Vault KV v2", "none", ["vault-read"], 0],
        ]);
        // 1 KMS key ($1) + secret with one replica ($0.80) + one advanced parameter ($0.05).
        assert.equal(totalMonthlyUsd, 1.85);
    });

    it("names readers after their SecretConsumer and reads a Vault rotation schedule from the metadata", () => {
        const consumerUrn = "urn:pulumi:dev::secretset::secretset:index:SecretConsumer::docker-build";
        const consumer = { ...resource("secretset:index:SecretConsumer", "docker-build", {}), urn: consumerUrn, custom: false };
        const grant = { ...resource("aws:iam/rolePolicy:RolePolicy", "read", { policy: `{"Resource":"${arn}"}` }), parent: consumerUrn };
        const project = { ...resource("aws:codebuild/project:Project", "build", { environment: { environmentVariables: [{ type: "SECRETS_MANAGER", value: arn }] } }), parent: consumerUrn };
        const vaultSecret = resource("vault:kv/secretV2:SecretV2", "token", {
            mount: "secret", name: "dev/app/token", customMetadata: { data: { ...tags("confidential"), "secretset:rotation-days": "30" } },
        });
        const secret = stack.resources[1];
        const { rows } = secretInventory({ ...stack, resources: [consumer, secret, grant, project, vaultSecret] } as never);
        assert.deepEqual(rows.map((r) => [r.name, r.rotation, r.consumers]), [
            ["dev/app/docker-password", "none", ["docker-build"]],
            ["secret/dev/app/token", "every 30 days", []],
        ]);
    });
});
