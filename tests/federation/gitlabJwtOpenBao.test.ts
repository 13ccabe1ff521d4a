// The GitLab CI login to Vault, proven against a real OpenBao dev server: the JWT auth
// method, read policy and role SecretSet renders (recorded under mocks) are loaded
// through the HTTP API, and ID tokens signed here stand in for GitLab's. Only a token of
// the bound project, ref and audience logs in, and its Vault token reads exactly the
// consumer's secret. (GitLab's keys come from its OIDC discovery URL in a real
// deployment; here the method verifies with a key pair made by the test.)
import * as assert from "assert";
import { createSign, generateKeyPairSync } from "crypto";
import { createSecretConsumers } from "../../components/secretConsumer";
import { dockerExampleSet } from "../access/fakeSet";
import { type OpenBaoServer, startOpenBao } from "../fixtures/servers";
import { useFederationMocks } from "./federationMocks";

const ISSUER = "https://gitlab.example.com";
const GRANTED = "dev/ci-pipeline/partner-token";
const OTHER = "dev/ci-pipeline/other-token";

function base64url(data: string | Buffer): string {
    return Buffer.from(data).toString("base64url");
}

describe("federation: GitLab JWT login against OpenBao", function () {
    this.timeout(120_000);
    const mocks = useFederationMocks();
    let bao: OpenBaoServer;
    const keys = generateKeyPairSync("rsa", { modulusLength: 2048 });
    let role: Record<string, any>;

    function idToken(overrides: Record<string, unknown> = {}): string {
        const now = Math.floor(Date.now() / 1000);
        const claims = { iss: ISSUER, aud: "secretset-vault", sub: "project_path:acme/app:ref_type:branch:ref:main", project_id: "4242", project_path: "acme/app", ref: "main", ref_type: "branch", iat: now, nbf: now, exp: now + 300, ...overrides };
        const unsigned = `${base64url(JSON.stringify({ alg: "RS256", typ: "JWT", kid: "test" }))}.${base64url(JSON.stringify(claims))}`;
        const signature = createSign("RSA-SHA256").update(unsigned).sign(keys.privateKey);
        return `${unsigned}.${base64url(signature)}`;
    }

    async function api(method: string, path: string, token: string, body?: unknown): Promise<{ status: number; json: any }> {
        const response = await fetch(`${bao.address}/v1/${path}`, { method, headers: { "X-Vault-Token": token, "Content-Type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
        const text = await response.text();
        return { status: response.status, json: text === "" ? {} : JSON.parse(text) };
    }
    async function ok(method: string, path: string, body?: unknown): Promise<any> {
        const result = await api(method, path, bao.rootToken, body);
        assert.ok(result.status < 300, `${method} ${path}: ${result.status} ${JSON.stringify(result.json.errors ?? "")}`);
        return result.json;
    }
    const login = (jwt: string) => api("POST", `auth/${role.backend}/login`, "", { role: role.roleName, jwt });

    before(async () => {
        bao = await startOpenBao();
        mocks.reset();
        createSecretConsumers(dockerExampleSet(), {
            "gitlab-deploy": { secrets: ["partner-token"], gitlabCi: { projectPath: "acme/app", projectId: 4242, ref: "main", url: ISSUER, vault: { tokenTtlSeconds: 600, tokenMaxTtlSeconds: 1200 } } },
        });
        await mocks.settled();
        const mount = mocks.find("vault:jwt/authBackend:AuthBackend", "ci-pipeline-jwt-jwt-gitlab").inputs;
        const policy = mocks.find("vault:index/policy:Policy", "ci-pipeline-consumer-gitlab-deploy-policy").inputs;
        role = mocks.find("vault:jwt/authBackendRole:AuthBackendRole", "ci-pipeline-consumer-gitlab-deploy-jwt-role").inputs;

        await ok("POST", `sys/auth/${mount.path}`, { type: mount.type });
        await ok("POST", `auth/${mount.path}/config`, { bound_issuer: mount.boundIssuer, jwt_validation_pubkeys: [keys.publicKey.export({ type: "spki", format: "pem" })] });
        await ok("PUT", `sys/policies/acl/${policy.name}`, { policy: policy.policy });
        await ok("POST", `auth/${role.backend}/role/${role.roleName}`, {
            role_type: role.roleType,
            user_claim: role.userClaim,
            bound_audiences: role.boundAudiences,
            bound_claims_type: role.boundClaimsType,
            bound_claims: role.boundClaims,
            token_policies: role.tokenPolicies,
            token_ttl: role.tokenTtl,
            token_max_ttl: role.tokenMaxTtl,
            token_explicit_max_ttl: role.tokenExplicitMaxTtl,
        });
        for (const path of [GRANTED, OTHER]) await ok("POST", `secret/data/${path}`, { data: { value: `value-of-${path}` } });
    });
    after(async () => {
        await bao?.stop();
    });

    it("logs in a job of the bound project and ref, whose token reads exactly the consumer's secret", async () => {
        const result = await login(idToken());
        assert.strictEqual(result.status, 200, JSON.stringify(result.json.errors));
        assert.strictEqual(result.json.auth.lease_duration, 600);
        const token = result.json.auth.client_token;
        assert.strictEqual((await api("GET", `secret/data/${GRANTED}`, token)).status, 200);
        assert.strictEqual((await api("GET", `secret/data/${OTHER}`, token)).status, 403);
        assert.strictEqual((await api("POST", `secret/data/${GRANTED}`, token, { data: { value: "overwrite" } })).status, 403);
    });

    for (const [what, claims] of [
        ["another project", { project_id: "4243", project_path: "acme/other" }],
        ["another branch", { ref: "feature/x" }],
        ["a tag of the same name", { ref_type: "tag" }],
        ["another audience", { aud: "sts.amazonaws.com" }],
        ["another issuer", { iss: "https://gitlab.com" }],
    ] as const) {
        it(`refuses a job of ${what}`, async () => {
            const result = await login(idToken(claims));
            assert.ok(result.status >= 400, `${what}: logged in`);
            assert.strictEqual(result.json.auth, undefined);
        });
    }
});
