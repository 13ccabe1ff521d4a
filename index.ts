// The SecretSet Pulumi program. This is the only file that reads stack
// configuration; everything below it receives plain arguments.
import * as pulumi from "@pulumi/pulumi";
import type { AuditSettings } from "./components/audit/auditSettings";
import { consumerReaderArns } from "./components/audit/consumerReaders";
import { validateConsumers } from "./components/consumers";
import { createSecretConsumers } from "./components/secretConsumer";
import { SecretSet } from "./components/secretSet";
import type { SecretSetArgs } from "./components/secretSetArgs";
import type { ClassificationTightenings, CrossAccountReader, ExistingKmsKeys, ProvidedValue, SecretDeclaration, VaultSettings } from "./components/types";
import { SecretSetValidationError, validateSecretSet } from "./components/validation";

const PROJECT = "secretset";

// Config keys that hold settings, so a secret may not be named after one of them
// (its value would live in the same `secretset:<name>` key).
const SETTING_KEYS = ["app", "owner", "environment", "disposable", "classifications", "vault", "secrets", "consumers", "kmsKeys", "crossAccountReaders", "audit"] as const;

// `isConfigSecret` is how the SDK itself tells an encrypted config value from a
// plaintext one; it is not in the public typings, so it is loaded by name.
const { isConfigSecret } = require("@pulumi/pulumi/runtime/config") as { isConfigSecret(key: string): boolean };

const config = new pulumi.Config(PROJECT);

function readObject<T>(key: string): T | undefined {
    const value = config.getObject<T>(key);
    if (value !== undefined && (typeof value !== "object" || value === null || Array.isArray(value))) {
        throw new pulumi.RunError(`Stack config \`${PROJECT}:${key}\` must be a map; see docs/configuration.md.`);
    }
    return value;
}

/** Values of declared secrets, from their own config keys `secretset:<name>`. */
function readProvidedValues(names: readonly string[]): Record<string, ProvidedValue> {
    // Read raw, once (each single-key read re-parses the whole config), so the SDK does
    // not warn about reading a secret as plain text; the component wraps it in pulumi.secret.
    const allConfig = pulumi.runtime.allConfig();
    const values: Record<string, ProvidedValue> = {};
    for (const name of names) {
        const key = `${PROJECT}:${name}`;
        const raw = allConfig[key];
        if (raw !== undefined) {
            values[name] = { value: raw, fromSecretConfig: isConfigSecret(key) };
        }
    }
    return values;
}

function readSecretDeclarations(): Record<string, SecretDeclaration> {
    const secrets = readObject<Record<string, SecretDeclaration>>("secrets") ?? {};
    const clashes = Object.keys(secrets).filter((name) => (SETTING_KEYS as readonly string[]).includes(name));
    if (clashes.length > 0) {
        throw new pulumi.RunError(
            clashes.map((name) => `Secret \`${name}\` in \`${PROJECT}:secrets\` clashes with the setting \`${PROJECT}:${name}\`; rename the secret (e.g. \`${name}-secret\`).`).join("\n"),
        );
    }
    return secrets;
}

const declarations = readSecretDeclarations();
const app = config.require("app");
const setArgs: SecretSetArgs = {
    app,
    environment: config.get("environment") ?? pulumi.getStack(),
    owner: config.get("owner"),
    disposable: config.getBoolean("disposable") ?? false,
    secrets: declarations,
    values: readProvidedValues(Object.keys(declarations)),
    vault: readObject<VaultSettings>("vault"),
    classifications: readObject<ClassificationTightenings>("classifications"),
    kmsKeys: readObject<ExistingKmsKeys>("kmsKeys"),
    crossAccountReaders: config.getObject<CrossAccountReader[]>("crossAccountReaders"),
    audit: config.getObject<AuditSettings>("audit"),
};
const consumersConfig = readObject<unknown>("consumers");

// Every mistake in secrets and consumers is reported in one error, before any resource exists.
const problems = [
    ...validateSecretSet(setArgs),
    ...validateConsumers(consumersConfig, declarations).map((p) => ({ field: `consumers.${p.consumer}.${p.field}`, message: p.message })),
];
if (problems.length > 0) {
    throw new SecretSetValidationError(app, problems);
}

const secretSet = new SecretSet(app, setArgs);
const consumers = createSecretConsumers(secretSet.access, consumersConfig);
// The unexpected-read alert knows every reader only now that the consumers exist.
secretSet.audit?.watchReads(consumerReaderArns(consumers, consumersConfig));

export const secrets = secretSet.secrets;
export const manifest = secretSet.manifest;
export const estimatedMonthlyCostUsd = secretSet.estimatedMonthlyCostUsd;
export const costBreakdown = secretSet.costBreakdown;
/** The trail recording secret reads and the topic unexpected reads go to (when `secretset:audit` is set). */
export const audit = secretSet.audit && { trailArn: secretSet.audit.trailArn, alertTopicArn: secretSet.audit.alertTopic.topic.arn };
/** Per consumer: the role holding its grants, its CodeBuild project and its Vault policy (names only). */
export const consumerAccess = Object.fromEntries(
    Object.entries(consumers).map(([name, consumer]) => [
        name,
        { roleName: consumer.roleName, codebuildProject: consumer.codebuild?.project?.name, vaultPolicy: consumer.vaultAccess?.policy.name, appRole: consumer.vaultAccess?.appRole?.roleName },
    ]),
);
