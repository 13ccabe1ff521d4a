// One case of `npm run bench` (bench/component.ts spawns it): registers N secrets
// under the SDK mocks, either through one SecretSet ("component") or as the same
// typed AWS resources written by hand ("bare"), waits until every registration has
// settled, and prints one JSON line {mode, secrets, resources, wallMs, peakRssMb}.
//
// The secrets cycle through four shapes so both modes register the same resources:
//   public        SSM String
//   internal      SSM SecureString under the set's shared KMS key
//   confidential  Secrets Manager secret + version + rotation (named Lambda), shared key
//   restricted    generated RandomPassword + secret + version + rotation, dedicated key, protected
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";

// The SDK captures a stack trace per registration; ts-node source maps make that the dominant cost.
Error.stackTraceLimit = 0;

import { SecretSet } from "../components/secretSet";
import type { ProvidedValue, SecretDeclaration } from "../components/types";
import { defaultCall, defaultOutputs } from "../tests/helpers/mockProviders";

// Internal SDK function: resolves when every registration and its outputs have been processed.
const { waitForRPCs } = require("@pulumi/pulumi/runtime/settings") as { waitForRPCs(): Promise<void> };

const ROTATOR_ARN = "arn:aws:lambda:us-east-1:123456789012:function:bench-rotator";
/** A function's resource policy holds about 60 invoke statements (20 KB): 40 secrets per rotation function. */
const rotatorArnFor = (i: number) => `${ROTATOR_ARN}-${Math.floor(i / 160)}`;
const SHAPES = ["public", "internal", "confidential", "restricted"] as const;
type Shape = (typeof SHAPES)[number];

const ENVIRONMENT = "bench";
const APP = "bench-app";

function shapeOf(index: number): Shape {
    return SHAPES[index % SHAPES.length];
}

function nameOf(index: number): string {
    return `secret-${index}`;
}

let registered = 0;

function installMocks(): void {
    void pulumi.runtime.setMocks(
        {
            newResource(args) {
                registered += 1;
                return { id: `${args.name}-id`, state: { ...args.inputs, ...defaultOutputs(args) } };
            },
            call: (args) => defaultCall(args),
        },
        "secretset",
        ENVIRONMENT,
        false,
    );
}

/** The SecretSet declaration for N secrets, values for the config-fed ones. */
function registerThroughComponent(count: number): void {
    const secrets: Record<string, SecretDeclaration> = {};
    const values: Record<string, ProvidedValue> = {};
    for (let i = 0; i < count; i++) {
        const name = nameOf(i);
        switch (shapeOf(i)) {
            case "public":
                secrets[name] = { classification: "public", value: `https://example.com/${i}` };
                break;
            case "internal":
                secrets[name] = { classification: "internal" };
                values[name] = { value: `bench-internal-${i}`, fromSecretConfig: true };
                break;
            case "confidential":
                // A token from outside, rotated by its owner: SecretSet may not overwrite it.
                secrets[name] = { classification: "confidential", rotation: { mode: "manual", owner: "bench", days: 90 } };
                values[name] = { value: `bench-confidential-${i}`, fromSecretConfig: true };
                break;
            case "restricted":
                secrets[name] = { classification: "restricted", generate: { length: 64 }, rotation: { days: 30, lambdaArn: rotatorArnFor(i) } };
                break;
        }
    }
    new SecretSet(APP, { app: APP, environment: ENVIRONMENT, owner: "bench", secrets, values });
}

/** The same resources, written by hand with the same names, tags and options. */
function registerBare(count: number): void {
    const tags = (classification: Shape) => ({
        "secretset:classification": classification,
        "secretset:environment": ENVIRONMENT,
        "secretset:app": APP,
        "secretset:owner": "bench",
        ...(classification === "confidential" ? { "secretset:rotation-mode": "manual", "secretset:rotation-owner": "bench", "secretset:rotation-days": "90" } : {}),
        ...(classification === "restricted" ? { "secretset:rotation-mode": "lambda", "secretset:rotation-days": "30" } : {}),
    });
    const sharedKey = new aws.kms.Key(`${APP}-kms-key`, { enableKeyRotation: true, deletionWindowInDays: 30, tags: tags("confidential") });
    new aws.kms.Alias(`${APP}-kms-alias`, { name: `alias/${ENVIRONMENT}-${APP}-secrets`, targetKeyId: sharedKey.keyId });
    const restrictedKey = new aws.kms.Key(`${APP}-kms-key-restricted`, { enableKeyRotation: true, deletionWindowInDays: 30, tags: tags("restricted") }, { protect: true, retainOnDelete: true });
    new aws.kms.Alias(`${APP}-kms-alias-restricted`, { name: `alias/${ENVIRONMENT}-${APP}-restricted-secrets`, targetKeyId: restrictedKey.keyId });

    for (let i = 0; i < count; i++) {
        const name = nameOf(i);
        const shape = shapeOf(i);
        if (shape === "public" || shape === "internal") {
            new aws.ssm.Parameter(`${APP}-ssm-${name}`, {
                name: `/${ENVIRONMENT}/${APP}/${name}`,
                type: shape === "public" ? "String" : "SecureString",
                tier: "Standard",
                ...(shape === "public" ? { insecureValue: `https://example.com/${i}` } : { value: pulumi.secret(`bench-internal-${i}`), keyId: sharedKey.arn }),
                tags: tags(shape),
            });
            continue;
        }
        const protect = shape === "restricted";
        const key = protect ? restrictedKey : sharedKey;
        const value = protect
            ? new random.RandomPassword(`${APP}-generated-${name}`, { length: 64 }, { protect: true, additionalSecretOutputs: ["result"] }).result
            : pulumi.secret(`bench-confidential-${i}`);
        const secret = new aws.secretsmanager.Secret(
            `${APP}-secret-${name}`,
            { name: `${ENVIRONMENT}/${APP}/${name}`, kmsKeyId: key.arn, recoveryWindowInDays: protect ? 30 : 7, tags: tags(shape) },
            { protect, retainOnDelete: protect },
        );
        new aws.secretsmanager.SecretVersion(
            `${APP}-secret-version-${name}`,
            { secretId: secret.id, secretString: value },
            { protect, ignoreChanges: ["secretString"], additionalSecretOutputs: ["secretString"] },
        );
        if (!protect) continue; // confidential: rotated manually, nothing rotates it here
        const permission = new aws.lambda.Permission(`${APP}-rotation-invoke-${name}`, {
            action: "lambda:InvokeFunction",
            function: rotatorArnFor(i),
            principal: "secretsmanager.amazonaws.com",
            sourceArn: secret.arn,
            sourceAccount: secret.arn.apply((arn) => arn.split(":")[4]),
        });
        new aws.secretsmanager.SecretRotation(
            `${APP}-rotation-${name}`,
            { secretId: secret.arn, rotationLambdaArn: rotatorArnFor(i), rotationRules: { automaticallyAfterDays: 30 }, rotateImmediately: false },
            { dependsOn: [permission] },
        );
    }
}

async function main(): Promise<void> {
    const [mode, countText] = process.argv.slice(2);
    const count = Number(countText);
    if ((mode !== "component" && mode !== "bare") || !Number.isInteger(count) || count <= 0) {
        throw new Error("usage: componentWorker.ts <component|bare> <number of secrets>");
    }
    installMocks();
    let peakRss = process.memoryUsage().rss;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 10);
    const started = process.hrtime.bigint();
    if (mode === "component") registerThroughComponent(count);
    else registerBare(count);
    await waitForRPCs();
    const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
    clearInterval(sampler);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    console.log(JSON.stringify({ mode, secrets: count, resources: registered, wallMs, peakRssMb: peakRss / 1024 / 1024 }));
}

main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
});
