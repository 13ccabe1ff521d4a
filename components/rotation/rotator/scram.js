"use strict";
// A SCRAM-SHA-256 password verifier (RFC 5802 / RFC 7677), the form PostgreSQL stores.
// The rotator sends `ALTER ROLE ... PASSWORD '<verifier>'`, so the new password itself
// never travels in a SQL statement and cannot land in the server's statement log.
// psql's \password does the same. Generated passwords are ASCII, for which SASLprep
// is the identity.
const { createHash, createHmac, pbkdf2Sync, randomBytes } = require("node:crypto");

const ITERATIONS = 4096;

function hmac(key, text) {
    return createHmac("sha256", key).update(text).digest();
}

function scramSha256Verifier(password, { salt = randomBytes(16), iterations = ITERATIONS } = {}) {
    if (!/^[\x20-\x7e]+$/.test(password)) {
        throw new Error("The rotator hashes printable-ASCII passwords only; use a generation spec without other characters.");
    }
    const salted = pbkdf2Sync(password, salt, iterations, 32, "sha256");
    const storedKey = createHash("sha256").update(hmac(salted, "Client Key")).digest();
    const serverKey = hmac(salted, "Server Key");
    return `SCRAM-SHA-256$${iterations}:${salt.toString("base64")}$${storedKey.toString("base64")}:${serverKey.toString("base64")}`;
}

module.exports = { scramSha256Verifier };
