// No secret value in any output format, error or log line: sentinels planted in
// the stack config (a plaintext and an encrypted value) must never be printed,
// not even when a policy echoes the value it was given.
import { strict as assert } from "assert";
import { runFixture, tempFile } from "./previewHelpers";

const PLAINTEXT_SENTINEL = "LEAK-PLAINTEXT-SENTINEL-5b2e9a";
const ENCRYPTED_SENTINEL = "ENCRYPTED-SENTINEL-91c4d7";

const CONFIG = `config:
  secretset:app: fixture
  secretset:secrets:
    api-token: { classification: internal }
    docker-username: { classification: internal }
    docker-password: { classification: confidential, rotation: { days: 30 } }
  secretset:api-token: ${PLAINTEXT_SENTINEL}
  secretset:docker-username:
    secure: v1:${ENCRYPTED_SENTINEL}
`;

describe("preview:offline never prints a secret value", function () {
    this.timeout(120_000);
    const config = tempFile("Pulumi.dev.yaml", CONFIG);

    for (const format of ["json", "tree", "markdown"]) {
        it(`in --format ${format}`, () => {
            const run = runFixture(config, ["--format", format]);
            assert.equal(run.status, 0, run.stderr);
            for (const sentinel of [PLAINTEXT_SENTINEL, ENCRYPTED_SENTINEL]) {
                assert.ok(!run.stdout.includes(sentinel), `stdout holds ${sentinel}`);
                assert.ok(!run.stderr.includes(sentinel), `stderr holds ${sentinel}`);
            }
            if (format === "json") {
                const report = JSON.parse(run.stdout);
                // The pack did see the plaintext (its leaky rule fired on it) ...
                const leak = report.violations.find((v: any) => v.policyName === "fixture-leaky-policy");
                assert.ok(leak, "the leaky policy must have fired on the plaintext value");
                // ... and the report shows it scrubbed.
                assert.equal(leak.message, "SSM value [secret] looks odd.");
            }
        });
    }
});
