// The library's newer settings through the reference program and the offline preview:
// existing KMS keys (`secretset:kmsKeys`) and cross-account readers
// (`secretset:crossAccountReaders`) on the shipped dev stack keep it free of mandatory
// violations, and the resources show what the pack saw.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { runOfflinePreview } from "../../tools/preview/runPreview";
import { REPO, tempFile } from "./previewHelpers";

const yaml = require("js-yaml") as { load(text: string): any; dump(value: unknown): string };

async function previewDev(change: (config: Record<string, unknown>) => void) {
    const stack = yaml.load(fs.readFileSync(path.join(REPO, "Pulumi.dev.yaml"), "utf8"));
    change(stack.config);
    const outcome = await runOfflinePreview({ stack: "dev", format: "json", help: false, configFile: tempFile("Pulumi.dev.yaml", yaml.dump(stack)) });
    return outcome.report;
}

describe("offline preview: existing keys and cross-account readers", function () {
    this.timeout(120_000);

    it("shares a secret with another account: secret policy and key policy agree, no mandatory violation", async () => {
        const result = await previewDev((config) => {
            config["secretset:crossAccountReaders"] = [{ accountId: "210987654321", secrets: ["docker-password"] }];
        });
        assert.deepEqual(result.violations.filter((v) => v.enforcementLevel === "mandatory"), []);
        const policy = result.resources.find((r) => r.type === "aws:secretsmanager/secretPolicy:SecretPolicy");
        assert.match(String((policy?.inputs as any).policy), /arn:aws:iam::210987654321:root/);
        const key = result.resources.find((r) => r.type === "aws:kms/key:Key" && r.name === "ci-pipeline-kms-key");
        assert.match(String((key?.inputs as any).policy), /CrossAccountDecryptViaSecretsManager.*210987654321/);
    });

    it("uses an existing key by alias: the store names it, the pack accepts it", async () => {
        const result = await previewDev((config) => {
            config["secretset:kmsKeys"] = { confidential: "alias/platform-secrets" };
        });
        assert.deepEqual(result.violations.filter((v) => v.enforcementLevel === "mandatory"), []);
        const secret = result.resources.find((r) => r.type === "aws:secretsmanager/secret:Secret" && r.name.endsWith("docker-password"));
        assert.equal((secret?.inputs as any).kmsKeyId, "alias/platform-secrets");
    });

    it("stops an AWS-managed key before any resource, naming the setting", async () => {
        await assert.rejects(
            previewDev((config) => {
                config["secretset:kmsKeys"] = { confidential: "alias/aws/secretsmanager" };
            }),
            /`kmsKeys.confidential` names an AWS-managed key/,
        );
    });
});
