// A unique value fed in as each kind of secret must never appear in a non-secret
// resource input, a non-secret output, an error message or anything printed.
import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { SecretSet, SecretSetValidationError } from "../../components/secretSet";
import type { SecretSetArgs } from "../../components/secretSetArgs";
import { capturePrinted, isSecretOutput, promiseOf, useMocks } from "../helpers/mocks";

const SENTINEL = "S3NT1NEL-7f3a9c";
const kinds = {
    internal: `${SENTINEL}-internal`,
    confidential: `${SENTINEL}-confidential`,
    restricted: `${SENTINEL}-restricted`,
    vaultOnly: `${SENTINEL}-vault`,
    generated: `${SENTINEL}-generated`,
};

function sentinelArgs(): SecretSetArgs {
    return {
        app: "ci-pipeline",
        environment: "prod",
        owner: "platform-team",
        vault: { mount: "secret" },
        secrets: {
            "api-user": { classification: "internal" },
            "api-password": { classification: "confidential", backends: ["aws", "vault"], rotation: { mode: "manual", owner: "team" } },
            "db-master": { classification: "restricted", rotation: { mode: "manual", owner: "team" } },
            "partner-token": { classification: "confidential", backends: ["vault"], rotation: { mode: "manual", owner: "team" } },
            "signing-key": { classification: "restricted", generate: { length: 40, jsonKey: "key" }, backends: ["aws", "vault"] },
        },
        values: {
            "api-user": { value: kinds.internal, fromSecretConfig: true },
            "api-password": { value: kinds.confidential, fromSecretConfig: true },
            "db-master": { value: kinds.restricted, fromSecretConfig: true },
            "partner-token": { value: kinds.vaultOnly, fromSecretConfig: true },
        },
    };
}

describe("SecretSet sentinel: values stay secret", () => {
    const mocks = useMocks({
        // The generated value is the sentinel too, so it is traced like the others.
        outputs: (args) => (args.type === "random:index/randomPassword:RandomPassword" ? { result: kinds.generated } : undefined),
    });

    it("never puts a value in a non-secret input, output or log line", async () => {
        const { result: set, printed, error } = await capturePrinted(async () => {
            const created = new SecretSet("app", sentinelArgs());
            await promiseOf(created.manifest);
            await mocks.settled();
            return created;
        });
        assert.strictEqual(error, undefined);
        assert.ok(set);

        for (const [kind, value] of Object.entries(kinds)) {
            // The value did reach the stores (so the check below can fail) ...
            const carriers = mocks.resources.filter((r) => JSON.stringify(r.inputs).includes(value));
            assert.ok(carriers.length > 0, `${kind} value reached no resource`);
            // ... but only ever inside inputs marked secret.
            assert.deepStrictEqual(mocks.plainOccurrences(value), [], `${kind} value in a plain input`);
        }
        assert.ok(!printed.includes(SENTINEL), "a value was printed");

        const outputs: Record<string, pulumi.Output<unknown>> = {
            secrets: set.secrets,
            manifest: set.manifest,
            estimatedMonthlyCostUsd: set.estimatedMonthlyCostUsd,
            costBreakdown: set.costBreakdown,
        };
        for (const [name, output] of Object.entries(outputs)) {
            assert.strictEqual(await isSecretOutput(output), false, `${name} should be readable`);
            assert.ok(!JSON.stringify(await promiseOf(output)).includes(SENTINEL), `${name} contains a value`);
        }
        // The outputs that do carry the value are secret.
        const stored = set.storedSecrets;
        assert.strictEqual(await isSecretOutput(stored["api-password"].secretVersion!.secretString), true);
        assert.strictEqual(await isSecretOutput(stored["api-user"].ssmParameter!.value), true);
        assert.strictEqual(await isSecretOutput(stored["partner-token"].vaultSecret!.dataJson), true);
        assert.strictEqual(await isSecretOutput(stored["signing-key"].generatedPassword!.result), true);
    });

    it("never echoes a value in a validation error", async () => {
        const args = sentinelArgs();
        const bad: SecretSetArgs = {
            ...args,
            secrets: {
                ...args.secrets,
                "declared-value": { classification: "confidential", value: kinds.confidential },
                huge: { classification: "internal" },
            },
            values: {
                ...args.values,
                "api-user": { value: kinds.internal, fromSecretConfig: false },
                huge: { value: `${kinds.internal}${"x".repeat(9000)}`, fromSecretConfig: true },
                undeclared: { value: kinds.restricted, fromSecretConfig: true },
            },
        };
        const { error, printed } = await capturePrinted(async () => new SecretSet("app", bad));
        assert.ok(error instanceof SecretSetValidationError);
        assert.deepStrictEqual(error.problems.map((p) => `${p.secret}:${p.field}`).sort(), ["api-user:value", "declared-value:value", "huge:value", "undeclared:value"]);
        assert.ok(!error.message.includes(SENTINEL), error.message);
        assert.ok(!JSON.stringify(error.problems).includes(SENTINEL));
        assert.ok(!printed.includes(SENTINEL));
        await mocks.settled();
        assert.deepStrictEqual(mocks.resources, []);
    });
});
