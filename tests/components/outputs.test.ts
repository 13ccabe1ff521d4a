// The set's outputs: per-secret summary, the manifest (no values) and the cost
// estimate from the one price table.
import * as assert from "assert";
import { PRICE_TABLE } from "../../policies/lib/pricing";
import { SecretSet } from "../../components/secretSet";
import { promiseOf, useMocks } from "../helpers/mocks";
import { DOCKER_PASSWORD, DOCKER_USER, dockerExample } from "./exampleArgs";

describe("SecretSet outputs", () => {
    useMocks();

    it("summarises each secret's store, names, ARNs, KMS key and rotation", async () => {
        const set = new SecretSet("ci", dockerExample());
        const secrets = await promiseOf(set.secrets);
        assert.deepStrictEqual(Object.keys(secrets).sort(), ["docker-password", "docker-username", "partner-token", "registry-url", "signing-key"]);
        assert.deepStrictEqual(secrets["docker-username"].stores, ["ssm-securestring"]);
        assert.strictEqual(secrets["docker-username"].ssmParameterName, "/dev/ci-pipeline/docker-username");
        assert.match(secrets["docker-username"].ssmParameterArn ?? "", /^arn:aws:ssm:.*:parameter\/dev\/ci-pipeline\/docker-username$/);
        assert.strictEqual(secrets["docker-username"].kmsAlias, "alias/dev-ci-pipeline-secrets");
        assert.strictEqual(secrets["docker-password"].secretName, "dev/ci-pipeline/docker-password");
        assert.strictEqual(secrets["docker-password"].rotationDays, 90);
        assert.strictEqual(secrets["docker-password"].rotationMode, "manual");
        assert.strictEqual(secrets["docker-password"].rotationOwner, "platform-team");
        assert.strictEqual(secrets["signing-key"].kmsAlias, "alias/dev-ci-pipeline-restricted-secrets");
        assert.strictEqual(secrets["signing-key"].valueSource, "rotator");
        assert.strictEqual(secrets["registry-url"].kmsKeyArn, undefined);
    });

    it("writes a JSON manifest without values", async () => {
        const set = new SecretSet("ci", dockerExample());
        const text = await promiseOf(set.manifest);
        const manifest = JSON.parse(text);
        assert.strictEqual(manifest.app, "ci-pipeline");
        assert.strictEqual(manifest.environment, "dev");
        assert.strictEqual(manifest.secrets["docker-password"].classification, "confidential");
        assert.ok(!text.includes(DOCKER_PASSWORD));
        assert.ok(!text.includes(DOCKER_USER));
    });

    it("estimates the monthly cost per secret, replica, Advanced parameter and key", async () => {
        const replicaKey = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
        const args = dockerExample();
        const set = new SecretSet("ci", {
            ...args,
            secrets: {
                ...args.secrets,
                "docker-password": { ...args.secrets["docker-password"], replicas: [{ region: "eu-west-1", kmsKeyArn: replicaKey }] },
                "ca-bundle": { classification: "public", value: "x".repeat(5000) },
            },
        });
        // 2 Secrets Manager secrets, 1 replica, 1 Advanced parameter, 2 KMS keys (shared + restricted).
        const expected =
            2 * PRICE_TABLE.secretsManagerSecretPerMonth +
            PRICE_TABLE.secretsManagerReplicaPerMonth +
            PRICE_TABLE.ssmAdvancedParameterPerMonth +
            2 * PRICE_TABLE.kmsCustomerManagedKeyPerMonth;
        assert.strictEqual(await promiseOf(set.estimatedMonthlyCostUsd), Math.round(expected * 100) / 100);
        const breakdown = await promiseOf(set.costBreakdown);
        const count = (item: string): number | undefined => breakdown.find((line) => line.item === item)?.count;
        assert.strictEqual(count("secretsManagerSecrets"), 2);
        assert.strictEqual(count("secretsManagerReplicas"), 1);
        assert.strictEqual(count("ssmAdvancedParameters"), 1);
        assert.strictEqual(count("ssmStandardParameters"), 2);
        assert.strictEqual(count("kmsKeys"), 2);
        assert.strictEqual(count("vaultSecrets"), 1);
    });

    it("exposes what it built for the grants and rotation wiring", () => {
        const set = new SecretSet("ci", dockerExample());
        const password = set.storedSecrets["docker-password"];
        assert.ok(password.secret && password.secretVersion && password.kmsKey);
        assert.deepStrictEqual(password.rotation, { days: 90, mode: "manual", owner: "platform-team", rotateImmediately: false });
        assert.strictEqual(set.storedSecrets["signing-key"].rotation?.rotateImmediately, true);
        assert.strictEqual(set.storedSecrets["signing-key"].secretVersion, undefined);
        assert.strictEqual(set.storedSecrets["docker-username"].rotation, undefined);
        assert.deepStrictEqual(set.kmsKeys.map((k) => k.aliasName).sort(), ["alias/dev-ci-pipeline-restricted-secrets", "alias/dev-ci-pipeline-secrets"]);
    });
});
