"use strict";
// Secrets Manager's four-step rotation protocol, shared by SecretSet's rotators.
//
// Secrets Manager calls a rotation function with { SecretId, ClientRequestToken, Step }
// for createSecret, setSecret, testSecret and finishSecret, and retries a failed or
// timed-out step with the same token. This module checks the event and the version's
// stages the same way for every rotator, makes a version that already is AWSCURRENT a
// no-op (a duplicate delivery after finishSecret), and implements finishSecret; the
// rotator supplies the first three steps. Log lines never carry a value.
const { DescribeSecretCommand, GetSecretValueCommand, UpdateSecretVersionStageCommand } = require("@aws-sdk/client-secrets-manager");

const STEPS = ["createSecret", "setSecret", "testSecret", "finishSecret"];

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

/** Leaves the secret with no AWSPENDING label, the clean end state for the next rotation. */
async function clearPending(client, secretId, token) {
    await client.send(new UpdateSecretVersionStageCommand({ SecretId: secretId, VersionStage: "AWSPENDING", RemoveFromVersionId: token }));
}

async function finishSecret(client, ctx, log) {
    const { secretId, name, token, versions } = ctx;
    const currentVersion = Object.keys(versions).find((id) => versions[id].includes("AWSCURRENT"));
    await client.send(new UpdateSecretVersionStageCommand({
        SecretId: secretId,
        VersionStage: "AWSCURRENT",
        MoveToVersionId: token,
        ...(currentVersion === undefined ? {} : { RemoveFromVersionId: currentVersion }),
    }));
    await clearPending(client, secretId, token);
    log({ message: "moved AWSCURRENT to the new version", step: "finishSecret", secret: name, token, previousVersion: currentVersion ?? null });
}

/**
 * Runs one step. `steps` has createSecret/setSecret/testSecret(ctx); ctx carries
 * secretId, name, token, versions (id -> stages) and the DescribeSecret metadata.
 * `allowFirstValue`: a secret with no version at all (created empty) may get its
 * first value from createSecret.
 */
async function runRotationStep({ client, event, log = defaultLog, steps, allowFirstValue = false }) {
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
    const firstValue = allowFirstValue && Object.keys(versions).length === 0 && step === "createSecret";
    if (stages === undefined && !firstValue) {
        throw new Error(`Secret version ${token} has no stage for rotation of secret ${name}.`);
    }
    if (stages !== undefined && stages.includes("AWSCURRENT")) {
        if (step === "finishSecret" && stages.includes("AWSPENDING")) await clearPending(client, secretId, token);
        log({ message: "version is already AWSCURRENT; nothing to do", step, secret: name, token });
        return;
    }
    if (stages !== undefined && !stages.includes("AWSPENDING")) {
        throw new Error(`Secret version ${token} is not set as AWSPENDING for rotation of secret ${name}.`);
    }
    const ctx = { secretId, name, token, versions, metadata };
    if (step === "finishSecret") return finishSecret(client, ctx, log);
    return steps[step](ctx);
}

module.exports = { STEPS, defaultLog, secretStringOf, runRotationStep };
