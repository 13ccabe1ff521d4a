"use strict";
// SecretSet's generic Secrets Manager rotation Lambda (Node.js 24, AWS SDK v3).
//
// The protocol (event and stage checks, finishSecret, retries) is protocol.js;
// this file supplies the steps for generated secrets:
//   createSecret  generate a value for the token's version, staged AWSPENDING
//                 (nothing to do when that version already has a value)
//   setSecret     no-op: a generated secret has no downstream system to update
//   testSecret    the pending value must match the generation spec, or the
//                 rotation stops with AWSCURRENT untouched
// The generation spec of each secret is its own `secretset:generate` tag
// (`length=40 minUpper=2 ...`), so the function's settings do not grow with the
// number of secrets.
const { SecretsManagerClient, PutSecretValueCommand } = require("@aws-sdk/client-secrets-manager");
const { parseGenerationSpecs, checkSpec, nextSecretString, governedValue, specViolations } = require("./generate");
const { defaultLog, secretStringOf, runRotationStep } = require("./protocol");

const GENERATION_SPECS_VARIABLE = "SECRETSET_GENERATION_SPECS";
const GENERATION_SPEC_TAG = "secretset:generate";

const NUMBER_FIELDS = ["length", "minLower", "minUpper", "minNumeric", "minSpecial"];
const BOOLEAN_FIELDS = ["lower", "upper", "numeric", "special"];
const STRING_FIELDS = ["overrideSpecial", "jsonKey"];

/** Undoes the `+hh` escapes of a string field (UTF-8 bytes in lower-case hex). */
function unescapeTagText(text) {
    const bytes = [];
    for (let i = 0; i < text.length; i++) {
        if (text[i] === "+" && /^[0-9a-f]{2}$/.test(text.slice(i + 1, i + 3))) {
            bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
            i += 2;
        } else {
            bytes.push(...Buffer.from(text[i], "utf8"));
        }
    }
    return Buffer.from(bytes).toString("utf8");
}

/**
 * The spec in a secret's `secretset:generate` tag (`length=40 minUpper=2 jsonKey=password`,
 * as components/rotation/rotationTags.ts writes it); undefined when it has none.
 */
function specFromTags(tags, name) {
    const tag = (tags ?? []).find((t) => t.Key === GENERATION_SPEC_TAG);
    if (tag === undefined || typeof tag.Value !== "string") return undefined;
    const spec = {};
    for (const pair of tag.Value.split(" ").filter((p) => p !== "")) {
        const at = pair.indexOf("=");
        const field = at < 0 ? pair : pair.slice(0, at);
        const raw = at < 0 ? "" : pair.slice(at + 1);
        if (NUMBER_FIELDS.includes(field) && /^\d+$/.test(raw)) spec[field] = Number(raw);
        else if (BOOLEAN_FIELDS.includes(field) && (raw === "true" || raw === "false")) spec[field] = raw === "true";
        else if (STRING_FIELDS.includes(field) && raw !== "") spec[field] = unescapeTagText(raw);
        else throw new Error(`Secret ${name}: its \`${GENERATION_SPEC_TAG}\` tag has an unreadable field \`${field}\`; re-run \`pulumi up\` to restore it.`);
    }
    return spec;
}

/**
 * Builds a rotation handler. Tests pass a client pointed at moto; the Lambda
 * runtime uses the defaults (a client for the function's region). `specs` (keyed by
 * secret name) override the tags; SECRETSET_GENERATION_SPECS is read for functions
 * deployed before the specs moved to tags.
 */
function createHandler(options = {}) {
    const client = options.client ?? new SecretsManagerClient({});
    const specs = options.specs ?? parseGenerationSpecs(process.env[GENERATION_SPECS_VARIABLE]);
    const log = options.log ?? defaultLog;

    const specFor = (ctx) => {
        const spec = Object.prototype.hasOwnProperty.call(specs, ctx.name) ? specs[ctx.name] : specFromTags(ctx.metadata.Tags, ctx.name) ?? {};
        checkSpec(spec, `secret \`${ctx.name}\``);
        return spec;
    };

    async function createSecret(ctx) {
        const { secretId, name, token } = ctx;
        const pending = await secretStringOf(client, { SecretId: secretId, VersionId: token, VersionStage: "AWSPENDING" });
        if (pending !== undefined) {
            log({ message: "pending version already has a value; nothing to create", step: "createSecret", secret: name, token });
            return;
        }
        const spec = specFor(ctx);
        // A secret created empty (keepOutOfState) has no AWSCURRENT yet: this is its first value.
        const current = await secretStringOf(client, { SecretId: secretId, VersionStage: "AWSCURRENT" });
        if (current !== undefined && current.binary && spec.jsonKey !== undefined) {
            throw new Error(`Secret ${name} holds a binary value, but its generation spec sets \`jsonKey\`; store a JSON string or drop \`jsonKey\`.`);
        }
        const secretString = nextSecretString(spec, current?.secretString, `secret ${name}`);
        await client.send(new PutSecretValueCommand({ SecretId: secretId, ClientRequestToken: token, SecretString: secretString, VersionStages: ["AWSPENDING"] }));
        log({ message: current === undefined ? "created the first value" : "created a new pending value", step: "createSecret", secret: name, token });
    }

    async function setSecret(ctx) {
        // Generated secrets have no downstream system (database, API) to update.
        log({ message: "no downstream system to update", step: "setSecret", secret: ctx.name, token: ctx.token });
    }

    async function testSecret(ctx) {
        const { secretId, name, token } = ctx;
        const pending = await secretStringOf(client, { SecretId: secretId, VersionId: token, VersionStage: "AWSPENDING" });
        if (pending === undefined || pending.secretString === undefined) {
            throw new Error(`Secret ${name} has no pending string value for token ${token}; run createSecret first.`);
        }
        const spec = specFor(ctx);
        const problems = specViolations(governedValue(spec, pending.secretString, `secret ${name}`), spec);
        if (problems.length > 0) {
            throw new Error(`Pending value of secret ${name} (token ${token}) does not match its generation spec: ${problems.join("; ")}.`);
        }
        log({ message: "pending value matches the generation spec", step: "testSecret", secret: name, token });
    }

    const steps = { createSecret, setSecret, testSecret };
    return async function handler(event) {
        return runRotationStep({ client, event, log, steps, allowFirstValue: true });
    };
}

let defaultHandler;

/** The Lambda entry point ("index.handler"); built on first use so tests can require the module freely. */
exports.handler = async (event) => {
    defaultHandler = defaultHandler ?? createHandler();
    return defaultHandler(event);
};
exports.createHandler = createHandler;
exports.GENERATION_SPECS_VARIABLE = GENERATION_SPECS_VARIABLE;
exports.GENERATION_SPEC_TAG = GENERATION_SPEC_TAG;
exports.specFromTags = specFromTags;
