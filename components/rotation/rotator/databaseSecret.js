"use strict";
// AWS's database secret JSON (engine, host, port, username, password, dbname; masterarn
// for alternating users), read and checked without ever echoing a value, and turned
// into `pg` connection settings.
const REQUIRED = ["engine", "host", "port", "username", "password", "dbname"];
const CLONE_SUFFIX = "_clone";
/** PostgreSQL truncates identifiers longer than NAMEDATALEN - 1. */
const MAX_IDENTIFIER = 63;

/** Parses and checks a secret string; `label` names the secret and version in errors. */
function parseDatabaseSecret(text, label, { needsMaster = false } = {}) {
    let doc;
    try {
        doc = JSON.parse(text);
    } catch {
        throw new Error(`${label} is not JSON; a database secret holds AWS's JSON (${REQUIRED.join(", ")}).`);
    }
    if (doc === null || typeof doc !== "object" || Array.isArray(doc)) {
        throw new Error(`${label} is not a JSON object; a database secret holds AWS's JSON (${REQUIRED.join(", ")}).`);
    }
    const missing = REQUIRED.filter((field) => (field === "port" ? !Number.isInteger(Number(doc.port)) || doc.port === "" : typeof doc[field] !== "string" || doc[field] === ""));
    if (needsMaster && (typeof doc.masterarn !== "string" || doc.masterarn === "")) missing.push("masterarn");
    if (missing.length > 0) throw new Error(`${label} lacks ${missing.map((f) => `\`${f}\``).join(", ")}.`);
    if (doc.engine !== "postgres") throw new Error(`${label} has an \`engine\` other than \`postgres\`; this rotator speaks PostgreSQL only.`);
    return doc;
}

/**
 * TLS as AWS's rotators read the JSON's optional `ssl`: true = TLS only, false = no TLS,
 * absent = TLS (certificate verified), falling back to plain only when the server offers none.
 */
function sslModeOf(doc) {
    if (doc.ssl === true || doc.ssl === "true") return "require";
    if (doc.ssl === false || doc.ssl === "false") return "disable";
    return "prefer";
}

/** `pg` client settings for a secret document (TLS on unless the JSON says `"ssl": false`). */
function connectionSettings(doc, overrides = {}) {
    const ssl = sslModeOf(doc) === "disable" ? false : { rejectUnauthorized: true };
    return { host: doc.host, port: Number(doc.port), user: doc.username, password: doc.password, database: doc.dbname, ssl, ...overrides };
}

/** The error `pg` raises when TLS was asked of a server that has none. */
function isNoTlsServer(error) {
    return typeof error?.message === "string" && /does not support SSL/i.test(error.message);
}

/** The other user of an alternating pair: `app` <-> `app_clone`, as AWS's rotators name them. */
function alternateUsername(username, label) {
    if (username.endsWith(CLONE_SUFFIX)) return username.slice(0, -CLONE_SUFFIX.length);
    const clone = `${username}${CLONE_SUFFIX}`;
    if (clone.length > MAX_IDENTIFIER) {
        throw new Error(`${label}: the user name is too long for a \`${CLONE_SUFFIX}\` user (PostgreSQL allows ${MAX_IDENTIFIER} characters); use a shorter user name.`);
    }
    return clone;
}

module.exports = { REQUIRED_FIELDS: REQUIRED, CLONE_SUFFIX, parseDatabaseSecret, connectionSettings, sslModeOf, isNoTlsServer, alternateUsername };
