// The Vault read policy SecretSet renders, loaded into a real OpenBao server on
// loopback: a token holding only that policy reads exactly the granted paths.
import * as assert from "node:assert/strict";
import { renderVaultReadPolicy } from "../../components/vaultPolicyDocument";
import { OpenBaoServer, startOpenBao } from "../fixtures/servers";

const MOUNT = "secretset-kv";
const GRANTED = "dev/ci-pipeline/partner-token";
const SIBLING = "dev/ci-pipeline/partner-token-admin";
const NEIGHBOUR = "dev/ci-pipeline/signing-key";
const OTHER_ENVIRONMENT = "prod/ci-pipeline/partner-token";
const SENTINEL = "SENTINEL-vault-5b1e";

describe("rendered Vault read policy against OpenBao", function () {
    this.timeout(60_000);
    let bao: OpenBaoServer;

    async function call(token: string, method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> {
        const response = await fetch(`${bao.address}/v1/${path}`, {
            method,
            headers: { "X-Vault-Token": token, ...(body === undefined ? {} : { "content-type": "application/json" }) },
            body: body === undefined ? undefined : JSON.stringify(body),
        });
        const text = await response.text();
        return { status: response.status, json: text === "" ? undefined : JSON.parse(text) };
    }
    async function asRoot(method: string, path: string, body?: unknown) {
        const result = await call(bao.rootToken, method, path, body);
        assert.ok(result.status < 300, `root ${method} ${path} failed with HTTP ${result.status}: ${JSON.stringify(result.json?.errors)}`);
        return result;
    }
    // A new KV v2 mount upgrades its storage in the background; writes fail until it is done.
    async function writeSecret(path: string, data: Record<string, string>): Promise<void> {
        const deadline = Date.now() + 15_000;
        for (;;) {
            const result = await call(bao.rootToken, "POST", `${MOUNT}/data/${path}`, { data });
            if (result.status < 300) return;
            if (Date.now() > deadline) assert.fail(`writing ${path} failed with HTTP ${result.status}: ${JSON.stringify(result.json?.errors)}`);
            await new Promise((resolve) => setTimeout(resolve, 100));
        }
    }
    async function tokenWithPolicy(policyName: string, hcl: string): Promise<string> {
        await asRoot("PUT", `sys/policies/acl/${policyName}`, { policy: hcl });
        const created = await asRoot("POST", "auth/token/create", { policies: [policyName], no_default_policy: true, ttl: "10m" });
        assert.deepEqual(created.json.auth.policies, [policyName], "the token holds only the rendered policy");
        return created.json.auth.client_token as string;
    }

    before(async () => {
        bao = await startOpenBao();
        await asRoot("POST", `sys/mounts/${MOUNT}`, { type: "kv", options: { version: "2" } });
        const mounts = await asRoot("GET", "sys/mounts");
        assert.equal(mounts.json.data[`${MOUNT}/`].options.version, "2");
        for (const path of [GRANTED, SIBLING, NEIGHBOUR, OTHER_ENVIRONMENT]) await writeSecret(path, { value: `${SENTINEL}-${path}` });
    });
    after(async () => {
        await bao?.stop();
    });

    it("reads exactly the granted path and is refused on a sibling, a neighbour and another environment", async () => {
        const token = await tokenWithPolicy("ci-read", renderVaultReadPolicy({ mount: MOUNT, paths: [GRANTED] }));

        const granted = await call(token, "GET", `${MOUNT}/data/${GRANTED}`);
        assert.equal(granted.status, 200);
        assert.equal(granted.json.data.data.value, `${SENTINEL}-${GRANTED}`);

        for (const path of [SIBLING, NEIGHBOUR, OTHER_ENVIRONMENT]) {
            assert.equal((await call(token, "GET", `${MOUNT}/data/${path}`)).status, 403, `read of ${path} is refused`);
        }
        assert.equal((await call(token, "GET", `${MOUNT}/metadata/${GRANTED}`)).status, 403, "metadata is not granted by default");
        assert.equal((await call(token, "LIST", `${MOUNT}/metadata/dev/ci-pipeline`)).status, 403, "listing is refused");
        assert.equal((await call(token, "POST", `${MOUNT}/data/${GRANTED}`, { data: { value: "overwritten" } })).status, 403, "the grant is read-only");
        assert.equal((await call(token, "GET", `secret/data/${GRANTED}`)).status, 403, "another mount is refused");
    });

    it("control: a glob policy (what the renderer refuses to write) would leak the sibling", async () => {
        const glob = `path "${MOUNT}/data/${GRANTED}*" {\n  capabilities = ["read"]\n}\n`;
        const token = await tokenWithPolicy("ci-read-glob", glob);
        assert.equal((await call(token, "GET", `${MOUNT}/data/${SIBLING}`)).status, 200, "the server honours globs, so the 403s above are the renderer's doing");
        assert.throws(() => renderVaultReadPolicy({ mount: MOUNT, paths: [`${GRANTED}*`] }), /wildcard/);
    });

    it("grants metadata read on the same exact paths only when asked", async () => {
        const token = await tokenWithPolicy("ci-read-metadata", renderVaultReadPolicy({ mount: MOUNT, paths: [GRANTED, NEIGHBOUR], includeMetadata: true }));

        for (const path of [GRANTED, NEIGHBOUR]) {
            assert.equal((await call(token, "GET", `${MOUNT}/data/${path}`)).status, 200, `read of ${path}`);
            const metadata = await call(token, "GET", `${MOUNT}/metadata/${path}`);
            assert.equal(metadata.status, 200, `metadata of ${path}`);
            assert.ok(metadata.json.data.current_version >= 1);
        }
        for (const path of [SIBLING, OTHER_ENVIRONMENT]) {
            assert.equal((await call(token, "GET", `${MOUNT}/data/${path}`)).status, 403, `read of ${path} is refused`);
            assert.equal((await call(token, "GET", `${MOUNT}/metadata/${path}`)).status, 403, `metadata of ${path} is refused`);
        }
    });

    it("keeps reading the previous version after an update (KV v2 versions)", async () => {
        const token = await tokenWithPolicy("ci-read-versions", renderVaultReadPolicy({ mount: MOUNT, paths: [NEIGHBOUR] }));
        await writeSecret(NEIGHBOUR, { value: "second" });
        assert.equal((await call(token, "GET", `${MOUNT}/data/${NEIGHBOUR}`)).json.data.data.value, "second");
        const first = await call(token, "GET", `${MOUNT}/data/${NEIGHBOUR}?version=1`);
        assert.equal(first.status, 200);
        assert.equal(first.json.data.data.value, `${SENTINEL}-${NEIGHBOUR}`);
    });
});
