// The Vault access a consumer gets, proven against a real OpenBao dev server: the
// policy and AppRole role SecretSet renders (recorded under mocks) are loaded through
// the HTTP API, and a token from an AppRole login reads exactly the granted secret,
// for no longer than the bounded TTLs.
import * as assert from "assert";
import { type OpenBaoServer, startOpenBao } from "../fixtures/servers";
import { useMocks } from "../helpers/mocks";
import { createVaultReadAccess } from "../../components/vaultAccess";

const MOUNT = "secret"; // the dev server's KV v2 mount
const GRANTED = "dev/ci-pipeline/partner-token";
const SIBLING = "dev/ci-pipeline/other-token";
const OTHER_ENVIRONMENT = "prod/ci-pipeline/partner-token";
const TTL = 600;
const MAX_TTL = 1200;

describe("access: AppRole consumer against OpenBao", function () {
    this.timeout(120000);
    const mocks = useMocks();
    let bao: OpenBaoServer;

    async function api(method: string, path: string, token: string, body?: unknown): Promise<{ status: number; json: any }> {
        const response = await fetch(`${bao.address}/v1/${path}`, {
            method,
            headers: { "X-Vault-Token": token, "Content-Type": "application/json" },
            body: body === undefined ? undefined : JSON.stringify(body),
        });
        const text = await response.text();
        return { status: response.status, json: text === "" ? {} : JSON.parse(text) };
    }

    async function ok(method: string, path: string, body?: unknown): Promise<any> {
        const result = await api(method, path, bao.rootToken, body);
        assert.ok(result.status < 300, `${method} ${path}: ${result.status} ${JSON.stringify(result.json.errors ?? "")}`);
        return result.json;
    }

    before(async () => {
        bao = await startOpenBao();
    });
    after(async () => {
        await bao?.stop();
    });

    it("reads the granted path with an AppRole token, and nothing else", async () => {
        // What the component renders, as it would reach the provider.
        createVaultReadAccess("partner", {
            policyName: "dev-ci-pipeline-partner-agents",
            mount: MOUNT,
            paths: [GRANTED],
            appRole: { tokenTtlSeconds: TTL, tokenMaxTtlSeconds: MAX_TTL, secretIdTtlSeconds: 300 },
        });
        await mocks.settled();
        const policy = mocks.find("vault:index/policy:Policy", "partner-policy").inputs;
        const role = mocks.find("vault:appRole/authBackendRole:AuthBackendRole", "partner-approle").inputs;

        // Loaded as the Vault provider would: auth method, policy, role.
        await ok("POST", "sys/auth/approle", { type: "approle" });
        await ok("PUT", `sys/policies/acl/${policy.name}`, { policy: policy.policy });
        await ok("POST", `auth/${role.backend}/role/${role.roleName}`, {
            token_policies: role.tokenPolicies,
            token_ttl: role.tokenTtl,
            token_max_ttl: role.tokenMaxTtl,
            token_explicit_max_ttl: role.tokenExplicitMaxTtl,
            secret_id_ttl: role.secretIdTtl,
        });
        for (const path of [GRANTED, SIBLING, OTHER_ENVIRONMENT]) {
            await ok("POST", `${MOUNT}/data/${path}`, { data: { value: `value-of-${path}` } });
        }

        const roleId = (await ok("GET", `auth/${role.backend}/role/${role.roleName}/role-id`)).data.role_id;
        const secretId = (await ok("POST", `auth/${role.backend}/role/${role.roleName}/secret-id`)).data.secret_id;
        const login = await api("POST", `auth/${role.backend}/login`, "", { role_id: roleId, secret_id: secretId });
        assert.strictEqual(login.status, 200);
        const token: string = login.json.auth.client_token;
        assert.strictEqual(login.json.auth.lease_duration, TTL);
        assert.ok(login.json.auth.policies.includes("dev-ci-pipeline-partner-agents"));

        const granted = await api("GET", `${MOUNT}/data/${GRANTED}`, token);
        assert.strictEqual(granted.status, 200);
        assert.strictEqual(granted.json.data.data.value, `value-of-${GRANTED}`);
        for (const refused of [`${MOUNT}/data/${SIBLING}`, `${MOUNT}/data/${OTHER_ENVIRONMENT}`, `${MOUNT}/metadata/${GRANTED}`]) {
            assert.strictEqual((await api("GET", refused, token)).status, 403, refused);
        }
        assert.strictEqual((await api("POST", `${MOUNT}/data/${GRANTED}`, token, { data: { value: "overwrite" } })).status, 403);

        // Renewal cannot outlive the max TTL.
        const renewed = await api("POST", "auth/token/renew-self", token, { increment: 7 * 24 * 3600 });
        assert.strictEqual(renewed.status, 200);
        assert.ok(renewed.json.auth.lease_duration <= MAX_TTL, String(renewed.json.auth.lease_duration));
    });
});
