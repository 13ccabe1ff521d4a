// PROPERTY: the shipped stacks (Pulumi.dev.yaml / Pulumi.prod.yaml through the
// real index.ts, components and pack) have zero mandatory violations, and mutated
// copies of them produce the expected violation or validation error.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { InputError } from "../../tools/preview/inputError";
import { PreviewOutcome, runOfflinePreview } from "../../tools/preview/runPreview";
import { REPO, tempFile } from "./previewHelpers";

const yaml = require("js-yaml") as { load(text: string): any; dump(value: unknown): string };

type StackName = "dev" | "prod";

function shippedConfig(stack: StackName): any {
    return yaml.load(fs.readFileSync(path.join(REPO, `Pulumi.${stack}.yaml`), "utf8"));
}

function declarations(config: any): Record<string, any> {
    return config.config["secretset:secrets"];
}

/** First declared secret of a class stored on AWS (the default backend). */
function secretOfClass(config: any, classification: string): string {
    const found = Object.entries(declarations(config)).find(([, d]) => d.classification === classification && !(d.backends ?? ["aws"]).every((b: string) => b === "vault"));
    assert.ok(found, `the shipped stack declares no ${classification} secret on AWS`);
    return found[0];
}

function preview(stack: StackName, config?: any, policyConfig?: object): Promise<PreviewOutcome> {
    return runOfflinePreview({
        stack,
        format: "json",
        help: false,
        configFile: config ? tempFile(`Pulumi.${stack}.yaml`, yaml.dump(config)) : undefined,
        policyConfigFile: policyConfig ? tempFile(`${stack}.json`, JSON.stringify(policyConfig)) : undefined,
    });
}

function describeViolations(outcome: PreviewOutcome): string {
    return outcome.report.violations.map((v) => `${v.enforcementLevel} ${v.policyName} ${v.urn}: ${v.message}`).join("\n");
}

describe("shipped stacks through the offline preview (property)", function () {
    this.timeout(180_000);

    for (const stack of ["dev", "prod"] as const) {
        it(`${stack}: every declared secret is stored and there is no mandatory violation`, async () => {
            const outcome = await preview(stack);
            assert.equal(outcome.report.summary.mandatory, 0, describeViolations(outcome));
            assert.equal(outcome.exitCode, 0);
            const text = JSON.stringify(outcome.report.resources);
            for (const name of Object.keys(declarations(shippedConfig(stack)))) {
                assert.ok(text.includes(`/${name}"`), `no resource stores \`${name}\``);
            }
        });
    }
});

describe("shipped stacks: consumers and rotation in the preview (property)", function () {
    this.timeout(180_000);

    for (const stack of ["dev", "prod"] as const) {
        it(`${stack}: the CodeBuild job reads references, never PLAINTEXT, through a role with exact grants`, async () => {
            const { report } = await preview(stack);
            const project = report.resources.find((r) => r.type === "aws:codebuild/project:Project");
            assert.ok(project, "no CodeBuild project");
            const variables = (project.inputs as any).environment.environmentVariables as { name: string; type: string; value: string }[];
            const typeOf = Object.fromEntries(variables.map((v) => [v.name, v.type]));
            assert.deepEqual(typeOf, { DOCKER_PASSWORD: "SECRETS_MANAGER", DOCKER_USERNAME: "PARAMETER_STORE", REGISTRY_URL: "PARAMETER_STORE" });
            assert.equal(variables.find((v) => v.name === "DOCKER_USERNAME")?.value, `/${stack}/ci-pipeline/docker-username`);

            const policies = report.resources.filter((r) => r.type === "aws:iam/rolePolicy:RolePolicy");
            assert.ok(policies.length > 0, "no role policy");
            for (const policy of policies) {
                const document = JSON.parse(String((policy.inputs as any).policy));
                for (const statement of [document.Statement].flat()) {
                    for (const resource of [statement.Resource].flat()) {
                        // Log streams are named by the service, so `<own log group>:log-stream:*` is the one pattern allowed.
                        const text = String(resource);
                        assert.ok(text !== "*", `${policy.name} grants on \`*\``);
                        if (/^arn:aws:(ssm|secretsmanager|kms):/.test(text)) assert.ok(!/[*?]/.test(text), `${policy.name} grants on a pattern: ${text}`);
                    }
                }
            }
        });

        it(`${stack}: every confidential and restricted Secrets Manager secret rotates within its class maximum (manual ones by their owner)`, async () => {
            const { report } = await preview(stack);
            const rotations = report.resources.filter((r) => r.type === "aws:secretsmanager/secretRotation:SecretRotation");
            const secrets = report.resources.filter((r) => r.type === "aws:secretsmanager/secret:Secret");
            // A manual secret (the Docker Hub token) has no SecretRotation: its owner and interval are tags.
            const manual = secrets.filter((r) => (r.inputs as any).tags["secretset:rotation-mode"] === "manual");
            assert.deepEqual(manual.map((r) => r.name), ["ci-pipeline-secret-docker-password"]);
            for (const secret of manual) {
                const tags = (secret.inputs as any).tags;
                assert.equal(tags["secretset:rotation-owner"], "platform-team");
                assert.ok(Number(tags["secretset:rotation-days"]) <= 90);
            }
            assert.equal(rotations.length, secrets.length - manual.length);
            for (const rotation of rotations) {
                const days = (rotation.inputs as any).rotationRules.automaticallyAfterDays;
                assert.ok(days >= 1 && days <= 90, `${rotation.name}: ${days} days`);
            }
        });
    }
});

describe("mutated shipped stacks (property)", function () {
    this.timeout(180_000);

    for (const stack of ["dev", "prod"] as const) {
        it(`${stack}: a confidential secret rotating every 400 days is refused or flagged`, async () => {
            const config = shippedConfig(stack);
            const name = secretOfClass(config, "confidential");
            declarations(config)[name].rotation = { days: 400 };
            try {
                const outcome = await preview(stack, config);
                const hits = outcome.report.violations.filter((v) => v.enforcementLevel === "mandatory" && (v.urn ?? "").includes(name));
                assert.ok(hits.length > 0, `no mandatory violation for \`${name}\`:\n${describeViolations(outcome)}`);
            } catch (error) {
                assert.ok(error instanceof InputError, String(error));
                assert.match(error.message, new RegExp(`\`${name}\``));
                assert.match(error.message, /rotation/);
            }
        });

        it(`${stack}: an internal secret with a plaintext config value is refused with the --secret command, without echoing it`, async () => {
            const config = shippedConfig(stack);
            const name = secretOfClass(config, "internal");
            const sentinel = "PLAINTEXT-SENTINEL-3c9e71";
            config.config[`secretset:${name}`] = sentinel;
            await assert.rejects(preview(stack, config), (error: Error) => {
                assert.ok(error instanceof InputError, String(error));
                assert.match(error.message, new RegExp(`\`${name}\``));
                assert.match(error.message, new RegExp(`pulumi config set --secret ${name}`));
                assert.ok(!error.message.includes(sentinel), "the value was echoed");
                return true;
            });
        });

        it(`${stack}: a bad secret and a bad consumer are reported together, before anything is created`, async () => {
            const config = shippedConfig(stack);
            declarations(config)["docker-username"].classification = "secretish";
            config.config["secretset:consumers"]["docker-build"].secrets.push("no-such-secret");
            await assert.rejects(preview(stack, config), (error: Error) => {
                assert.ok(error instanceof InputError, String(error));
                assert.match(error.message, /`docker-username`.*`classification`/);
                assert.match(error.message, /Consumer `docker-build`.*`no-such-secret`/);
                return true;
            });
        });

        it(`${stack}: an internal secret with a literal \`value\` is refused`, async () => {
            const config = shippedConfig(stack);
            const name = secretOfClass(config, "internal");
            declarations(config)[name].value = "literal-not-allowed";
            await assert.rejects(preview(stack, config), (error: Error) => {
                assert.ok(error instanceof InputError, String(error));
                assert.match(error.message, new RegExp(`\`${name}\``));
                assert.match(error.message, /`value`/);
                assert.ok(!error.message.includes("literal-not-allowed"));
                return true;
            });
        });

        it(`${stack}: a pack config that tightens rotation to 7 days flags the shipped rotations`, async () => {
            const packConfigFile = path.join(REPO, "policies", "config", `${stack}.json`);
            const packConfig = fs.existsSync(packConfigFile) ? JSON.parse(fs.readFileSync(packConfigFile, "utf8")) : {};
            packConfig["secretsmanager-rotation-max-days"] = { enforcementLevel: "mandatory", maxRotationDays: 7 };
            const outcome = await preview(stack, undefined, packConfig);
            const hits = outcome.report.violations.filter((v) => v.policyName === "secretsmanager-rotation-max-days");
            assert.ok(hits.length > 0, describeViolations(outcome));
            assert.ok(hits.every((v) => v.enforcementLevel === "mandatory" && (v.urn ?? "").includes("aws:secretsmanager/secretRotation:SecretRotation")));
            assert.equal(outcome.exitCode, 1);
        });
    }

    it("dev: a dev stack writing /prod/... names is flagged by the environment rule", async () => {
        const config = shippedConfig("dev");
        config.config["secretset:environment"] = "prod";
        const outcome = await preview("dev", config);
        const hits = outcome.report.violations.filter((v) => v.policyName === "classification-environment-match");
        assert.ok(hits.length > 0, describeViolations(outcome));
        assert.ok(hits.every((v) => v.urn !== null));
    });
});
