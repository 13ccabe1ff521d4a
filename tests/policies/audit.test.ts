// Audit rules: a compliant stack (confidential secret, own trail with its bucket,
// unexpected-read rule delivering to an encrypted topic, Vault audit device) is clean;
// each case changes one thing.
import * as assert from "assert";
import { auditReadAlertRequired, auditTrailProtected, auditTrailRequired, auditVaultDeviceRequired } from "../../policies/audit";
import { auditTrailMultiRegion } from "../../policies/auditTrail";
import { AUDIT_BASELINES, bucket, bucketPolicy, rule, topic, trail, TRAIL_ARN, vaultDevice, vaultSecret, versioning } from "./auditBaselines";
import { confidentialSecret } from "./baselines";
import { assertNoSentinel, mutate, runStack, StackInput, UNKNOWN_INPUT } from "./util";

const compliant = (): StackInput[] => [confidentialSecret, vaultSecret, ...AUDIT_BASELINES];
const without = (name: string) => compliant().filter((r) => r.name !== name);
const replace = (changed: StackInput) => compliant().map((r) => (r.name === changed.name ? changed : r));
const rules = [auditTrailRequired, auditReadAlertRequired, auditVaultDeviceRequired, auditTrailProtected, auditTrailMultiRegion];

async function messages(resources: StackInput[]): Promise<string[]> {
    const all: string[] = [];
    for (const policy of rules) {
        const outcome = await runStack(policy, resources);
        assertNoSentinel(outcome);
        all.push(...outcome.violations.map((v) => `${policy.name}: ${v.message}`));
    }
    return all;
}

describe("policies: audit", () => {
    it("stays silent on a compliant stack", async () => {
        assert.deepStrictEqual(await messages(compliant()), []);
    });

    it("stays silent on a stack without confidential or restricted secrets", async () => {
        assert.deepStrictEqual(await messages([bucket]), []);
    });

    const cases: [string, () => StackInput[], RegExp][] = [
        ["no trail", () => without("trail"), /^audit-trail-required: Stack with confidential or restricted secrets \(`sm-docker-password`.*\) must record their reads in a CloudTrail trail/],
        ["no read rule", () => without("read-rule-secrets"), /^audit-read-alert-required: .*no EventBridge rule delivering to an SNS topic matches `GetSecretValue` on its Secrets Manager secrets/],
        ["no target", () => without("read-target-secrets"), /^audit-read-alert-required: /],
        ["rule without read events", () => replace(mutate(rule, (r) => (r.props.state = "ENABLED"))), /must set `state: ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS`/],
        ["no Vault audit device", () => without("vault-audit"), /^audit-vault-device-required: Stack storing secrets in Vault \(`vault-partner-token`\) must enable a Vault audit device/],
        ["raw Vault audit log", () => replace(mutate(vaultDevice, (r) => ((r.props.options as Record<string, string>).log_raw = "true"))), /must not set `log_raw`/],
        ["trail without customer key", () => replace(mutate(trail, (r) => delete r.props.kmsKeyId)), /CloudTrail trail `trail` must encrypt its log files with a customer-managed KMS key/],
        ["trail without log validation", () => replace(mutate(trail, (r) => (r.props.enableLogFileValidation = false))), /must set `enableLogFileValidation: true`/],
        ["trail records writes only", () => replace(mutate(trail, (r) => (r.props.advancedEventSelectors = [{ fieldSelectors: [{ field: "eventCategory", equals: ["Management"] }, { field: "readOnly", equals: ["false"] }] }]))), /must record management read events/],
        ["single-region trail", () => replace(mutate(trail, (r) => (r.props.isMultiRegionTrail = false))), /^audit-trail-multi-region: CloudTrail trail `trail` should set `isMultiRegionTrail: true`/],
        [
            "bucket policy allows deletion and HTTP",
            () => replace(mutate(bucketPolicy, (r) => (r.props.policy = JSON.stringify({ Statement: [{ Effect: "Allow", Principal: { Service: "cloudtrail.amazonaws.com" }, Action: "s3:PutObject", Resource: "*" }] })))),
            /S3 bucket `trail-bucket` \(logs of CloudTrail trail `trail`\) must have deny `s3:DeleteObject` to everyone; deny `s3:DeleteObjectVersion` to everyone; deny `s3:DeleteBucket` to everyone; deny requests with `aws:SecureTransport` false/,
        ],
        ["no public access block", () => without("pab"), /must have a public access block with all four settings true/],
        ["versioning suspended", () => replace(mutate(versioning, (r) => (r.props.versioningConfiguration = { status: "Suspended" }))), /must have versioning enabled/],
        ["alert topic unencrypted", () => replace(mutate(topic, (r) => delete r.props.kmsMasterKeyId)), /SNS topic `alerts` receives secret-read alerts and must be encrypted/],
    ];
    for (const [label, resources, expected] of cases) {
        it(`fires on: ${label}`, async () => {
            const found = await messages(resources());
            assert.strictEqual(found.length, 1, found.join("\n"));
            assert.match(found[0], expected);
        });
    }

    it("accepts a declared existing trail instead of an own one", async () => {
        const declared: StackInput = { type: "secretset:index:SecretSetAudit", name: "audit", props: { trail: "existing", existingTrailArn: TRAIL_ARN, vaultAudit: "existing" } };
        const stack = [...compliant().filter((r) => !["trail", "vault-audit"].includes(r.name)), declared];
        assert.deepStrictEqual(await messages(stack), []);
    });

    it("does not fire while the event pattern or trail settings are unknown", async () => {
        const stack = compliant().map((r) =>
            r.name === "read-rule-secrets" ? mutate(r, (x) => (x.props.eventPattern = UNKNOWN_INPUT)) : r.name === "trail" ? mutate(r, (x) => (x.props.enableLogFileValidation = UNKNOWN_INPUT)) : r,
        );
        assert.deepStrictEqual(await messages(stack), []);
    });
});
