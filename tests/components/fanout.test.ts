// Each classification lands in its store with the right names, tags, encryption
// and lifecycle; the Docker CI example end to end.
import * as assert from "assert";
import { TAG_KEYS } from "../../policies/lib/classification";
import { SecretSet } from "../../components/secretSet";
import { MOCK_ACCOUNT_ID, promiseOf, useMocks } from "../helpers/mocks";
import { DOCKER_PASSWORD, dockerExample } from "./exampleArgs";

const PARAMETER = "aws:ssm/parameter:Parameter";
const SECRET = "aws:secretsmanager/secret:Secret";
const VERSION = "aws:secretsmanager/secretVersion:SecretVersion";
const KEY = "aws:kms/key:Key";
const ALIAS = "aws:kms/alias:Alias";
const PASSWORD = "random:index/randomPassword:RandomPassword";

describe("SecretSet fan-out", () => {
    const mocks = useMocks();

    async function build(args = dockerExample(), name = "ci"): Promise<SecretSet> {
        const set = new SecretSet(name, args);
        await promiseOf(set.manifest);
        await mocks.settled();
        return set;
    }

    it("puts a public secret in an SSM String parameter with its literal value", async () => {
        await build();
        const parameter = mocks.find(PARAMETER, "ci-ssm-registry-url");
        assert.strictEqual(parameter.inputs.type, "String");
        assert.strictEqual(parameter.inputs.name, "/dev/ci-pipeline/registry-url");
        assert.strictEqual(parameter.inputs.insecureValue, "https://index.docker.io/v1/");
        assert.strictEqual(parameter.inputs.keyId, undefined);
        assert.strictEqual(parameter.inputs.tier, "Standard");
    });

    it("puts an internal secret in a SecureString encrypted with the set's customer-managed key", async () => {
        await build();
        const parameter = mocks.find(PARAMETER, "ci-ssm-docker-username");
        const key = mocks.find(KEY, "ci-kms-key");
        assert.strictEqual(parameter.inputs.type, "SecureString");
        assert.strictEqual(parameter.inputs.name, "/dev/ci-pipeline/docker-username");
        assert.match(parameter.inputs.keyId, /^arn:aws:kms:/);
        assert.strictEqual(parameter.inputs.keyId, `arn:aws:kms:us-east-1:${MOCK_ACCOUNT_ID}:key/ci-kms-key-id`);
        assert.ok(key.urn);
        assert.ok(parameter.secretPaths.includes("value"));
        assert.ok(parameter.options.additionalSecretOutputs.includes("value"));
    });

    it("puts a confidential secret in Secrets Manager with the shared key and a SecretVersion", async () => {
        await build();
        const secret = mocks.find(SECRET, "ci-secret-docker-password");
        const version = mocks.find(VERSION, "ci-secret-version-docker-password");
        assert.strictEqual(secret.inputs.name, "dev/ci-pipeline/docker-password");
        assert.strictEqual(secret.inputs.kmsKeyId, `arn:aws:kms:us-east-1:${MOCK_ACCOUNT_ID}:key/ci-kms-key-id`);
        assert.strictEqual(version.inputs.secretId, "ci-secret-docker-password-id");
        assert.strictEqual(version.inputs.secretString, DOCKER_PASSWORD);
        assert.deepStrictEqual(version.secretPaths, ["secretString"]);
        assert.ok(version.options.additionalSecretOutputs.includes("secretString"));
        // Rotation is configured, so `pulumi up` must not revert a rotated value.
        assert.deepStrictEqual(version.options.ignoreChanges, ["secretString"]);
        assert.strictEqual(secret.options.protect, false);
    });

    it("puts a restricted secret in Secrets Manager with a dedicated key, protect, retainOnDelete and 30 days recovery", async () => {
        await build();
        const secret = mocks.find(SECRET, "ci-secret-signing-key");
        assert.strictEqual(secret.inputs.kmsKeyId, `arn:aws:kms:us-east-1:${MOCK_ACCOUNT_ID}:key/ci-kms-key-restricted-id`);
        assert.strictEqual(secret.inputs.recoveryWindowInDays, 30);
        assert.strictEqual(secret.options.protect, true);
        assert.strictEqual(secret.options.retainOnDelete, true);
        const key = mocks.find(KEY, "ci-kms-key-restricted");
        assert.strictEqual(key.options.protect, true);
        assert.strictEqual(mocks.find(ALIAS, "ci-kms-alias-restricted").inputs.name, "alias/dev-ci-pipeline-restricted-secrets");
    });

    it("keeps a keepOutOfState value out of Pulumi: no RandomPassword, no SecretVersion", async () => {
        await build();
        assert.ok(!mocks.byType(PASSWORD).some((r) => r.name.endsWith("signing-key")));
        assert.ok(!mocks.byType(VERSION).some((r) => r.name.endsWith("signing-key")));
    });

    it("creates KMS keys with rotation on, the class deletion window and a key policy whose principal is the account root", async () => {
        await build();
        const keys = mocks.byType(KEY);
        assert.deepStrictEqual(keys.map((k) => k.name).sort(), ["ci-kms-key", "ci-kms-key-restricted"]);
        for (const key of keys) {
            assert.strictEqual(key.inputs.enableKeyRotation, true);
            assert.strictEqual(key.inputs.deletionWindowInDays, 30);
            const policy = JSON.parse(key.inputs.policy);
            for (const statement of policy.Statement) {
                assert.notStrictEqual(statement.Principal, "*");
                assert.deepStrictEqual(statement.Principal, { AWS: `arn:aws:iam::${MOCK_ACCOUNT_ID}:root` });
            }
        }
        const alias = mocks.find(ALIAS, "ci-kms-alias");
        assert.strictEqual(alias.inputs.name, "alias/dev-ci-pipeline-secrets");
        assert.strictEqual(alias.inputs.targetKeyId, "ci-kms-key-id");
    });

    it("creates no KMS key when only public secrets are declared", async () => {
        await build({ app: "web", environment: "dev", secrets: { "site-url": { classification: "public", value: "https://example.com" } } });
        assert.deepStrictEqual(mocks.byType(KEY), []);
        assert.deepStrictEqual(mocks.byType(ALIAS), []);
    });

    it("tags every AWS child with the four tag keys", async () => {
        await build();
        const tagged = mocks.resources.filter((r) => [PARAMETER, SECRET, KEY].includes(r.type));
        assert.strictEqual(tagged.length, 6);
        for (const resource of tagged) {
            assert.strictEqual(resource.inputs.tags[TAG_KEYS.environment], "dev", resource.name);
            assert.strictEqual(resource.inputs.tags[TAG_KEYS.app], "ci-pipeline", resource.name);
            assert.strictEqual(resource.inputs.tags[TAG_KEYS.owner], "platform-team", resource.name);
        }
        assert.strictEqual(mocks.find(SECRET, "ci-secret-signing-key").inputs.tags[TAG_KEYS.classification], "restricted");
        assert.strictEqual(mocks.find(PARAMETER, "ci-ssm-registry-url").inputs.tags[TAG_KEYS.classification], "public");
    });

    it("defaults the owner tag to `unowned`", async () => {
        await build({ ...dockerExample(), owner: undefined });
        assert.strictEqual(mocks.find(PARAMETER, "ci-ssm-registry-url").inputs.tags[TAG_KEYS.owner], "unowned");
    });

    it("parents every child on the set", async () => {
        const set = await build();
        const setUrn = await promiseOf(set.urn);
        const children = mocks.resources.filter((r) => r.custom);
        assert.ok(children.length > 0);
        for (const child of children) assert.strictEqual(child.options.parent, setUrn, child.name);
    });

    it("chooses the SSM tier from the value size: Standard up to 4 KB, Advanced up to 8 KB", async () => {
        await build({
            app: "web",
            environment: "dev",
            secrets: { small: { classification: "public", value: "x".repeat(4096) }, large: { classification: "public", value: "x".repeat(4097) } },
        });
        assert.strictEqual(mocks.find(PARAMETER, "ci-ssm-small").inputs.tier, "Standard");
        assert.strictEqual(mocks.find(PARAMETER, "ci-ssm-large").inputs.tier, "Advanced");
    });

    it("adds aliases from the previous key when a secret is renamed", async () => {
        const args = dockerExample();
        const { "docker-password": password, ...rest } = args.secrets;
        const { "docker-password": value, ...otherValues } = args.values ?? {};
        const set = await build({ ...args, secrets: { ...rest, "registry-password": { ...password, renamedFrom: "docker-password" } }, values: { ...otherValues, "registry-password": value } });
        const parentUrn = await promiseOf(set.urn);
        assert.deepStrictEqual(mocks.find(SECRET, "ci-secret-registry-password").options.aliases, [{ name: "ci-secret-docker-password", parentUrn }]);
        assert.deepStrictEqual(mocks.find(VERSION, "ci-secret-version-registry-password").options.aliases, [{ name: "ci-secret-version-docker-password", parentUrn }]);
        assert.deepStrictEqual(mocks.find(SECRET, "ci-secret-signing-key").options.aliases, []);
    });

    it("allows recovery window 0 in a disposable environment and uses the class window elsewhere", async () => {
        await build();
        assert.strictEqual(mocks.find(SECRET, "ci-secret-docker-password").inputs.recoveryWindowInDays, 0);
        mocks.reset();
        const prod = dockerExample({ environment: "prod", disposable: false });
        const { recoveryWindowDays: _dropped, ...password } = prod.secrets["docker-password"];
        await build({ ...prod, secrets: { ...prod.secrets, "docker-password": password } }, "prod");
        const secret = mocks.find(SECRET, "prod-secret-docker-password");
        assert.strictEqual(secret.inputs.recoveryWindowInDays, 7);
        assert.strictEqual(secret.inputs.name, "prod/ci-pipeline/docker-password");
    });

    it("applies a stack's tightening (prod: confidential keeps 30 days recovery)", async () => {
        const prod = dockerExample({ environment: "prod", disposable: false, classifications: { confidential: { maxRotationDays: 60, recoveryWindowDays: 30 } } });
        const { recoveryWindowDays: _dropped, ...password } = prod.secrets["docker-password"];
        const set = await build({ ...prod, secrets: { ...prod.secrets, "docker-password": { ...password, rotation: { mode: "manual", owner: "platform-team", days: 60 } } } }, "prod");
        assert.strictEqual(mocks.find(SECRET, "prod-secret-docker-password").inputs.recoveryWindowInDays, 30);
        assert.strictEqual(set.storedSecrets["docker-password"].rules.maxRotationDays, 60);
    });

    it("lets several sets live in one stack without name collisions", async () => {
        await build(dockerExample(), "ci");
        await build(dockerExample({ app: "web-shop" }), "shop");
        const names = mocks.resources.map((r) => `${r.type}::${r.name}`);
        assert.strictEqual(new Set(names).size, names.length);
        assert.ok(mocks.byType(PARAMETER).some((r) => r.inputs.name === "/dev/web-shop/registry-url"));
    });

    it("leaves a value alone when it is external: SSM placeholder with ignoreChanges, Secrets Manager without a version", async () => {
        await build({
            app: "web",
            environment: "dev",
            secrets: { "api-user": { classification: "internal", external: true }, "api-key": { classification: "confidential", external: true, rotation: { mode: "manual", owner: "platform-team" } } },
        });
        const parameter = mocks.find(PARAMETER, "ci-ssm-api-user");
        assert.deepStrictEqual(parameter.options.ignoreChanges, ["value"]);
        assert.ok(mocks.find(SECRET, "ci-secret-api-key"));
        assert.deepStrictEqual(mocks.byType(VERSION), []);
    });

    it("generates a value with RandomPassword and wraps it as JSON when `jsonKey` is given", async () => {
        await build({ app: "db", environment: "dev", secrets: { master: { classification: "confidential", generate: { length: 24, minNumeric: 2, jsonKey: "password" } } } });
        const password = mocks.find(PASSWORD, "ci-generated-master");
        assert.strictEqual(password.inputs.length, 24);
        assert.strictEqual(password.inputs.minNumeric, 2);
        const version = mocks.find(VERSION, "ci-secret-version-master");
        assert.deepStrictEqual(JSON.parse(version.inputs.secretString), { password: "mock-generated-ci-generated-master" });
        assert.deepStrictEqual(version.secretPaths, ["secretString"]);
    });

    it("sets Secrets Manager replicas with their own keys", async () => {
        const replicaKey = `arn:aws:kms:eu-west-1:${MOCK_ACCOUNT_ID}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
        await build({ app: "api", environment: "dev", secrets: { token: { classification: "confidential", external: true, rotation: { mode: "manual", owner: "platform-team" }, replicas: [{ region: "eu-west-1", kmsKeyArn: replicaKey }] } } });
        assert.deepStrictEqual(mocks.find(SECRET, "ci-secret-token").inputs.replicas, [{ region: "eu-west-1", kmsKeyId: replicaKey }]);
    });
});
