// The PostgreSQL rotator against a real PostgreSQL (started here on loopback) and
// moto for Secrets Manager. moto cannot run Lambdas, so its RotateSecret stages the
// token (via a stub function) and the test delivers the four steps to the handler
// in-process, as Secrets Manager would: twice, out of a crash, or failing.
import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { cpSync, existsSync, mkdtempSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { CreateSecretCommand, DescribeSecretCommand, GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { Client, type ClientConfig } from "pg";
import { lambdaCodeWithDependencies } from "../../components/rotation/lambdaCode";
import type { RotationLogEntry, RotationStep } from "../../components/rotation/rotator";
import { createHandler, type DatabaseClient, type PostgresRotationOptions } from "../../components/rotation/rotator/postgres";
import { beginRotation, motoSecretsManagerClient, registerStubRotationFunction } from "../fixtures/motoRotation";
import { type PostgresServer, startPostgres } from "../fixtures/postgres";
import { MotoServer, startMoto } from "../fixtures/servers";

const STEPS: readonly RotationStep[] = ["createSecret", "setSecret", "testSecret", "finishSecret"];
const SENTINEL = "Sentinel-Pg-0ld-Pass-7f3a";

interface DbSecret { engine: string; host: string; port: number; username: string; password: string; dbname: string; masterarn?: string; ssl?: boolean }

describe("PostgreSQL rotator against PostgreSQL and moto", function () {
    this.timeout(120_000);
    let pg: PostgresServer;
    let moto: MotoServer;
    let sm: SecretsManagerClient;
    let stubArn: string;
    let logs: RotationLogEntry[];
    let counter = 0;

    async function superuserQuery(sql: string, database = "postgres"): Promise<void> {
        const client = new Client({ ...pg.superuser, database });
        await client.connect();
        try {
            await client.query(sql);
        } finally {
            await client.end();
        }
    }

    before(async () => {
        [pg, moto] = await Promise.all([startPostgres(), startMoto()]);
        sm = motoSecretsManagerClient(moto.endpoint);
        stubArn = await registerStubRotationFunction(moto.endpoint);
        await superuserQuery("CREATE DATABASE appdb");
        await superuserQuery(`CREATE ROLE rotation_master LOGIN CREATEROLE PASSWORD 'master-Pass-123'`);
    });
    after(async () => {
        sm?.destroy();
        await Promise.all([pg?.stop(), moto?.stop()]);
    });
    beforeEach(() => (logs = []));

    const handler = (extra: PostgresRotationOptions = {}) => createHandler({ client: sm, log: (e) => logs.push(e), ...extra });
    // AWS's JSON without `ssl`: TLS is tried first and this loopback server (no TLS) is reached in plain, as AWS's rotators do.
    const docOf = (username: string, password: string, extra: Partial<DbSecret> = {}): DbSecret => ({ engine: "postgres", host: pg.superuser.host, port: pg.superuser.port, username, password, dbname: "appdb", ...extra });

    /** A fresh user with a table it owns, and its secret in moto. */
    async function newUserSecret(strategy: "single-user" | "alternating-users"): Promise<{ arn: string; user: string }> {
        const user = `app_${strategy === "single-user" ? "s" : "a"}_${++counter}`;
        await superuserQuery(`CREATE ROLE ${user} LOGIN PASSWORD '${SENTINEL}'`);
        await superuserQuery(`GRANT CONNECT, CREATE ON DATABASE appdb TO ${user}`);
        await superuserQuery(`CREATE SCHEMA ${user} AUTHORIZATION ${user}`, "appdb");
        await superuserQuery(`CREATE TABLE ${user}.items (id int); ALTER TABLE ${user}.items OWNER TO ${user}; INSERT INTO ${user}.items VALUES (1)`, "appdb");
        let masterarn: string | undefined;
        if (strategy === "alternating-users") {
            const master = await sm.send(new CreateSecretCommand({ Name: `dev/app/master-${randomUUID().slice(0, 8)}`, SecretString: JSON.stringify(docOf("rotation_master", "master-Pass-123", { dbname: "postgres" })) }));
            masterarn = master.ARN;
        }
        const created = await sm.send(new CreateSecretCommand({
            Name: `dev/app/${user}`,
            SecretString: JSON.stringify(docOf(user, SENTINEL, masterarn ? { masterarn } : {})),
            Tags: [{ Key: "secretset:rotation-strategy", Value: strategy }],
        }));
        return { arn: created.ARN!, user };
    }

    async function valueAt(arn: string, VersionStage: string): Promise<DbSecret> {
        return JSON.parse((await sm.send(new GetSecretValueCommand({ SecretId: arn, VersionStage }))).SecretString!) as DbSecret;
    }
    async function stages(arn: string) {
        return (await sm.send(new DescribeSecretCommand({ SecretId: arn }))).VersionIdsToStages ?? {};
    }
    /** Logs in and reads the user's table; false when PostgreSQL refuses the password. */
    async function works(doc: { username: string; password: string }, table?: string): Promise<boolean> {
        const client = new Client({ host: pg.superuser.host, port: pg.superuser.port, user: doc.username, password: doc.password, database: "appdb", ssl: false });
        try {
            await client.connect();
        } catch (error) {
            if ((error as { code?: string }).code === "28P01") return false;
            throw error;
        }
        try {
            if (table !== undefined) assert.equal((await client.query(`SELECT count(*)::int AS n FROM ${table}.items`)).rows[0].n, 1);
            return true;
        } finally {
            await client.end();
        }
    }
    async function rotate(arn: string, options: PostgresRotationOptions = {}, times = 1): Promise<string> {
        const token = await beginRotation(sm, arn, stubArn);
        const h = handler(options);
        for (const Step of STEPS) for (let i = 0; i < times; i++) await h({ SecretId: arn, ClientRequestToken: token, Step });
        return token;
    }
    function assertNoValueLogged(...values: string[]): void {
        const text = JSON.stringify(logs);
        for (const value of values) assert.ok(!text.includes(value), "a log line carries a password");
    }

    it("single user: after each rotation the new password works and the old one fails", async () => {
        const { arn, user } = await newUserSecret("single-user");
        await rotate(arn);
        const first = await valueAt(arn, "AWSCURRENT");
        assert.equal(first.username, user);
        assert.notEqual(first.password, SENTINEL);
        assert.equal((await valueAt(arn, "AWSPREVIOUS")).password, SENTINEL);
        assert.equal(await works(first, user), true);
        assert.equal(await works({ username: user, password: SENTINEL }), false);
        await rotate(arn);
        const second = await valueAt(arn, "AWSCURRENT");
        assert.equal(await works(second, user), true);
        assert.equal(await works(first), false);
        // The JSON keeps every field but the password.
        assert.deepEqual({ ...second, password: "" }, { ...first, password: "" });
        assertNoValueLogged(SENTINEL, first.password, second.password);
        // Passwords reach PostgreSQL as SCRAM verifiers: the statement log never holds one.
        const serverLog = (pg as PostgresServer & { log: string }).log;
        assert.match(serverLog, /ALTER ROLE/);
        assert.ok(!serverLog.includes(first.password) && !serverLog.includes(second.password), "a new password is in the server's statement log");
    });

    it("alternating users: the previous user keeps working until the next rotation", async () => {
        const { arn, user } = await newUserSecret("alternating-users");
        await rotate(arn);
        const first = await valueAt(arn, "AWSCURRENT");
        assert.equal(first.username, `${user}_clone`);
        assert.equal(await works(first, user), true, "the clone reads the user's table by membership");
        assert.equal(await works({ username: user, password: SENTINEL }, user), true, "the previous user still works");
        await rotate(arn);
        const second = await valueAt(arn, "AWSCURRENT");
        assert.equal(second.username, user);
        assert.equal(await works(second, user), true);
        assert.equal(await works(first, user), true, "the clone (now AWSPREVIOUS) still works");
        assert.equal(await works({ username: user, password: SENTINEL }), false, "the first password of the user is gone");
        await rotate(arn);
        assert.equal(await works(first), false, "the clone's old password is gone after the next rotation");
        assert.equal(await works(await valueAt(arn, "AWSCURRENT"), user), true);
        assertNoValueLogged(SENTINEL, first.password, second.password, "master-Pass-123");
    });

    it("duplicate deliveries of every step change nothing", async () => {
        const { arn, user } = await newUserSecret("single-user");
        const token = await rotate(arn, {}, 2);
        const current = await valueAt(arn, "AWSCURRENT");
        assert.ok((await stages(arn))[token].includes("AWSCURRENT"));
        assert.ok(!Object.values(await stages(arn)).some((s) => s.includes("AWSPENDING")));
        assert.equal(Object.keys(await stages(arn)).length, 2);
        assert.equal(await works(current, user), true);
        // A late duplicate of any step after the rotation finished is a no-op.
        for (const Step of STEPS) await handler()({ SecretId: arn, ClientRequestToken: token, Step });
        assert.equal((await valueAt(arn, "AWSCURRENT")).password, current.password);
        assert.equal(await works(current, user), true);
    });

    it("a failed testSecret leaves AWSCURRENT usable, and a retry completes the rotation", async () => {
        const { arn, user } = await newUserSecret("single-user");
        const token = await beginRotation(sm, arn, stubArn);
        // The check after logging in fails (injected), so the single user's password must be put back.
        const failingCheck: PostgresRotationOptions["connect"] = async (settings: ClientConfig) => {
            const client = new Client(settings);
            await client.connect();
            const wrapped: DatabaseClient = {
                query: (text: string, values?: unknown[]) => (text.startsWith("SELECT current_user") ? Promise.reject(Object.assign(new Error("injected"), { code: "XX000" })) : client.query(text, values)),
                escapeIdentifier: (v) => client.escapeIdentifier(v),
                escapeLiteral: (v) => client.escapeLiteral(v),
                end: () => client.end(),
            };
            return wrapped;
        };
        const h = handler();
        await h({ SecretId: arn, ClientRequestToken: token, Step: "createSecret" });
        await h({ SecretId: arn, ClientRequestToken: token, Step: "setSecret" });
        await assert.rejects(handler({ connect: failingCheck })({ SecretId: arn, ClientRequestToken: token, Step: "testSecret" }), /AWSCURRENT stays in use/);
        const current = await valueAt(arn, "AWSCURRENT");
        assert.equal(current.password, SENTINEL);
        assert.equal(await works(current, user), true, "AWSCURRENT works after the failed test");
        assert.ok((await stages(arn))[token].includes("AWSPENDING"));
        // Secrets Manager retries the rotation with the same token.
        for (const Step of STEPS) await h({ SecretId: arn, ClientRequestToken: token, Step });
        const rotated = await valueAt(arn, "AWSCURRENT");
        assert.equal(await works(rotated, user), true);
        assert.equal(await works({ username: user, password: SENTINEL }), false);
        assertNoValueLogged(SENTINEL, rotated.password);
    });

    it("a pending password PostgreSQL refuses fails testSecret and leaves AWSCURRENT working", async () => {
        const { arn, user } = await newUserSecret("alternating-users");
        const token = await beginRotation(sm, arn, stubArn);
        const h = handler();
        await h({ SecretId: arn, ClientRequestToken: token, Step: "createSecret" });
        // setSecret never ran: the clone does not exist yet.
        await assert.rejects(h({ SecretId: arn, ClientRequestToken: token, Step: "testSecret" }), /refuses the pending credentials/);
        assert.equal(await works(await valueAt(arn, "AWSCURRENT"), user), true);
    });

    it("recovers on retry from failures injected inside and between steps", async () => {
        const { arn, user } = await newUserSecret("single-user");
        const token = await beginRotation(sm, arn, stubArn);
        // 1. createSecret: Secrets Manager's PutSecretValue fails once.
        let putFailures = 1;
        const flakySm = Object.create(sm) as SecretsManagerClient;
        let stageCalls = 0;
        flakySm.send = (async (command: { constructor: { name: string } }) => {
            if (command.constructor.name === "PutSecretValueCommand" && putFailures-- > 0) throw Object.assign(new Error("injected"), { name: "InternalServiceError" });
            // 3. finishSecret: the answer to clearing AWSPENDING is lost once (AWSCURRENT already moved).
            if (command.constructor.name === "UpdateSecretVersionStageCommand" && ++stageCalls === 2) {
                await sm.send(command as never);
                throw Object.assign(new Error("injected"), { name: "InternalServiceError" });
            }
            return sm.send(command as never);
        }) as SecretsManagerClient["send"];
        // 2. setSecret: the connection drops right after ALTER ROLE ran.
        let dropAfterAlter = true;
        const droppingConnect: PostgresRotationOptions["connect"] = async (settings: ClientConfig) => {
            const client = new Client(settings);
            await client.connect();
            return {
                query: async (text: string, values?: unknown[]) => {
                    const result = await client.query(text, values);
                    if (text.startsWith("ALTER ROLE") && dropAfterAlter) {
                        dropAfterAlter = false;
                        throw Object.assign(new Error("connection terminated"), { code: "57P01" });
                    }
                    return result;
                },
                escapeIdentifier: (v) => client.escapeIdentifier(v),
                escapeLiteral: (v) => client.escapeLiteral(v),
                end: () => client.end(),
            };
        };
        const h = handler({ client: flakySm, connect: droppingConnect });
        const deliver = async (Step: RotationStep) => {
            try {
                await h({ SecretId: arn, ClientRequestToken: token, Step });
                return "ok";
            } catch {
                await h({ SecretId: arn, ClientRequestToken: token, Step }); // Secrets Manager's retry
                return "retried";
            }
        };
        const outcomes = [];
        for (const Step of STEPS) outcomes.push(await deliver(Step));
        assert.deepEqual(outcomes, ["retried", "retried", "ok", "retried"]);
        const current = await valueAt(arn, "AWSCURRENT");
        assert.notEqual(current.password, SENTINEL);
        assert.equal(await works(current, user), true);
        assert.equal(await works({ username: user, password: SENTINEL }), false);
        assert.ok(!Object.values(await stages(arn)).some((s) => s.includes("AWSPENDING")));
    });

    it("ships a code archive whose own copy of pg (and its dependencies) connects, with no project node_modules in reach", async () => {
        const archive = lambdaCodeWithDependencies(["pg"]) as unknown as { assets: Promise<Record<string, { path: Promise<string> }>> };
        const dir = mkdtempSync(path.join(tmpdir(), "secretset-pg-lambda-"));
        try {
            for (const [entry, asset] of Object.entries(await archive.assets)) cpSync(await asset.path, path.join(dir, entry), { recursive: true });
            assert.ok(existsSync(path.join(dir, "postgres.js")) && existsSync(path.join(dir, "node_modules", "pg", "package.json")));
            const script = `const { Client } = require("pg"); const c = new Client(JSON.parse(process.env.PG));
                c.connect().then(() => c.query("SELECT 41 + 1 AS n")).then((r) => { console.log(r.rows[0].n); return c.end(); }).catch((e) => { console.error(e.code || e.message); process.exit(1); });`;
            const out = execFileSync(process.execPath, ["-e", script], { cwd: dir, env: { PATH: process.env.PATH, PG: JSON.stringify(pg.superuser) }, encoding: "utf8" });
            assert.equal(out.trim(), "42");
            // The archive's pg is what resolved, not the project's.
            const resolved = execFileSync(process.execPath, ["-e", "console.log(require.resolve('pg'))"], { cwd: dir, env: { PATH: process.env.PATH }, encoding: "utf8" }).trim();
            assert.equal(realpathSync(resolved), realpathSync(path.join(dir, "node_modules", "pg", "lib", "index.js")));
        } finally {
            rmSync(dir, { recursive: true, force: true });
        }
    });

    it("with `\"ssl\": true` insists on TLS: a server without it fails the step, without echoing a value", async () => {
        const user = `app_tls_${++counter}`;
        await superuserQuery(`CREATE ROLE ${user} LOGIN PASSWORD '${SENTINEL}'`);
        const created = await sm.send(new CreateSecretCommand({ Name: `dev/app/${user}`, SecretString: JSON.stringify(docOf(user, SENTINEL, { ssl: true })) }));
        const token = await beginRotation(sm, created.ARN!, stubArn);
        const h = handler();
        await h({ SecretId: created.ARN!, ClientRequestToken: token, Step: "createSecret" });
        await assert.rejects(h({ SecretId: created.ARN!, ClientRequestToken: token, Step: "setSecret" }), (error: Error) => {
            assert.match(error.message, /does not support SSL/);
            assert.ok(!error.message.includes(SENTINEL));
            return true;
        });
        assert.equal(await works({ username: user, password: SENTINEL }), true, "nothing changed");
    });

    it("refuses a secret without AWS's database JSON, naming the fields and never a value", async () => {
        const created = await sm.send(new CreateSecretCommand({ Name: `dev/app/bad-${randomUUID().slice(0, 8)}`, SecretString: JSON.stringify({ engine: "postgres", host: "127.0.0.1", password: SENTINEL }) }));
        const token = await beginRotation(sm, created.ARN!, stubArn);
        await assert.rejects(handler()({ SecretId: created.ARN!, ClientRequestToken: token, Step: "createSecret" }), (error: Error) => {
            assert.match(error.message, /lacks `port`, `username`, `dbname`/);
            assert.ok(!error.message.includes(SENTINEL));
            return true;
        });
    });
});
