"use strict";
// SecretSet's PostgreSQL rotation Lambda ("postgres.handler", Node.js 24, `pg`).
// The secret holds AWS's database JSON. Two strategies, as AWS's own rotators:
//   single-user        the user's password changes; the old one stops working.
//   alternating-users  the secret alternates between `user` and `user_clone`, created
//                      with the master secret (`masterarn`); the previous user keeps
//                      working until the next rotation, so clients never see a gap.
// The strategy is the secret's `secretset:rotation-strategy` tag, else alternating
// when the JSON has `masterarn`. Steps (the protocol is protocol.js):
//   createSecret  AWSPENDING = current JSON with a new password (and the other user)
//   setSecret     set that password in PostgreSQL (nothing to do if it already works)
//   testSecret    log in with AWSPENDING; if the check fails after logging in with a
//                 single user, put the current password back so AWSCURRENT works
// New passwords go to PostgreSQL as SCRAM verifiers (scram.js), never as text.
const { SecretsManagerClient, PutSecretValueCommand } = require("@aws-sdk/client-secrets-manager");
const { generateValue } = require("./generate");
const { defaultLog, secretStringOf, runRotationStep } = require("./protocol");
const { scramSha256Verifier } = require("./scram");
const { alternateUsername, connectionSettings, isNoTlsServer, parseDatabaseSecret, sslModeOf } = require("./databaseSecret");

/** No quotes, backslash, `@`, `/` or `:`: safe in every connection-string form. */
const PASSWORD_SPEC = { length: 32, overrideSpecial: "!#%^*-_=+", minLower: 1, minUpper: 1, minNumeric: 1 };
const STRATEGY_TAG = "secretset:rotation-strategy";
const CHECK_QUERY = "SELECT current_user";
/** SQLSTATE class 28: invalid authorization (wrong password, no such role, login refused). */
const isAuthFailure = (error) => typeof error?.code === "string" && error.code.startsWith("28");

async function defaultConnect(settings) {
    const { Client } = require("pg");
    const client = new Client({ ...settings, connectionTimeoutMillis: 10_000, statement_timeout: 10_000 });
    try {
        await client.connect();
    } catch (error) {
        await client.end().catch(() => {});
        throw error;
    }
    return client;
}

function createHandler(options = {}) {
    const client = options.client ?? new SecretsManagerClient({});
    const connect = options.connect ?? defaultConnect;
    const log = options.log ?? defaultLog;
    const passwordSpec = options.passwordSpec ?? PASSWORD_SPEC;

    const strategyOf = (ctx, doc) => {
        const tag = (ctx.metadata.Tags ?? []).find((t) => t.Key === STRATEGY_TAG)?.Value;
        if (tag === "single-user" || tag === "alternating-users") return tag;
        return typeof doc.masterarn === "string" && doc.masterarn !== "" ? "alternating-users" : "single-user";
    };

    async function readVersion(ctx, request, what) {
        const version = await secretStringOf(client, { SecretId: ctx.secretId, ...request });
        if (version === undefined || version.secretString === undefined) return undefined;
        return parseDatabaseSecret(version.secretString, `The ${what} value of secret ${ctx.name}`);
    }

    async function requireVersion(ctx, request, what) {
        const doc = await readVersion(ctx, request, what);
        if (doc === undefined) throw new Error(`Secret ${ctx.name} has no ${what} value; ${what === "pending" ? "run createSecret first" : "store the database JSON first"}.`);
        return doc;
    }

    /** A connected client, or undefined when PostgreSQL refuses these credentials. Other errors propagate. */
    async function tryLogin(doc) {
        try {
            try {
                return await connect(connectionSettings(doc));
            } catch (error) {
                // AWS's rotators do the same: without an explicit `ssl`, a server without TLS is reached in plain.
                if (sslModeOf(doc) === "prefer" && isNoTlsServer(error)) return await connect(connectionSettings(doc, { ssl: false }));
                throw error;
            }
        } catch (error) {
            if (isAuthFailure(error)) return undefined;
            throw error;
        }
    }

    async function withClient(db, work) {
        try {
            return await work(db);
        } finally {
            await db.end().catch(() => {});
        }
    }

    async function setPassword(db, username, password) {
        await db.query(`ALTER ROLE ${db.escapeIdentifier(username)} WITH PASSWORD ${db.escapeLiteral(scramSha256Verifier(password))}`);
    }

    async function createSecret(ctx) {
        const current = await requireVersion(ctx, { VersionStage: "AWSCURRENT" }, "current");
        const existing = await secretStringOf(client, { SecretId: ctx.secretId, VersionId: ctx.token, VersionStage: "AWSPENDING" });
        if (existing !== undefined) {
            log({ message: "pending version already has a value; nothing to create", step: "createSecret", secret: ctx.name, token: ctx.token });
            return;
        }
        const strategy = strategyOf(ctx, current);
        if (strategy === "alternating-users") parseDatabaseSecret(JSON.stringify(current), `The current value of secret ${ctx.name}`, { needsMaster: true });
        const pending = { ...current, password: generateValue(passwordSpec) };
        if (strategy === "alternating-users") pending.username = alternateUsername(current.username, `Secret ${ctx.name}`);
        await client.send(new PutSecretValueCommand({ SecretId: ctx.secretId, ClientRequestToken: ctx.token, SecretString: JSON.stringify(pending), VersionStages: ["AWSPENDING"] }));
        log({ message: "created a new pending value", step: "createSecret", secret: ctx.name, token: ctx.token, strategy, user: pending.username });
    }

    async function setSecret(ctx) {
        const pending = await requireVersion(ctx, { VersionId: ctx.token, VersionStage: "AWSPENDING" }, "pending");
        const current = await requireVersion(ctx, { VersionStage: "AWSCURRENT" }, "current");
        const already = await tryLogin(pending);
        if (already !== undefined) {
            await already.end().catch(() => {});
            log({ message: "pending password already works; nothing to set", step: "setSecret", secret: ctx.name, token: ctx.token });
            return;
        }
        if (pending.host !== current.host || Number(pending.port) !== Number(current.port) || pending.dbname !== current.dbname) {
            throw new Error(`Secret ${ctx.name}: the pending and current values name different databases; a rotation changes the password only.`);
        }
        if (strategyOf(ctx, current) === "alternating-users") return setAlternating(ctx, pending, current);
        if (pending.username !== current.username) throw new Error(`Secret ${ctx.name}: the pending and current values name different users in single-user rotation.`);
        // A retry after a lost answer may find the password already changed: the previous value is the fallback, as in AWS's rotators.
        let db = await tryLogin(current);
        if (db === undefined) {
            const previous = await readVersion(ctx, { VersionStage: "AWSPREVIOUS" }, "previous");
            db = previous !== undefined && previous.username === current.username ? await tryLogin(previous) : undefined;
        }
        if (db === undefined) throw new Error(`Secret ${ctx.name}: PostgreSQL refuses the current and previous passwords of its user; set a working password in AWSCURRENT and rotate again.`);
        await withClient(db, (c) => setPassword(c, pending.username, pending.password));
        log({ message: "set the new password", step: "setSecret", secret: ctx.name, token: ctx.token, user: pending.username });
    }

    async function setAlternating(ctx, pending, current) {
        const masterVersion = await secretStringOf(client, { SecretId: current.masterarn });
        if (masterVersion === undefined || masterVersion.secretString === undefined) throw new Error(`Secret ${ctx.name}: its master secret (\`masterarn\`) has no current value.`);
        const master = parseDatabaseSecret(masterVersion.secretString, `The master secret of ${ctx.name}`);
        // The master logs in to the same database the user's secret names.
        const { ssl: _masterSsl, ...masterCredentials } = master;
        const db = await tryLogin({ ...masterCredentials, host: current.host, port: current.port, dbname: current.dbname, ...(current.ssl !== undefined ? { ssl: current.ssl } : {}) });
        if (db === undefined) throw new Error(`Secret ${ctx.name}: PostgreSQL refuses the master secret's credentials.`);
        await withClient(db, async (c) => {
            const exists = (await c.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [pending.username])).rowCount > 0;
            const user = c.escapeIdentifier(pending.username);
            const verifier = c.escapeLiteral(scramSha256Verifier(pending.password));
            if (exists) {
                await c.query(`ALTER ROLE ${user} WITH LOGIN PASSWORD ${verifier}`);
            } else {
                // The clone gets the current user's privileges by membership, as AWS's rotator does.
                await c.query(`CREATE ROLE ${user} WITH LOGIN PASSWORD ${verifier} IN ROLE ${c.escapeIdentifier(current.username)}`);
            }
            log({ message: exists ? "set the new password of the other user" : "created the other user", step: "setSecret", secret: ctx.name, token: ctx.token, user: pending.username });
        });
    }

    async function testSecret(ctx) {
        const pending = await requireVersion(ctx, { VersionId: ctx.token, VersionStage: "AWSPENDING" }, "pending");
        const db = await tryLogin(pending);
        if (db === undefined) throw new Error(`Secret ${ctx.name}: PostgreSQL refuses the pending credentials (token ${ctx.token}); AWSCURRENT stays in use.`);
        await withClient(db, async (c) => {
            try {
                const result = await c.query(CHECK_QUERY);
                if (result.rows?.[0]?.current_user !== pending.username) throw new Error("logged in as another user");
            } catch (error) {
                const current = await readVersion(ctx, { VersionStage: "AWSCURRENT" }, "current");
                if (current !== undefined && current.username === pending.username && strategyOf(ctx, current) === "single-user") {
                    // Put the current password back, so the version in use keeps working until a retry.
                    await setPassword(c, current.username, current.password);
                }
                throw new Error(`Secret ${ctx.name}: the pending credentials log in but fail the check (${error?.code ?? "error"}); AWSCURRENT stays in use.`);
            }
        });
        log({ message: "pending credentials work", step: "testSecret", secret: ctx.name, token: ctx.token, user: pending.username });
    }

    const steps = { createSecret, setSecret, testSecret };
    return async function handler(event) {
        return runRotationStep({ client, event, log, steps });
    };
}

let defaultHandler;

/** The Lambda entry point ("postgres.handler"). */
exports.handler = async (event) => {
    defaultHandler = defaultHandler ?? createHandler();
    return defaultHandler(event);
};
exports.createHandler = createHandler;
exports.STRATEGY_TAG = STRATEGY_TAG;
exports.PASSWORD_SPEC = PASSWORD_SPEC;
