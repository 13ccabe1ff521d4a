"use strict";
// SecretSet's generic Secrets Manager rotation Lambda (Node.js 20, AWS SDK v3).
//
// Secrets Manager calls it four times per rotation with
// { SecretId, ClientRequestToken, Step }; each step is idempotent, because
// Secrets Manager retries failed or timed-out invocations with the same token:
//   createSecret  generate a value for the token's version, staged AWSPENDING
//                 (nothing to do when that version already has a value)
//   setSecret     no-op: a generated secret has no downstream system to update
//   testSecret    the pending value must match the generation spec, or the
//                 rotation stops with AWSCURRENT untouched
//   finishSecret  move AWSCURRENT to the token's version (AWSPREVIOUS follows
//                 automatically) and clear AWSPENDING
// The generation spec of each secret comes from SECRETSET_GENERATION_SPECS, a
// JSON object keyed by secret name. Log lines carry the step, the secret name
// and the token, never a value.
const {
    SecretsManagerClient,
    DescribeSecretCommand,
    GetSecretValueCommand,
    PutSecretValueCommand,
    UpdateSecretVersionStageCommand,
} = require("@aws-sdk/client-secrets-manager");
const { parseGenerationSpecs, checkSpec, nextSecretString, governedValue, specViolations } = require("./generate");

const STEPS = ["createSecret", "setSecret", "testSecret", "finishSecret"];
const GENERATION_SPECS_VARIABLE = "SECRETSET_GENERATION_SPECS";

function defaultLog(entry) {
    console.log(JSON.stringify(entry));
}

/** The value of one version, or undefined when that version or its value does not exist. */
async function secretStringOf(client, request) {
    try {
        const response = await client.send(new GetSecretValueCommand(request));
        return { versionId: response.VersionId, secretString: response.SecretString, binary: response.SecretBinary !== undefined };
    } catch (error) {
        if (error && error.name === "ResourceNotFoundException") return undefined;
        throw error;
    }
}

/**
 * Builds a rotation handler. Tests pass a client pointed at moto; the Lambda
 * runtime uses the defaults (a client for the function's region, the specs
 * from the environment).
 */
function createHandler(options = {}) {
    const client = options.client ?? new SecretsManagerClient({});
    const specs = options.specs ?? parseGenerationSpecs(process.env[GENERATION_SPECS_VARIABLE]);
    const log = options.log ?? defaultLog;

    const specFor = (name) => {
        const spec = Object.prototype.hasOwnProperty.call(specs, name) ? specs[name] : {};
        checkSpec(spec, `secret \`${name}\``);
        return spec;
    };

    async function createSecret(secretId, name, token) {
        const pending = await secretStringOf(client, { SecretId: secretId, VersionId: token, VersionStage: "AWSPENDING" });
        if (pending !== undefined) {
            log({ message: "pending version already has a value; nothing to create", step: "createSecret", secret: name, token });
            return;
        }
        const spec = specFor(name);
        // A secret created empty (keepOutOfState) has no AWSCURRENT yet: this is its first value.
        const current = await secretStringOf(client, { SecretId: secretId, VersionStage: "AWSCURRENT" });
        if (current !== undefined && current.binary && spec.jsonKey !== undefined) {
            throw new Error(`Secret ${name} holds a binary value, but its generation spec sets \`jsonKey\`; store a JSON string or drop \`jsonKey\`.`);
        }
        const secretString = nextSecretString(spec, current?.secretString, `secret ${name}`);
        await client.send(new PutSecretValueCommand({
            SecretId: secretId,
            ClientRequestToken: token,
            SecretString: secretString,
            VersionStages: ["AWSPENDING"],
        }));
        log({ message: current === undefined ? "created the first value" : "created a new pending value", step: "createSecret", secret: name, token });
    }

    async function testSecret(secretId, name, token) {
        const pending = await secretStringOf(client, { SecretId: secretId, VersionId: token, VersionStage: "AWSPENDING" });
        if (pending === undefined || pending.secretString === undefined) {
            throw new Error(`Secret ${name} has no pending string value for token ${token}; run createSecret first.`);
        }
        const spec = specFor(name);
        const problems = specViolations(governedValue(spec, pending.secretString, `secret ${name}`), spec);
        if (problems.length > 0) {
            throw new Error(`Pending value of secret ${name} (token ${token}) does not match its generation spec: ${problems.join("; ")}.`);
        }
        log({ message: "pending value matches the generation spec", step: "testSecret", secret: name, token });
    }

    async function finishSecret(secretId, name, token, versions) {
        const currentVersion = Object.keys(versions).find((id) => versions[id].includes("AWSCURRENT"));
        await client.send(new UpdateSecretVersionStageCommand({
            SecretId: secretId,
            VersionStage: "AWSCURRENT",
            MoveToVersionId: token,
            ...(currentVersion === undefined ? {} : { RemoveFromVersionId: currentVersion }),
        }));
        await clearPending(secretId, token);
        log({ message: "moved AWSCURRENT to the new version", step: "finishSecret", secret: name, token, previousVersion: currentVersion ?? null });
    }

    /** Leaves the secret with no AWSPENDING label, the clean end state for the next rotation. */
    async function clearPending(secretId, token) {
        await client.send(new UpdateSecretVersionStageCommand({ SecretId: secretId, VersionStage: "AWSPENDING", RemoveFromVersionId: token }));
    }

    return async function handler(event) {
        const { SecretId: secretId, ClientRequestToken: token, Step: step } = event ?? {};
        if (typeof secretId !== "string" || typeof token !== "string" || !STEPS.includes(step)) {
            throw new Error(`A rotation event needs \`SecretId\`, \`ClientRequestToken\` and a \`Step\` of ${STEPS.join(", ")}.`);
        }
        const metadata = await client.send(new DescribeSecretCommand({ SecretId: secretId }));
        const name = metadata.Name ?? secretId;
        log({ message: "rotation step started", step, secret: name, token });
        if (!metadata.RotationEnabled) {
            throw new Error(`Secret ${name} is not enabled for rotation.`);
        }
        const versions = metadata.VersionIdsToStages ?? {};
        const stages = versions[token];
        // Secrets Manager stages the token AWSPENDING before calling us. The one
        // exception is a secret with no version at all (created empty): its first
        // createSecret has nothing to protect and writes the first value.
        const firstValue = Object.keys(versions).length === 0 && step === "createSecret";
        if (stages === undefined && !firstValue) {
            throw new Error(`Secret version ${token} has no stage for rotation of secret ${name}.`);
        }
        if (stages !== undefined && stages.includes("AWSCURRENT")) {
            if (step === "finishSecret" && stages.includes("AWSPENDING")) await clearPending(secretId, token);
            log({ message: "version is already AWSCURRENT; nothing to do", step, secret: name, token });
            return;
        }
        if (stages !== undefined && !stages.includes("AWSPENDING")) {
            throw new Error(`Secret version ${token} is not set as AWSPENDING for rotation of secret ${name}.`);
        }
        switch (step) {
            case "createSecret":
                return createSecret(secretId, name, token);
            case "setSecret":
                // Generated secrets have no downstream system (database, API) to update.
                log({ message: "no downstream system to update", step, secret: name, token });
                return;
            case "testSecret":
                return testSecret(secretId, name, token);
            case "finishSecret":
                return finishSecret(secretId, name, token, versions);
        }
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
