// The generic rotation Lambda against a real Secrets Manager API (moto on loopback).
import * as assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import {
    CreateSecretCommand,
    DescribeSecretCommand,
    GetSecretValueCommand,
    ListSecretVersionIdsCommand,
    PutSecretValueCommand,
    SecretsManagerClient,
} from "@aws-sdk/client-secrets-manager";
import { createHandler } from "../../components/rotation/rotator";
import { GENERATION_SPEC_KEY, generationSpecTag } from "../../components/rotation/rotationTags";
import type { RotationLogEntry, RotationStep } from "../../components/rotation/rotator";
import type { GenerateSpec } from "../../components/types";
import { beginRotation, enableRotationOnEmptySecret, motoSecretsManagerClient, registerStubRotationFunction } from "../fixtures/motoRotation";
import { MotoServer, startMoto } from "../fixtures/servers";

const STEPS: readonly RotationStep[] = ["createSecret", "setSecret", "testSecret", "finishSecret"];
const SENTINEL = "SENTINEL-d0-not-log-7f3a";
const JSON_SPEC: GenerateSpec = { length: 40, minUpper: 3, minNumeric: 3, minSpecial: 2, overrideSpecial: "!#", jsonKey: "password" };
const BARE_SPEC: GenerateSpec = { length: 24, special: false, minNumeric: 4 };

describe("rotator against moto (Secrets Manager)", function () {
    this.timeout(60_000);
    let moto: MotoServer;
    let client: SecretsManagerClient;
    let stubArn: string;
    let logs: RotationLogEntry[];
    let specs: Record<string, GenerateSpec>;

    before(async () => {
        moto = await startMoto();
        client = motoSecretsManagerClient(moto.endpoint);
        stubArn = await registerStubRotationFunction(moto.endpoint);
    });
    after(async () => {
        client?.destroy();
        await moto?.stop();
    });
    beforeEach(() => {
        logs = [];
        specs = {};
    });

    const handler = () => createHandler({ client, specs, log: (entry) => logs.push(entry) });
    const uniqueName = (suffix: string) => `dev/ci-pipeline/${suffix}-${randomUUID().slice(0, 8)}`;

    async function createSecret(name: string, secretString?: string): Promise<string> {
        const created = await client.send(new CreateSecretCommand({ Name: name, ...(secretString === undefined ? {} : { SecretString: secretString }) }));
        return created.ARN!;
    }
    async function stages(secretId: string): Promise<Record<string, string[]>> {
        return (await client.send(new DescribeSecretCommand({ SecretId: secretId }))).VersionIdsToStages ?? {};
    }
    async function valueAt(secretId: string, VersionStage: string) {
        return client.send(new GetSecretValueCommand({ SecretId: secretId, VersionStage }));
    }
    async function versionCount(secretId: string): Promise<number> {
        return ((await client.send(new ListSecretVersionIdsCommand({ SecretId: secretId }))).Versions ?? []).length;
    }
    async function runSteps(secretId: string, token: string, times = 1): Promise<void> {
        const rotate = handler();
        for (const Step of STEPS) for (let i = 0; i < times; i++) await rotate({ SecretId: secretId, ClientRequestToken: token, Step });
    }

    // Checked here independently of generate.js, so a bug there cannot hide.
    function assertHonoursJsonSpec(password: string): void {
        assert.equal(password.length, 40);
        assert.match(password, /^[a-zA-Z0-9!#]+$/);
        assert.ok((password.match(/[A-Z]/g) ?? []).length >= 3, "at least 3 upper-case characters");
        assert.ok((password.match(/[0-9]/g) ?? []).length >= 3, "at least 3 digits");
        assert.ok((password.match(/[!#]/g) ?? []).length >= 2, "at least 2 special characters");
    }

    it("runs a full rotation: AWSCURRENT moves, AWSPREVIOUS keeps the old value, the JSON key follows the spec", async () => {
        const name = uniqueName("docker-password");
        const original = JSON.stringify({ username: "ci-bot", password: SENTINEL });
        const arn = await createSecret(name, original);
        const oldVersion = (await valueAt(arn, "AWSCURRENT")).VersionId!;
        specs[name] = JSON_SPEC;

        const token = await beginRotation(client, arn, stubArn);
        assert.deepEqual((await stages(arn))[token], ["AWSPENDING"], "moto staged the token like Secrets Manager");
        await runSteps(arn, token);

        const current = await valueAt(arn, "AWSCURRENT");
        assert.equal(current.VersionId, token);
        const document = JSON.parse(current.SecretString!) as Record<string, string>;
        assert.equal(document.username, "ci-bot", "other keys of the JSON document are kept");
        assert.notEqual(document.password, SENTINEL);
        assertHonoursJsonSpec(document.password);

        const previous = await valueAt(arn, "AWSPREVIOUS");
        assert.equal(previous.VersionId, oldVersion);
        assert.equal(previous.SecretString, original);
        const all = await stages(arn);
        assert.ok(!Object.values(all).some((s) => s.includes("AWSPENDING")), "no AWSPENDING label is left behind");
    });

    it("reads the generation spec from the secret's own `secretset:generate` tag, as SecretSet writes it", async () => {
        const name = uniqueName("tagged");
        const created = await client.send(new CreateSecretCommand({
            Name: name,
            SecretString: JSON.stringify({ username: "ci-bot", password: SENTINEL }),
            Tags: [{ Key: GENERATION_SPEC_KEY, Value: generationSpecTag({ ...JSON_SPEC, keepOutOfState: true }) }],
        }));
        const token = await beginRotation(client, created.ARN!, stubArn);
        await runSteps(created.ARN!, token);
        const document = JSON.parse((await valueAt(created.ARN!, "AWSCURRENT")).SecretString!) as Record<string, string>;
        assert.equal(document.username, "ci-bot");
        assertHonoursJsonSpec(document.password);
    });

    it("rotates a bare value with the default spec when the secret has no entry", async () => {
        const arn = await createSecret(uniqueName("plain"), SENTINEL);
        const token = await beginRotation(client, arn, stubArn);
        await runSteps(arn, token);
        const current = await valueAt(arn, "AWSCURRENT");
        assert.equal(current.VersionId, token);
        assert.equal(current.SecretString!.length, 32);
        assert.notEqual(current.SecretString, SENTINEL);
    });

    it("reaches the same end state when every step is delivered twice", async () => {
        const name = uniqueName("twice");
        const arn = await createSecret(name, SENTINEL);
        specs[name] = BARE_SPEC;
        const token = await beginRotation(client, arn, stubArn);

        const rotate = handler();
        await rotate({ SecretId: arn, ClientRequestToken: token, Step: "createSecret" });
        const firstPending = (await client.send(new GetSecretValueCommand({ SecretId: arn, VersionId: token, VersionStage: "AWSPENDING" }))).SecretString!;
        await rotate({ SecretId: arn, ClientRequestToken: token, Step: "createSecret" });
        for (const Step of ["setSecret", "setSecret", "testSecret", "testSecret", "finishSecret", "finishSecret"] as const) {
            await rotate({ SecretId: arn, ClientRequestToken: token, Step });
        }

        const current = await valueAt(arn, "AWSCURRENT");
        assert.equal(current.VersionId, token);
        assert.equal(current.SecretString, firstPending, "the retried createSecret did not generate a second value");
        assert.match(current.SecretString!, /^[a-zA-Z0-9]{24}$/);
        assert.ok((current.SecretString!.match(/[0-9]/g) ?? []).length >= 4);
        assert.equal((await valueAt(arn, "AWSPREVIOUS")).SecretString, SENTINEL);
        assert.equal(await versionCount(arn), 2, "one old and one new version, nothing more");
        assert.ok(!Object.values(await stages(arn)).some((s) => s.includes("AWSPENDING")));
    });

    it("stops at testSecret when the pending value breaks the spec: AWSCURRENT unchanged, AWSPENDING kept", async () => {
        const name = uniqueName("bad-pending");
        const arn = await createSecret(name, "current-value");
        const currentVersion = (await valueAt(arn, "AWSCURRENT")).VersionId!;
        specs[name] = BARE_SPEC;
        const token = await beginRotation(client, arn, stubArn);
        // A value that violates the spec (wrong length, a character outside the classes) is already pending.
        const badPending = `${SENTINEL}-too-long-and-has-dashes`;
        await client.send(new PutSecretValueCommand({ SecretId: arn, ClientRequestToken: token, SecretString: badPending, VersionStages: ["AWSPENDING"] }));

        const rotate = handler();
        await rotate({ SecretId: arn, ClientRequestToken: token, Step: "createSecret" });
        await rotate({ SecretId: arn, ClientRequestToken: token, Step: "setSecret" });
        await assert.rejects(rotate({ SecretId: arn, ClientRequestToken: token, Step: "testSecret" }), (error: Error) => {
            assert.match(error.message, /does not match its generation spec/);
            assert.match(error.message, /length is \d+, expected 24/);
            assert.match(error.message, /outside the enabled classes/);
            assert.ok(!error.message.includes(SENTINEL), "the error does not echo the pending value");
            return true;
        });

        const current = await valueAt(arn, "AWSCURRENT");
        assert.equal(current.VersionId, currentVersion);
        assert.equal(current.SecretString, "current-value");
        const all = await stages(arn);
        assert.deepEqual(all[token], ["AWSPENDING"], "the pending version is left for the retry");
        assert.equal((await client.send(new GetSecretValueCommand({ SecretId: arn, VersionId: token, VersionStage: "AWSPENDING" }))).SecretString, badPending);
    });

    it("writes the first value of a secret created empty (keepOutOfState)", async () => {
        const name = uniqueName("signing-key");
        const arn = await createSecret(name);
        assert.equal(await versionCount(arn), 0, "the secret starts with no value at all");
        specs[name] = { ...JSON_SPEC };
        await enableRotationOnEmptySecret(client, arn);
        const token = randomUUID();
        await runSteps(arn, token);

        const current = await valueAt(arn, "AWSCURRENT");
        assert.equal(current.VersionId, token);
        const document = JSON.parse(current.SecretString!) as Record<string, string>;
        assert.deepEqual(Object.keys(document), ["password"]);
        assertHonoursJsonSpec(document.password);
        assert.equal(await versionCount(arn), 1);
    });

    it("logs step, secret and token only, never a value", async () => {
        const name = uniqueName("logged");
        const arn = await createSecret(name, JSON.stringify({ username: SENTINEL, password: SENTINEL }));
        specs[name] = JSON_SPEC;
        const token = await beginRotation(client, arn, stubArn);
        const printed: string[] = [];
        const originalLog = console.log;
        console.log = (...args: unknown[]) => void printed.push(args.map(String).join(" "));
        try {
            // The default logger (console.log), as in Lambda.
            const rotate = createHandler({ client, specs });
            for (const Step of STEPS) await rotate({ SecretId: arn, ClientRequestToken: token, Step });
        } finally {
            console.log = originalLog;
        }
        const newPassword = (JSON.parse((await valueAt(arn, "AWSCURRENT")).SecretString!) as Record<string, string>).password;
        assert.ok(printed.length >= STEPS.length, "every step logged");
        const text = printed.join("\n");
        assert.ok(text.includes(token) && text.includes(name), "log lines carry the token and the secret name");
        assert.ok(!text.includes(SENTINEL), "the old value is not logged");
        assert.ok(!text.includes(newPassword), "the new value is not logged");
    });

    it("refuses a secret whose current value is not JSON when the spec has `jsonKey`, without echoing it", async () => {
        const name = uniqueName("not-json");
        const arn = await createSecret(name, SENTINEL);
        specs[name] = JSON_SPEC;
        const token = await beginRotation(client, arn, stubArn);
        await assert.rejects(handler()({ SecretId: arn, ClientRequestToken: token, Step: "createSecret" }), (error: Error) => {
            assert.match(error.message, /is not a JSON document.*`jsonKey`/);
            assert.ok(!error.message.includes(SENTINEL));
            return true;
        });
        assert.equal((await valueAt(arn, "AWSCURRENT")).SecretString, SENTINEL);
    });

    it("refuses a token that is not staged for the secret", async () => {
        const arn = await createSecret(uniqueName("stray"), SENTINEL);
        await beginRotation(client, arn, stubArn);
        const stray = randomUUID();
        await assert.rejects(handler()({ SecretId: arn, ClientRequestToken: stray, Step: "createSecret" }), new RegExp(`${stray} has no stage for rotation`));
    });

    it("refuses a secret without rotation enabled", async () => {
        const arn = await createSecret(uniqueName("no-rotation"), SENTINEL);
        const version = (await valueAt(arn, "AWSCURRENT")).VersionId!;
        await assert.rejects(handler()({ SecretId: arn, ClientRequestToken: version, Step: "createSecret" }), /is not enabled for rotation/);
    });

    it("rejects an event without the rotation fields", async () => {
        await assert.rejects(handler()({ SecretId: "x", ClientRequestToken: "t", Step: "dropSecret" as RotationStep }), /`Step` of createSecret/);
    });
});
