// Vault KV v2 backend: mount (created or reused), engine config keeping versions,
// one SecretV2 per secret with the tags as custom metadata and secret data.
import * as assert from "assert";
import { TAG_KEYS, ROTATION_DAYS_KEY, ROTATION_MODE_KEY } from "../../policies/lib/classification";
import { SecretSet, validateSecretSet } from "../../components/secretSet";
import type { SecretSetArgs } from "../../components/secretSetArgs";
import { promiseOf, useMocks } from "../helpers/mocks";
import { DOCKER_PASSWORD, dockerExample } from "./exampleArgs";

const MOUNT = "vault:index/mount:Mount";
const ENGINE = "vault:kv/secretBackendV2:SecretBackendV2";
const KV = "vault:kv/secretV2:SecretV2";

describe("SecretSet Vault backend", () => {
    const mocks = useMocks();

    async function build(args: SecretSetArgs): Promise<SecretSet> {
        const set = new SecretSet("ci", args);
        await promiseOf(set.manifest);
        await mocks.settled();
        return set;
    }

    it("creates a KV v2 mount and keeps `maxVersions` on the engine and on each secret", async () => {
        await build(dockerExample());
        const mount = mocks.find(MOUNT, "ci-vault-mount");
        assert.strictEqual(mount.inputs.type, "kv");
        assert.deepStrictEqual(mount.inputs.options, { version: "2" });
        assert.strictEqual(mount.inputs.path, "secret");
        const engine = mocks.find(ENGINE, "ci-vault-config");
        assert.strictEqual(engine.inputs.mount, "secret");
        assert.strictEqual(engine.inputs.maxVersions, 10);
        const kv = mocks.find(KV, "ci-vault-partner-token");
        assert.strictEqual(kv.inputs.mount, "secret");
        assert.strictEqual(kv.inputs.name, "dev/ci-pipeline/partner-token");
        assert.strictEqual(kv.inputs.customMetadata.maxVersions, 10);
        assert.deepStrictEqual(kv.inputs.customMetadata.data, {
            [TAG_KEYS.classification]: "confidential",
            [TAG_KEYS.environment]: "dev",
            [TAG_KEYS.app]: "ci-pipeline",
            [TAG_KEYS.owner]: "platform-team",
            // Generated and rotating: mode and schedule are recorded so readers and tools can see them.
            [ROTATION_DAYS_KEY]: "30",
            [ROTATION_MODE_KEY]: "generated",
        });
        assert.ok(kv.secretPaths.includes("dataJson"));
        assert.ok(kv.options.additionalSecretOutputs.includes("dataJson"));
        assert.deepStrictEqual(JSON.parse(kv.inputs.dataJson), { value: "mock-generated-ci-generated-partner-token" });
    });

    it("puts a Vault-only secret nowhere on AWS", async () => {
        await build(dockerExample());
        assert.ok(!mocks.resources.some((r) => r.type.startsWith("aws:") && r.name.endsWith("partner-token")));
    });

    it("writes a secret to both stores with `backends: [aws, vault]`", async () => {
        const args = dockerExample();
        await build({ ...args, secrets: { ...args.secrets, "docker-password": { ...args.secrets["docker-password"], backends: ["aws", "vault"] } } });
        assert.ok(mocks.find("aws:secretsmanager/secret:Secret", "ci-secret-docker-password"));
        const kv = mocks.find(KV, "ci-vault-docker-password");
        assert.deepStrictEqual(JSON.parse(kv.inputs.dataJson), { value: DOCKER_PASSWORD });
        assert.ok(kv.secretPaths.includes("dataJson"));
    });

    it("ignores Vault value changes for external and manual values; a generated one lands as a new version", async () => {
        const args = dockerExample();
        await build({
            ...args,
            secrets: {
                ...args.secrets,
                // Rotated by its owner outside Pulumi (`manual`): `pulumi up` must never put the old value back.
                "docker-password": { ...args.secrets["docker-password"], backends: ["aws", "vault"] },
                "vendor-token": { classification: "confidential", backends: ["vault"], external: true, rotation: { mode: "manual", owner: "vendor-portal" } },
            },
        });
        assert.deepStrictEqual(mocks.find(KV, "ci-vault-docker-password").options.ignoreChanges, ["dataJson"]);
        assert.deepStrictEqual(mocks.find(KV, "ci-vault-partner-token").options.ignoreChanges, []);
        assert.deepStrictEqual(mocks.find(KV, "ci-vault-vendor-token").options.ignoreChanges, ["dataJson"]);
        assert.strictEqual(mocks.find(KV, "ci-vault-vendor-token").inputs.customMetadata.data[ROTATION_MODE_KEY], "manual");
    });

    it("refuses a config-fed Vault copy of a rotating class that does not say who rotates it, without echoing the value", () => {
        const args = dockerExample();
        const problems = validateSecretSet({ ...args, secrets: { ...args.secrets, "docker-password": { classification: "confidential", backends: ["vault"] } } });
        assert.deepStrictEqual(problems.map((p) => `${p.secret}:${p.field}`), ["docker-password:rotation.mode"]);
        assert.match(problems[0].message, /`rotation\.mode: manual`/);
        assert.ok(!problems[0].message.includes(DOCKER_PASSWORD));
    });

    it("reuses an existing mount by path when `createMount` is false", async () => {
        await build(dockerExample({ vault: { mount: "kv-apps", createMount: false, maxVersions: 25 } }));
        assert.deepStrictEqual(mocks.byType(MOUNT), []);
        assert.deepStrictEqual(mocks.byType(ENGINE), []);
        const kv = mocks.find(KV, "ci-vault-partner-token");
        assert.strictEqual(kv.inputs.mount, "kv-apps");
        assert.strictEqual(kv.inputs.customMetadata.maxVersions, 25);
    });

    it("creates no Vault resources when no secret uses Vault", async () => {
        const args = dockerExample();
        const { "partner-token": _dropped, ...secrets } = args.secrets;
        await build({ ...args, secrets });
        assert.deepStrictEqual(mocks.resources.filter((r) => r.type.startsWith("vault:")), []);
    });

    it("reports the Vault mount and path in the `secrets` output", async () => {
        const set = await build(dockerExample());
        const summary = (await promiseOf(set.secrets))["partner-token"];
        assert.deepStrictEqual(summary.stores, ["vault-kv"]);
        assert.strictEqual(summary.vaultMount, "secret");
        assert.strictEqual(summary.vaultPath, "dev/ci-pipeline/partner-token");
    });
});
