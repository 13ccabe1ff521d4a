// The audit part of a SecretSet: settings validation (every message names the field
// and the fix), the unexpected-read patterns (expected readers excluded, non-role
// callers always matched), and the resources a set with `audit` registers.
import * as assert from "assert";
import { validateAuditSettings } from "../../components/audit/auditSettings";
import { trailBucketPolicy } from "../../components/audit/auditDocuments";
import { unexpectedReadPatterns } from "../../components/audit/readPatterns";

describe("SecretSet audit settings and patterns", () => {
    const cases: [string, unknown, RegExp][] = [
        ["not a map", "yes", /`secretset:audit` must be a map/],
        ["unknown field", { trails: "create" }, /unknown field `trails`/],
        ["bad trail", { trail: "mine" }, /`trail` must be `create` or `\{ existingTrailArn/],
        ["bad trail ARN", { trail: { existingTrailArn: "arn:aws:s3:::bucket" } }, /`trail.existingTrailArn` must be a trail ARN/],
        ["multi-region on an existing trail", { trail: { existingTrailArn: "arn:aws:cloudtrail:us-east-1:111122223333:trail/org" }, multiRegionTrail: true }, /applies to a trail of the stack's own/],
        ["bad protocol", { alert: { subscriptions: [{ protocol: "pager", endpoint: "x" }] } }, /`alert.subscriptions\[0\].protocol` must be one of email/],
        ["wildcard reader", { alert: { expectedReaders: ["arn:aws:iam::111122223333:role/*"] } }, /`alert.expectedReaders\[0\]` must be an IAM role or user ARN/],
        ["raw Vault audit", { vaultAudit: { options: { log_raw: "true" } } }, /log_raw: "true"` would write secret values to the audit log in clear/],
        ["existing plus options", { vaultAudit: { existing: true, type: "file" } }, /`vaultAudit.existing: true` creates no device/],
    ];
    for (const [label, settings, expected] of cases) {
        it(`rejects ${label}`, () => {
            const problems = validateAuditSettings(settings);
            assert.strictEqual(problems.length, 1, JSON.stringify(problems));
            assert.match(problems[0].message, expected);
        });
    }

    it("accepts the shipped prod settings and an existing organisation trail", () => {
        assert.deepStrictEqual(validateAuditSettings({ trail: "create", alert: { subscriptions: [{ protocol: "email", endpoint: "a@example.com" }] }, vaultAudit: { type: "file", options: { file_path: "stdout" } } }), []);
        assert.deepStrictEqual(validateAuditSettings({ trail: { existingTrailArn: "arn:aws:cloudtrail:us-east-1:111122223333:trail/org-trail" }, vaultAudit: { existing: true } }), []);
    });

    it("matches reads by anyone but the expected roles, and every non-role caller", () => {
        const reader = "arn:aws:iam::111122223333:role/consumer";
        const patterns = unexpectedReadPatterns({ secretIdPrefixes: ["prod/app/"], parameterNames: ["/prod/app/user"], keyArns: ["arn:aws:kms:us-east-1:111122223333:key/k"], expectedReaders: [reader] });
        const detail = patterns.secrets?.detail as { eventName: string[]; $or: Record<string, unknown>[] };
        assert.deepStrictEqual(detail.eventName, ["GetSecretValue"]);
        assert.deepStrictEqual(detail.$or.map((b) => b.userIdentity), [
            { type: [{ "anything-but": ["AssumedRole", "AWSService"] }] },
            { type: ["AssumedRole"], sessionContext: { sessionIssuer: { arn: [{ "anything-but": [reader] }] } } },
        ]);
        const parameters = patterns.parameters?.detail as { eventName: string[]; $or: { requestParameters: Record<string, string[]> }[] };
        assert.deepStrictEqual(parameters.eventName, ["GetParameter", "GetParameters", "GetParametersByPath", "GetParameterHistory"]);
        assert.ok(parameters.$or.some((b) => b.requestParameters.path?.includes("/prod/app")), "a path read above the parameter is matched");
        assert.deepStrictEqual((patterns.keys?.detail as { $or: { resources: unknown }[] }).$or[0].resources, { ARN: ["arn:aws:kms:us-east-1:111122223333:key/k"] });
        assert.strictEqual(patterns.secrets?.["detail-type"]?.toString(), "AWS API Call via CloudTrail");
    });

    it("writes a bucket policy that lets only this trail write and nobody delete", () => {
        const policy = JSON.parse(trailBucketPolicy({ bucketArn: "arn:aws:s3:::b", trailArn: "arn:aws:cloudtrail:us-east-1:1:trail/t", accountId: "1", partition: "aws" }));
        const deny = policy.Statement.find((s: { Sid: string }) => s.Sid === "DenyLogDeletion");
        assert.deepStrictEqual(deny.Action.slice(0, 3), ["s3:DeleteObject", "s3:DeleteObjectVersion", "s3:DeleteBucket"]);
        const write = policy.Statement.find((s: { Sid: string }) => s.Sid === "CloudTrailWrite");
        assert.strictEqual(write.Condition.StringEquals["aws:SourceArn"], "arn:aws:cloudtrail:us-east-1:1:trail/t");
    });
});
