// `secretset exec` against moto and OpenBao started here: the command sees every chosen
// secret in its environment, nothing leaks to stdout/stderr/disk, the API calls are
// ceil(ssm/10) + ceil(secretsmanager/20) + one per Vault secret, and exit codes and
// signals of the command pass through.
import { strict as assert } from "node:assert";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { defaultEnvName } from "../../tools/exec/args";
import { MOTO_CREDENTIALS, type MotoServer, type OpenBaoServer, startMoto, startOpenBao } from "../fixtures/servers";
import { type CountingProxy, startCountingProxy } from "./countingProxy";
import { filesContaining, runExec, type SeededSecret, scratchDirectory, seed, sentinel, stackYaml } from "./execHarness";

function numbered(prefix: string, count: number): string[] {
    return Array.from({ length: count }, (_, i) => `${prefix}-${String(i + 1).padStart(2, "0")}`);
}

function plain(name: string, store: SeededSecret["store"], declaration: Record<string, unknown>): SeededSecret {
    const value = sentinel(name);
    return { name, declaration, store, sentinel: value, stored: store === "vault" ? JSON.stringify({ value }) : value };
}

// 1 public + 12 internal + 1 internal also in Vault = 14 SSM; 21 + 1 JSON = 22 Secrets Manager; 3 Vault-only.
const jsonSecret: SeededSecret = (() => {
    const value = sentinel("db-login");
    return { name: "db-login", declaration: { classification: "confidential", generate: { jsonKey: "password" } }, store: "secretsmanager", sentinel: value, stored: JSON.stringify({ password: value }) };
})();
const ESTATE: SeededSecret[] = [
    plain("registry-url", "ssm-string", { classification: "public", value: "https://registry.example" }),
    ...numbered("user", 12).map((n) => plain(n, "ssm-secure", { classification: "internal" })),
    plain("both-stores", "ssm-secure", { classification: "internal", backends: ["aws", "vault"] }),
    ...numbered("token", 21).map((n) => plain(n, "secretsmanager", { classification: "confidential" })),
    jsonSecret,
    ...numbered("partner", 3).map((n) => plain(n, "vault", { classification: "confidential", backends: ["vault"] })),
];
const SENTINELS = ESTATE.map((s) => s.sentinel);

/** Checks its environment against sha256 digests (never values) and prints names only. */
const CHECKER = `
const crypto = require("crypto");
const expected = JSON.parse(process.env.EXPECTED_DIGESTS);
const wrong = Object.keys(expected).filter((n) => crypto.createHash("sha256").update(process.env[n] ?? "").digest("hex") !== expected[n]);
console.log(wrong.length === 0 ? "checked " + Object.keys(expected).length : "mismatch " + wrong.join(","));
process.exit(wrong.length === 0 ? 0 : 3);`;

function digests(entries: readonly [string, string][]): string {
    return JSON.stringify(Object.fromEntries(entries.map(([env, value]) => [env, createHash("sha256").update(value).digest("hex")])));
}

function assertNoLeak(run: { stdout: string; stderr: string }): void {
    for (const value of SENTINELS) {
        assert.ok(!run.stdout.includes(value) && !run.stderr.includes(value), "a secret value reached exec's stdout or stderr");
    }
    assert.ok(!/SENTINEL-/.test(run.stdout + run.stderr), "a sentinel prefix reached the output");
}

describe("secretset exec against moto and OpenBao", function () {
    this.timeout(120_000);
    let moto: MotoServer;
    let bao: OpenBaoServer;
    let awsProxy: CountingProxy;
    let vaultProxy: CountingProxy;
    let dir: string;
    let stackFile: string;

    before(async () => {
        [moto, bao] = await Promise.all([startMoto(), startOpenBao()]);
        await seed(ESTATE, moto.endpoint, { address: bao.address, token: bao.rootToken });
        awsProxy = await startCountingProxy(moto.endpoint);
        vaultProxy = await startCountingProxy(bao.address);
        dir = scratchDirectory();
        stackFile = path.join(dir, "Pulumi.ci.yaml");
        fs.writeFileSync(stackFile, stackYaml(ESTATE));
    });
    after(async () => {
        await Promise.all([awsProxy?.stop(), vaultProxy?.stop()]);
        await Promise.all([moto?.stop(), bao?.stop()]);
        if (dir) fs.rmSync(dir, { recursive: true, force: true });
    });
    beforeEach(() => {
        awsProxy.reset();
        vaultProxy.reset();
    });

    function environment(extra: Record<string, string> = {}): Record<string, string> {
        return {
            HOME: dir,
            AWS_ACCESS_KEY_ID: MOTO_CREDENTIALS.accessKeyId,
            AWS_SECRET_ACCESS_KEY: MOTO_CREDENTIALS.secretAccessKey,
            AWS_ENDPOINT_URL: awsProxy.endpoint,
            AWS_EC2_METADATA_DISABLED: "true",
            AWS_CONFIG_FILE: path.join(dir, "no-aws-config"),
            AWS_SHARED_CREDENTIALS_FILE: path.join(dir, "no-aws-credentials"),
            VAULT_ADDR: vaultProxy.endpoint,
            VAULT_TOKEN: bao.rootToken,
            ...extra,
        };
    }

    it("hands every declared secret to the command with the fewest API calls, and leaks nothing", async () => {
        const expected = digests(ESTATE.map((s) => [defaultEnvName(s.name), s.sentinel]));
        const run = await runExec(["--stack", "ci", "--config", stackFile, "--", process.execPath, "-e", CHECKER], { cwd: dir, env: environment({ EXPECTED_DIGESTS: expected }) });
        assert.equal(run.stderr, "");
        assert.equal(run.stdout.trim(), `checked ${ESTATE.length}`);
        assert.equal(run.code, 0);
        assertNoLeak(run);
        const ssm = ESTATE.filter((s) => s.store.startsWith("ssm")).length;
        const secretsManager = ESTATE.filter((s) => s.store === "secretsmanager").length;
        const vault = ESTATE.filter((s) => s.store === "vault").length;
        assert.deepEqual(Object.fromEntries(awsProxy.counts), {
            "AmazonSSM.GetParameters": Math.ceil(ssm / 10),
            "secretsmanager.BatchGetSecretValue": Math.ceil(secretsManager / 20),
        });
        assert.equal(vaultProxy.total("GET /v1/secret/data/"), vault);
        assert.equal(vaultProxy.total(), vault);
        assert.deepEqual(filesContaining(dir, SENTINELS), [], "a secret value was written to disk");
    });

    it("passes only the chosen secrets, under overridden names, reading only their stores", async () => {
        const token = ESTATE.find((s) => s.name === "token-03")!;
        const partner = ESTATE.find((s) => s.name === "partner-02")!;
        const expected = digests([["DEPLOY_TOKEN", token.sentinel], [defaultEnvName(partner.name), partner.sentinel], [defaultEnvName("user-01"), ""], ["DB_PASSWORD", jsonSecret.sentinel]]);
        const run = await runExec(["--stack", "ci", "--config", stackFile, "--secrets", "token-03=DEPLOY_TOKEN,partner-02,db-login=DB_PASSWORD", "--", process.execPath, "-e", CHECKER], {
            cwd: dir,
            env: environment({ EXPECTED_DIGESTS: expected }),
        });
        assert.equal(run.code, 0, run.stdout + run.stderr);
        assertNoLeak(run);
        assert.deepEqual(Object.fromEntries(awsProxy.counts), { "secretsmanager.BatchGetSecretValue": 1 });
        assert.equal(vaultProxy.total(), 1);
    });

    it("passes the command's exit code through", async () => {
        const run = await runExec(["--stack", "ci", "--config", stackFile, "--secrets", "user-01", "--", process.execPath, "-e", "process.exit(7)"], { cwd: dir, env: environment() });
        assert.equal(run.code, 7);
        assertNoLeak(run);
    });

    it("forwards SIGTERM to the command and ends the way the command ends", async () => {
        const script = `process.on("SIGTERM", () => { console.log("got SIGTERM"); process.exit(42); }); console.log("ready"); setInterval(() => {}, 1000);`;
        const run = await runExec(["--stack", "ci", "--config", stackFile, "--secrets", "user-02", "--", process.execPath, "-e", script], {
            cwd: dir,
            env: environment(),
            onStart: (pid, output) => {
                const poll = setInterval(() => {
                    if (output().includes("ready")) {
                        clearInterval(poll);
                        process.kill(pid, "SIGTERM");
                    }
                }, 50);
            },
        });
        assert.match(run.stdout, /got SIGTERM/);
        assert.equal(run.code, 42);
    });

    it("ends with the command's signal when the command is killed", async () => {
        const run = await runExec(["--stack", "ci", "--config", stackFile, "--secrets", "user-03", "--", process.execPath, "-e", `process.kill(process.pid, "SIGKILL")`], { cwd: dir, env: environment() });
        assert.equal(run.signal, "SIGKILL");
    });

    it("refuses unknown secrets with exit 2, naming them, before any API call", async () => {
        const run = await runExec(["--stack", "ci", "--config", stackFile, "--secrets", "user-01,no-such-secret", "--", "true"], { cwd: dir, env: environment() });
        assert.equal(run.code, 2);
        assert.match(run.stderr, /Unknown secret `no-such-secret`/);
        assert.equal(awsProxy.total() + vaultProxy.total(), 0);
    });

    it("exits 2 with the fix when the runner has no AWS credentials", async () => {
        const env = environment();
        delete (env as Record<string, string | undefined>).AWS_ACCESS_KEY_ID;
        delete (env as Record<string, string | undefined>).AWS_SECRET_ACCESS_KEY;
        const run = await runExec(["--stack", "ci", "--config", stackFile, "--secrets", "token-01", "--", "true"], { cwd: dir, env });
        assert.equal(run.code, 2);
        assert.match(run.stderr, /No AWS credentials/);
        assert.equal(awsProxy.total(), 0);
    });

    it("exits 2 when a Vault-only secret is chosen without VAULT_TOKEN", async () => {
        const run = await runExec(["--stack", "ci", "--config", stackFile, "--secrets", "partner-01", "--", "true"], { cwd: dir, env: environment({ VAULT_TOKEN: "" }) });
        assert.equal(run.code, 2);
        assert.match(run.stderr, /VAULT_ADDR and VAULT_TOKEN/);
    });

    it("exits 2 naming a declared secret that is missing from its store", async () => {
        const file = path.join(dir, "Pulumi.extra.yaml");
        fs.writeFileSync(file, stackYaml([...ESTATE, plain("never-deployed", "secretsmanager", { classification: "confidential" })]));
        const run = await runExec(["--stack", "ci", "--config", file, "--secrets", "token-01,never-deployed", "--", "true"], { cwd: dir, env: environment() });
        assert.equal(run.code, 2);
        assert.match(run.stderr, /`never-deployed` \(ci\/exec-demo\/never-deployed: ResourceNotFoundException\)/);
        assertNoLeak(run);
    });

    it("takes the Vault token from ~/.vault-token when VAULT_TOKEN is not set", async () => {
        const home = scratchDirectory();
        fs.writeFileSync(path.join(home, ".vault-token"), `${bao.rootToken}\n`, { mode: 0o600 });
        const partner = ESTATE.find((s) => s.name === "partner-01")!;
        const run = await runExec(["--stack", "ci", "--config", stackFile, "--secrets", "partner-01", "--", process.execPath, "-e", CHECKER], {
            cwd: dir,
            env: environment({ HOME: home, VAULT_TOKEN: "", EXPECTED_DIGESTS: digests([["PARTNER_01", partner.sentinel]]) }),
        });
        fs.rmSync(home, { recursive: true, force: true });
        assert.equal(run.code, 0, run.stderr);
        assertNoLeak(run);
    });

    it("exits 2 when Vault refuses the token", async () => {
        const run = await runExec(["--stack", "ci", "--config", stackFile, "--secrets", "partner-01", "--", "true"], { cwd: dir, env: environment({ VAULT_TOKEN: "not-a-token" }) });
        assert.equal(run.code, 2);
        assert.match(run.stderr, /Vault refused to read `partner-01`/);
    });
});
