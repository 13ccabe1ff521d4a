// The shipped prod stack through the offline preview (real index.ts, components and
// pack with policies/config/prod.json): its audit resources satisfy the audit rules,
// its read rules exclude the CodeBuild consumer's role, and a copy without
// `secretset:audit` is stopped by the three requirement rules. dev is not required to audit.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { runOfflinePreview } from "../../tools/preview/runPreview";
import { REPO, tempFile } from "../preview/previewHelpers";

const yaml = require("js-yaml") as { load(text: string): any; dump(value: unknown): string };

async function preview(stack: "dev" | "prod", config?: any) {
    return runOfflinePreview({ stack, format: "json", help: false, configFile: config ? tempFile(`Pulumi.${stack}.yaml`, yaml.dump(config)) : undefined });
}

describe("audit in the shipped stacks (offline preview)", function () {
    this.timeout(120_000);

    it("prod: audit resources pass every audit rule, and the read rules spare the consumer's role", async () => {
        const outcome = await preview("prod");
        const audit = outcome.report.violations.filter((v) => v.policyName.startsWith("audit-"));
        assert.deepEqual(audit, []);
        const byType = (type: string) => outcome.report.resources.filter((r) => r.type === type);
        assert.equal(byType("aws:cloudtrail/trail:Trail").length, 1);
        assert.equal(byType("vault:index/audit:Audit").length, 1);
        const rules = byType("aws:cloudwatch/eventRule:EventRule");
        assert.deepEqual(rules.map((r) => r.name).sort(), ["ci-pipeline-audit-unexpected-read-keys", "ci-pipeline-audit-unexpected-read-parameters", "ci-pipeline-audit-unexpected-read-secrets"]);
        const consumerRole = byType("aws:iam/role:Role").find((r) => r.name === "ci-pipeline-consumer-docker-build-role");
        assert.ok(consumerRole);
        for (const rule of rules) {
            const pattern = String(rule.inputs.eventPattern);
            assert.ok(pattern.includes(":role/ci-pipeline-consumer-docker-build-role-"), `${rule.name} spares the consumer's role`);
            assert.ok(pattern.includes(":role/ci-pipeline-rotator-role-"), `${rule.name} spares the rotator`);
        }
        assert.equal(byType("aws:sns/topicSubscription:TopicSubscription")[0].inputs.endpoint, "security-alerts@example.com");
    });

    it("prod without `secretset:audit` is stopped by the trail, alert and Vault audit rules", async () => {
        const config = yaml.load(fs.readFileSync(path.join(REPO, "Pulumi.prod.yaml"), "utf8"));
        delete config.config["secretset:audit"];
        const outcome = await preview("prod", config);
        const names = outcome.report.violations.filter((v) => v.enforcementLevel === "mandatory").map((v) => v.policyName).sort();
        assert.deepEqual(names, ["audit-read-alert-required", "audit-trail-required", "audit-vault-device-required"]);
        assert.equal(outcome.exitCode, 1);
    });

    it("dev (no audit declared) is not required to audit", async () => {
        const outcome = await preview("dev");
        assert.deepEqual(outcome.report.violations.filter((v) => v.policyName.startsWith("audit-")), []);
    });
});
