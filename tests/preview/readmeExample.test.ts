// The stack-config example in README.md is what a newcomer copies first: it must
// preview with no mandatory violation (e.g. a consumer's default CodeBuild buildspec
// must not trip the pack's credential rules).
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { runOfflinePreview } from "../../tools/preview/runPreview";
import { REPO, tempFile } from "./previewHelpers";

describe("README.md: the stack-config example", function () {
    this.timeout(120_000);

    it("previews with every secret stored and no mandatory violation", async () => {
        const readme = fs.readFileSync(path.join(REPO, "README.md"), "utf8");
        const example = /```yaml\n([\s\S]*?)```/.exec(readme)?.[1];
        assert.ok(example, "README.md has no yaml example");
        const outcome = await runOfflinePreview({ stack: "dev", format: "json", help: false, configFile: tempFile("Pulumi.dev.yaml", example) });
        const mandatory = outcome.report.violations.filter((v) => v.enforcementLevel === "mandatory");
        assert.deepEqual(mandatory.map((v) => `${v.policyName}: ${v.message}`), []);
        for (const name of ["registry-url", "docker-username", "docker-password", "signing-key", "partner-token"]) {
            assert.ok(JSON.stringify(outcome.report.resources).includes(`/${name}"`), `no resource stores \`${name}\``);
        }
    });
});
