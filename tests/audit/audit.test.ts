// The audit command against a seeded estate in moto and OpenBao (started here, on
// loopback): each kind of drift is found on the secret that has it and nowhere else,
// the API calls are the batched minimum, and no value appears in any output.
import * as assert from "assert";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { formatAuditMarkdown, formatAuditTree } from "../../tools/audit/auditReport";
import { parseAuditArgs } from "../../tools/audit/args";
import { runAudit } from "../../tools/audit/runAudit";
import { MOTO_CREDENTIALS, MOTO_REGION, type MotoServer, type OpenBaoServer, startMoto, startOpenBao } from "../fixtures/servers";
import { APP, ENV, MOUNT, SENTINEL, type Seeded, STACK_FILE, seedAws, seedVault, stackExport } from "./estate";

const REPO = path.resolve(__dirname, "..", "..");
const DAY = 86_400_000;

describe("audit command against moto and OpenBao", function () {
    this.timeout(120_000);
    let moto: MotoServer;
    let bao: OpenBaoServer;
    let dir: string;
    let seeded: Seeded;
    const saved: Record<string, string | undefined> = {};
    let env: NodeJS.ProcessEnv;

    before(async () => {
        [moto, bao] = await Promise.all([startMoto(), startOpenBao()]);
        env = {
            AWS_ENDPOINT_URL: moto.endpoint,
            AWS_ACCESS_KEY_ID: MOTO_CREDENTIALS.accessKeyId,
            AWS_SECRET_ACCESS_KEY: MOTO_CREDENTIALS.secretAccessKey,
            AWS_REGION: MOTO_REGION,
            VAULT_ADDR: bao.address,
            VAULT_TOKEN: bao.rootToken,
        };
        // The AWS SDK reads its endpoint and credentials from the process environment.
        for (const [key, value] of Object.entries(env)) {
            saved[key] = process.env[key];
            process.env[key] = value;
        }
        seeded = await seedAws(moto.endpoint);
        await seedVault(bao.address, bao.rootToken);
        dir = mkdtempSync(path.join(tmpdir(), "secretset-audit-"));
        writeFileSync(path.join(dir, "Pulumi.qa.yaml"), STACK_FILE);
        writeFileSync(path.join(dir, "state.json"), JSON.stringify(stackExport(seeded)));
    });

    after(async () => {
        for (const [key, value] of Object.entries(saved)) {
            if (value === undefined) delete process.env[key];
            else process.env[key] = value;
        }
        await Promise.all([moto?.stop(), bao?.stop()]);
        if (dir) rmSync(dir, { recursive: true, force: true });
    });

    const args = (extra: string[] = []) => parseAuditArgs(["--stack", "qa", "--config", path.join(dir, "Pulumi.qa.yaml"), "--state", path.join(dir, "state.json"), ...extra]);
    const inDays = (days: number) => new Date(Date.now() + days * DAY).toISOString();
    const p = `${ENV}/${APP}`;

    it("reports each seeded kind of drift on exactly the secret that has it", async () => {
        const { report, exitCode } = await runAudit(args(["--as-of", inDays(45)]), env);
        const found = report.findings.map((f) => `${f.kind} ${f.name}`).sort();
        assert.deepStrictEqual(found, [
            `extra ${MOUNT}/${p}/orphan`,
            "extra legacy-shop-token",
            `extra ${p}/leftover`,
            `extra /${p}/stray`,
            `manual-overdue ${p}/partner-cert`,
            `missing ${p}/missing-one`,
            `rotation-disabled ${p}/drifted`,
            `rotation-disabled ${p}/rotation-off`,
            `rotation-failed ${p}/stuck`,
            `rotation-overdue ${p}/signing-key`,
            `value-drift ${MOUNT}/${p}/vault-drift`,
            `value-drift /${p}/drift-user`,
            `value-drift ${p}/drifted`,
            "vault-audit-disabled sys/audit",
            `vault-max-versions ${MOUNT}/${p}/vault-short`,
            `wrong-classification-tag /${p}/untagged-user`,
            `wrong-classification-tag ${p}/wrong-tag`,
            `wrong-kms-key /${p}/aws-key-user`,
            `wrong-kms-key ${p}/wrong-key`,
            `wrong-store-type /${p}/plain-user`,
        ].sort());
        assert.strictEqual(exitCode, 1);
        assert.strictEqual(report.summary.advisory, 5); // 4 extras + the audit device (not declared by the stack)
        assert.match(report.findings.find((f) => f.kind === "manual-overdue")?.message ?? "", /rotated manually \(rotated by partner-team\) every 30 days; its value last changed 45 days ago/);
        assert.match(report.findings.find((f) => f.kind === "rotation-overdue")?.message ?? "", /must rotate every 30 days; it last rotated 45 days ago/);
    });

    it("makes the batched minimum of API calls, and prints the figure", async () => {
        const { report } = await runAudit(args(["--as-of", inDays(45)]), env);
        assert.deepStrictEqual(report.apiCalls.byOperation, {
            "kms:ListAliases": 1,
            "secretsmanager:ListSecrets": 2, // by name prefix and by app tag, 100 per page
            "ssm:DescribeParameters": 7, // path, tags, one per classification level, manual mode (7 parameters: fewer than one call each)
            "vault:ListAuditDevices": 1,
            "vault:ListMetadata": 1,
            "vault:ReadKvConfig": 1,
            "vault:ReadMetadata": 3, // KV v2 has no batch read: one per declared Vault secret
            "vault:ReadMount": 1,
        });
        assert.strictEqual(report.apiCalls.total, 17);
        assert.match(formatAuditTree(report), /API calls: 17 for 18 secrets \(kms:ListAliases 1, secretsmanager:ListSecrets 2, ssm:DescribeParameters 7/);
    });

    it("reports secrets not read for more than --not-accessed-days (never read: counted from creation)", async () => {
        const { report } = await runAudit(args(["--as-of", inDays(45), "--not-accessed-days", "30"]), env);
        const idle = report.findings.filter((f) => f.kind === "not-accessed").map((f) => f.name).sort();
        assert.deepStrictEqual(idle, ["api-key", "drifted", "partner-cert", "rotation-off", "signing-key", "stuck", "wrong-key", "wrong-tag"].map((n) => `${p}/${n}`).sort());
        assert.ok(report.findings.filter((f) => f.kind === "not-accessed").every((f) => f.severity === "advisory"));
        const today = await runAudit(args(["--not-accessed-days", "30"]), env);
        assert.strictEqual(today.report.findings.filter((f) => f.kind === "not-accessed" || f.kind.startsWith("rotation-overdue") || f.kind === "manual-overdue").length, 0);
    });

    it("checks the Vault mount is KV version 2", async () => {
        const file = path.join(dir, "Pulumi.kv1.yaml");
        writeFileSync(file, `config:\n  secretset:app: ${APP}\n  secretset:environment: ${ENV}\n  secretset:vault: { mount: kv-one, createMount: false }\n  secretset:secrets:\n    x: { classification: confidential, backends: [vault], external: true, rotation: { mode: manual, owner: ops, days: 30 } }\n`);
        const { report } = await runAudit(parseAuditArgs(["--stack", "kv1", "--config", file]), env);
        assert.ok(report.findings.some((f) => f.kind === "vault-mount" && /`kv-one` is `kv` version 1; SecretSet needs KV version 2/.test(f.message)), JSON.stringify(report.findings));
    });

    it("reads SSM tags one parameter at a time when that is fewer calls than the batched tag queries", async () => {
        const file = path.join(dir, "Pulumi.small.yaml");
        writeFileSync(file, `config:\n  secretset:app: ${APP}\n  secretset:environment: ${ENV}\n  secretset:secrets:\n    db-user: { classification: internal }\n    untagged-user: { classification: internal }\n`);
        // The path holds 7 parameters, more than the 5 batched queries cost: batched.
        const batched = await runAudit(parseAuditArgs(["--stack", "small", "--config", file]), env);
        assert.strictEqual(batched.report.apiCalls.byOperation["ssm:DescribeParameters"], 7);
        assert.deepStrictEqual(batched.report.findings.filter((f) => f.secret !== null).map((f) => `${f.kind} ${f.secret}`), ["wrong-classification-tag untagged-user"]);
        // Another app with 2 parameters: one ListTagsForResource each.
        writeFileSync(file, `config:\n  secretset:app: tiny\n  secretset:environment: ${ENV}\n  secretset:secrets:\n    a: { classification: internal }\n    b: { classification: internal }\n`);
        const { SSMClient, PutParameterCommand } = await import("@aws-sdk/client-ssm");
        const ssm = new SSMClient({ endpoint: moto.endpoint, region: MOTO_REGION, credentials: MOTO_CREDENTIALS });
        for (const name of ["a", "b"]) {
            await ssm.send(new PutParameterCommand({ Name: `/${ENV}/tiny/${name}`, Value: SENTINEL, Type: "SecureString", KeyId: `alias/${ENV}-tiny-secrets`, Tags: [{ Key: "secretset:classification", Value: name === "a" ? "internal" : "public" }] }));
        }
        const single = await runAudit(parseAuditArgs(["--stack", "small", "--config", file]), env);
        assert.strictEqual(single.report.apiCalls.byOperation["ssm:DescribeParameters"], 2);
        assert.strictEqual(single.report.apiCalls.byOperation["ssm:ListTagsForResource"], 2);
        assert.deepStrictEqual(single.report.findings.filter((f) => f.kind === "wrong-classification-tag").map((f) => f.secret), ["b"]);
    });

    it("never prints a value, in any format", async () => {
        const { report } = await runAudit(args(["--as-of", inDays(45), "--not-accessed-days", "30"]), env);
        for (const output of [JSON.stringify(report), formatAuditTree(report), formatAuditMarkdown(report)]) {
            assert.ok(!output.includes(SENTINEL.slice(0, 12)), "an output contains the sentinel value");
        }
    });

    it("runs as a command: JSON on stdout, exit 1 on mandatory findings, exit 2 on bad input", () => {
        const run = (argv: string[]) => spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", "tools/audit/cli.ts", ...argv], { cwd: REPO, env: { ...process.env, ...env }, encoding: "utf8" });
        const ok = run(["--stack", "qa", "--config", path.join(dir, "Pulumi.qa.yaml"), "--format", "json"]);
        assert.strictEqual(ok.status, 1, ok.stderr);
        const document = JSON.parse(ok.stdout) as { findings: unknown[]; apiCalls: { total: number } };
        assert.ok(document.findings.length > 0 && document.apiCalls.total > 0);
        assert.ok(!ok.stdout.includes(SENTINEL.slice(0, 12)) && !ok.stderr.includes(SENTINEL.slice(0, 12)));
        const bad = run(["--stack", "qa", "--not-accessed-days", "soon"]);
        assert.strictEqual(bad.status, 2);
        assert.match(bad.stderr, /^error: `--not-accessed-days` must be a whole number of days/);
        const noVault = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", "tools/audit/cli.ts", "--stack", "qa", "--config", path.join(dir, "Pulumi.qa.yaml")], {
            cwd: REPO,
            env: { ...process.env, ...env, VAULT_TOKEN: "" },
            encoding: "utf8",
        });
        assert.strictEqual(noVault.status, 2);
        assert.match(noVault.stderr, /set VAULT_ADDR and VAULT_TOKEN/);
    });
});
