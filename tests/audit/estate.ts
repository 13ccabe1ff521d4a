// A seeded estate for the audit tests: the stack file of a set (`qa/shop`), and live
// stores in moto and OpenBao with one kind of drift per secret. Every value is the
// SENTINEL, so a test can prove no value reaches any output.
import { CreateAliasCommand, CreateKeyCommand, KMSClient } from "@aws-sdk/client-kms";
import { CreateSecretCommand, PutSecretValueCommand, RotateSecretCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { PutParameterCommand, SSMClient } from "@aws-sdk/client-ssm";
import { MOTO_CREDENTIALS, MOTO_REGION } from "../fixtures/servers";

export const SENTINEL = "SENTINEL-audit-value-7f3c9e";
export const APP = "shop";
export const ENV = "qa";
export const MOUNT = "kv-qa";

const tags = (classification: string, extra: Record<string, string> = {}) =>
    Object.entries({ "secretset:classification": classification, "secretset:app": APP, "secretset:environment": ENV, "secretset:owner": "team", ...extra }).map(([Key, Value]) => ({ Key, Value }));

/** The stack file: what the set declares. */
export const STACK_FILE = `config:
  aws:region: us-east-1
  secretset:app: ${APP}
  secretset:environment: ${ENV}
  secretset:vault:
    mount: ${MOUNT}
    maxVersions: 10
  secretset:secrets:
    api-key:        { classification: confidential, generate: { length: 20 }, rotation: { days: 90 } }
    rotation-off:   { classification: confidential, external: true, rotation: { mode: lambda, lambdaArn: "arn:aws:lambda:us-east-1:123456789012:function:estate-rotator" } }
    signing-key:    { classification: restricted, external: true, rotation: { mode: lambda, lambdaArn: "arn:aws:lambda:us-east-1:123456789012:function:estate-rotator" } }
    stuck:          { classification: confidential, external: true, rotation: { mode: lambda, lambdaArn: "arn:aws:lambda:us-east-1:123456789012:function:estate-rotator" } }
    wrong-tag:      { classification: confidential, external: true, rotation: { mode: lambda, lambdaArn: "arn:aws:lambda:us-east-1:123456789012:function:estate-rotator" } }
    wrong-key:      { classification: confidential, external: true, rotation: { mode: lambda, lambdaArn: "arn:aws:lambda:us-east-1:123456789012:function:estate-rotator" } }
    missing-one:    { classification: confidential, external: true, rotation: { mode: lambda, lambdaArn: "arn:aws:lambda:us-east-1:123456789012:function:estate-rotator" } }
    drifted:        { classification: confidential, generate: { length: 20 } }
    partner-cert:   { classification: confidential, external: true, rotation: { mode: manual, owner: partner-team, days: 30 } }
    registry-url:   { classification: public, value: "https://registry.example" }
    db-user:        { classification: internal }
    drift-user:     { classification: internal }
    plain-user:     { classification: internal }
    aws-key-user:   { classification: internal }
    untagged-user:  { classification: internal }
    vault-token:    { classification: confidential, backends: [vault], generate: { length: 20 } }
    vault-drift:    { classification: confidential, backends: [vault], generate: { length: 20 } }
    vault-short:    { classification: confidential, backends: [vault], generate: { length: 20 } }
`;

export interface Seeded {
    readonly sharedKeyArn: string;
    readonly versions: { drifted: string; apiKey: string };
}

function clients(endpoint: string) {
    const config = { endpoint, region: MOTO_REGION, credentials: MOTO_CREDENTIALS };
    return { sm: new SecretsManagerClient(config), ssm: new SSMClient(config), kms: new KMSClient(config) };
}

export async function seedAws(endpoint: string): Promise<Seeded> {
    const { sm, ssm, kms } = clients(endpoint);
    const key = async (alias?: string) => {
        const created = await kms.send(new CreateKeyCommand({ Description: alias ?? "someone else's key" }));
        if (alias) await kms.send(new CreateAliasCommand({ AliasName: alias, TargetKeyId: created.KeyMetadata?.KeyId }));
        return created.KeyMetadata?.Arn ?? "";
    };
    const shared = await key(`alias/${ENV}-${APP}-secrets`);
    const restricted = await key(`alias/${ENV}-${APP}-restricted-secrets`);
    const other = await key();

    const secret = async (name: string, classification: string, keyId: string | undefined, extraTags: Record<string, string> = {}) => {
        const created = await sm.send(new CreateSecretCommand({ Name: name, SecretString: SENTINEL, ...(keyId ? { KmsKeyId: keyId } : {}), Tags: tags(classification, extraTags) }));
        return created.VersionId ?? "";
    };
    const rotate = (name: string, days: number) => sm.send(new RotateSecretCommand({ SecretId: name, RotationRules: { AutomaticallyAfterDays: days } }));
    const p = `${ENV}/${APP}`;
    const apiKey = await secret(`${p}/api-key`, "confidential", shared);
    await rotate(`${p}/api-key`, 90);
    await secret(`${p}/rotation-off`, "confidential", shared);
    await secret(`${p}/signing-key`, "restricted", restricted);
    await rotate(`${p}/signing-key`, 30);
    await secret(`${p}/stuck`, "confidential", shared);
    await rotate(`${p}/stuck`, 90);
    await sm.send(new PutSecretValueCommand({ SecretId: `${p}/stuck`, SecretString: SENTINEL, VersionStages: ["AWSPENDING"] }));
    await secret(`${p}/wrong-tag`, "internal", shared);
    await rotate(`${p}/wrong-tag`, 90);
    await secret(`${p}/wrong-key`, "confidential", other);
    await rotate(`${p}/wrong-key`, 90);
    const drifted = await secret(`${p}/drifted`, "confidential", shared);
    await sm.send(new PutSecretValueCommand({ SecretId: `${p}/drifted`, SecretString: `${SENTINEL}-changed` }));
    await secret(`${p}/partner-cert`, "confidential", shared, { "secretset:rotation-mode": "manual", "secretset:rotation-days": "30", "secretset:rotation-owner": "partner-team" });
    await secret(`${p}/leftover`, "confidential", shared);
    await secret("legacy-shop-token", "confidential", shared);

    const parameter = (name: string, type: "String" | "SecureString", classification: string | undefined, keyId?: string) =>
        ssm.send(new PutParameterCommand({ Name: `/${p}/${name}`, Value: SENTINEL, Type: type, ...(keyId ? { KeyId: keyId } : {}), Tags: classification ? tags(classification) : [{ Key: "team", Value: "x" }] }));
    await parameter("registry-url", "String", "public");
    await parameter("db-user", "SecureString", "internal", shared);
    await parameter("drift-user", "SecureString", "internal", shared);
    await ssm.send(new PutParameterCommand({ Name: `/${p}/drift-user`, Value: `${SENTINEL}-2`, Type: "SecureString", KeyId: shared, Overwrite: true }));
    await parameter("plain-user", "String", "internal");
    await parameter("aws-key-user", "SecureString", "internal", "alias/aws/ssm");
    await parameter("untagged-user", "SecureString", undefined, shared);
    await parameter("stray", "SecureString", "internal", shared);
    return { sharedKeyArn: shared, versions: { drifted, apiKey } };
}

async function vault(address: string, token: string, method: string, path: string, body?: unknown): Promise<void> {
    const response = await fetch(`${address}/v1/${path}`, { method, headers: { "X-Vault-Token": token }, body: body === undefined ? undefined : JSON.stringify(body) });
    if (response.status >= 300) throw new Error(`vault ${method} ${path}: ${response.status}`);
}

export async function seedVault(address: string, token: string): Promise<void> {
    await vault(address, token, "POST", `sys/mounts/${MOUNT}`, { type: "kv", options: { version: "2" } });
    await vault(address, token, "POST", `${MOUNT}/config`, { max_versions: 10 });
    const write = async (name: string, maxVersions: number) => {
        await vault(address, token, "POST", `${MOUNT}/data/${ENV}/${APP}/${name}`, { data: { value: SENTINEL } });
        const custom_metadata = { "secretset:classification": "confidential", "secretset:app": APP, "secretset:environment": ENV };
        await vault(address, token, "POST", `${MOUNT}/metadata/${ENV}/${APP}/${name}`, { max_versions: maxVersions, custom_metadata });
    };
    await write("vault-token", 10);
    await write("vault-drift", 10);
    await vault(address, token, "POST", `${MOUNT}/data/${ENV}/${APP}/vault-drift`, { data: { value: `${SENTINEL}-2` } });
    await write("vault-short", 3);
    await write("orphan", 10);
    // A KV version 1 mount, for the mount check.
    await vault(address, token, "POST", "sys/mounts/kv-one", { type: "kv", options: { version: "1" } });
}

/** A `pulumi stack export` (deployment v3) holding the versions Pulumi wrote. */
export function stackExport(seeded: Seeded): unknown {
    const urn = (type: string, name: string) => `urn:pulumi:${ENV}::secretset::${type}::${name}`;
    const arnOf = (name: string) => `arn:aws:secretsmanager:us-east-1:123456789012:secret:${ENV}/${APP}/${name}-abcdef`;
    const resources = [
        { urn: urn("pulumi:pulumi:Stack", "secretset-qa"), type: "pulumi:pulumi:Stack", outputs: {} },
        ...["drifted", "api-key"].flatMap((name) => [
            { urn: urn("aws:secretsmanager/secret:Secret", `s-${name}`), type: "aws:secretsmanager/secret:Secret", custom: true, inputs: {}, outputs: { arn: arnOf(name), name: `${ENV}/${APP}/${name}` } },
            {
                urn: urn("aws:secretsmanager/secretVersion:SecretVersion", `v-${name}`),
                type: "aws:secretsmanager/secretVersion:SecretVersion",
                custom: true,
                inputs: {},
                outputs: { secretId: arnOf(name), versionId: name === "drifted" ? seeded.versions.drifted : "will-differ-after-rotation" },
            },
        ]),
        ...["db-user", "drift-user"].map((name) => ({
            urn: urn("aws:ssm/parameter:Parameter", `p-${name}`),
            type: "aws:ssm/parameter:Parameter",
            custom: true,
            inputs: {},
            outputs: { name: `/${ENV}/${APP}/${name}`, version: 1 },
        })),
        ...["vault-token", "vault-drift"].map((name) => ({
            urn: urn("vault:kv/secretV2:SecretV2", `k-${name}`),
            type: "vault:kv/secretV2:SecretV2",
            custom: true,
            inputs: {},
            outputs: { mount: MOUNT, name: `${ENV}/${APP}/${name}`, metadata: { version: "1" } },
        })),
    ];
    return { version: 3, deployment: { manifest: {}, resources } };
}
