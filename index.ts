// The SecretSet Pulumi program. This is the only file that reads stack
// configuration; everything below it receives plain arguments.
import * as pulumi from "@pulumi/pulumi";
import { consumerReaderArns } from "./components/audit/consumerReaders";
import { createSecretConsumers } from "./components/secretConsumer";
import { SecretSet } from "./components/secretSet";
import { readSecretSetConfig } from "./components/stackConfig";
import { SecretSetValidationError } from "./components/validation";

// `isConfigSecret` is how the SDK itself tells an encrypted config value from a
// plaintext one; it is not in the public typings, so it is loaded by name.
const { isConfigSecret } = require("@pulumi/pulumi/runtime/config") as { isConfigSecret(key: string): boolean };

// Read raw, once (each single-key read re-parses the whole config, and the SDK warns
// about reading a secret as plain text); the component wraps every value in pulumi.secret.
// Every mistake in settings, keys, secrets and consumers is reported in one error,
// before any resource exists (components/stackConfig.ts, shared with the offline preview).
const { setArgs, consumers: consumersConfig, problems } = readSecretSetConfig({ values: pulumi.runtime.allConfig(), isSecret: isConfigSecret, stack: pulumi.getStack() });
const app = setArgs.app;
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
// Always an object, so a stack without audit gets `{ enabled: false }` instead of an "undefined output" warning.
export const audit = secretSet.audit ? { enabled: true, trailArn: secretSet.audit.trailArn, alertTopicArn: secretSet.audit.alertTopic.topic.arn } : { enabled: false };
/** Per consumer: the role holding its grants (and its ARN, for OIDC logins), its CodeBuild project, pipeline and image repository, its Vault policy and login role (names only). */
export const consumerAccess = Object.fromEntries(
    Object.entries(consumers).map(([name, consumer]) => [
        name,
        {
            roleName: consumer.roleName,
            roleArn: consumer.roleArn,
            codebuildProject: consumer.codebuild?.project?.name,
            pipeline: consumer.pipeline?.pipeline.name,
            imageRepository: consumer.pipeline?.imageRepository,
            instanceProfile: consumer.instanceProfile?.name,
            vaultPolicy: consumer.vaultAccess?.policy.name,
            appRole: consumer.vaultAccess?.appRole?.roleName,
            vaultJwtRole: consumer.vaultJwtRole?.roleName,
        },
    ]),
);
