// A SecretSet with `audit`, under the mocks: what it registers for the trail, the
// bucket, the alert and Vault, and that the read rules exclude exactly the consumers'
// roles and the rotator. No secret value reaches an audit resource.
import * as assert from "assert";
import { consumerReaderArns } from "../../components/audit/consumerReaders";
import { SecretSet } from "../../components/secretSet";
import { createSecretConsumers } from "../../components/secretConsumer";
import { DOCKER_PASSWORD, dockerExample } from "./exampleArgs";
import { type RecordedResource, useMocks } from "../helpers/mocks";

const ORG_TRAIL = "arn:aws:cloudtrail:us-east-1:111122223333:trail/org-trail";
const CONSUMERS = {
    "docker-build": { secrets: ["docker-password"], codebuild: { environmentVariables: { DOCKER_PASSWORD: "docker-password" } } },
    deployer: { secrets: ["docker-username"], role: { existing: "arn:aws:iam::123456789012:role/ops/deployer" } },
};

describe("SecretSet audit resources", () => {
    const mocks = useMocks({ outputs: (args) => (args.type === "aws:iam/role:Role" ? { arn: `arn:aws:iam::123456789012:role/${args.name}-x` } : undefined) });

    async function build(audit: NonNullable<Parameters<typeof dockerExample>[0]>["audit"]) {
        const set = new SecretSet("ci-pipeline", dockerExample({ audit }));
        const consumers = createSecretConsumers(set.access, CONSUMERS);
        set.audit?.watchReads(consumerReaderArns(consumers, CONSUMERS));
        await mocks.settled();
        return set;
    }
    const patternOf = (rule: RecordedResource) => JSON.parse(rule.inputs.eventPattern);

    it("creates an encrypted, validated, multi-region trail into a protected bucket", async () => {
        await build({ trail: "create" });
        const trail = mocks.find("aws:cloudtrail/trail:Trail", "ci-pipeline-audit-trail");
        assert.strictEqual(trail.inputs.name, "dev-ci-pipeline-secret-reads");
        assert.strictEqual(trail.inputs.enableLogFileValidation, true);
        assert.strictEqual(trail.inputs.isMultiRegionTrail, true);
        assert.ok(String(trail.inputs.kmsKeyId).startsWith("arn:aws:kms:"));
        assert.deepStrictEqual(trail.inputs.advancedEventSelectors[0].fieldSelectors, [{ field: "eventCategory", equals: ["Management"] }]);
        for (const [type, name] of [["aws:kms/key:Key", "ci-pipeline-audit-trail-key"], ["aws:s3/bucket:Bucket", "ci-pipeline-audit-trail-bucket"]]) {
            const kept = mocks.find(type, name);
            assert.ok(kept.options.protect && kept.options.retainOnDelete, `${name} is protected and retained`);
        }
        const policy = JSON.parse(mocks.byType("aws:s3/bucketPolicy:BucketPolicy")[0].inputs.policy);
        assert.deepStrictEqual(policy.Statement.map((s: { Sid: string; Effect: string }) => `${s.Effect} ${s.Sid}`), ["Allow CloudTrailAclCheck", "Allow CloudTrailWrite", "Deny DenyLogDeletion", "Deny DenyInsecureTransport"]);
        assert.strictEqual(policy.Statement[1].Condition.StringEquals["aws:SourceArn"], "arn:aws:cloudtrail:us-east-1:123456789012:trail/dev-ci-pipeline-secret-reads");
        const block = mocks.byType("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock")[0].inputs;
        assert.deepStrictEqual([block.blockPublicAcls, block.blockPublicPolicy, block.ignorePublicAcls, block.restrictPublicBuckets], [true, true, true, true]);
        assert.strictEqual(mocks.byType("aws:s3/bucketVersioning:BucketVersioning")[0].inputs.versioningConfiguration.status, "Enabled");
    });

    it("alerts on reads by anyone but the consumers' roles and the rotator, through an encrypted topic", async () => {
        await build({ trail: "create", alert: { subscriptions: [{ protocol: "email", endpoint: "sec@example.com" }], expectedReaders: ["arn:aws:iam::123456789012:role/refresh"] } });
        const rules = mocks.byType("aws:cloudwatch/eventRule:EventRule");
        assert.deepStrictEqual(rules.map((r) => r.inputs.name).sort(), ["dev-ci-pipeline-unexpected-read-keys", "dev-ci-pipeline-unexpected-read-parameters", "dev-ci-pipeline-unexpected-read-secrets"]);
        const rotatorRole = mocks.find("aws:iam/role:Role", "ci-pipeline-rotator-role");
        const buildRole = mocks.find("aws:iam/role:Role", "ci-pipeline-consumer-docker-build-role");
        const expected = [`arn:aws:iam::123456789012:role/${buildRole.name}-x`, "arn:aws:iam::123456789012:role/ops/deployer", "arn:aws:iam::123456789012:role/refresh", `arn:aws:iam::123456789012:role/${rotatorRole.name}-x`].sort();
        for (const rule of rules) {
            assert.strictEqual(rule.inputs.state, "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS");
            const roleBranch = patternOf(rule).detail.$or.find((b: { userIdentity: { type: unknown[] } }) => b.userIdentity.type[0] === "AssumedRole");
            assert.deepStrictEqual(roleBranch.userIdentity.sessionContext.sessionIssuer.arn[0]["anything-but"], expected);
        }
        const parameters = patternOf(rules.find((r) => r.inputs.name.endsWith("parameters")) as RecordedResource).detail.$or[0].requestParameters.name;
        assert.deepStrictEqual(parameters, ["/dev/ci-pipeline/docker-username", "dev/ci-pipeline/docker-username"], "only the SecureString parameter, not the public one");
        const topic = mocks.byType("aws:sns/topic:Topic")[0];
        assert.ok(String(topic.inputs.kmsMasterKeyId).startsWith("arn:aws:kms:"));
        assert.strictEqual(mocks.byType("aws:cloudwatch/eventTarget:EventTarget").length, 3);
        assert.deepStrictEqual(mocks.byType("aws:sns/topicSubscription:TopicSubscription").map((s) => [s.inputs.protocol, s.inputs.endpoint]), [["email", "sec@example.com"]]);
        const topicPolicy = JSON.parse(mocks.byType("aws:sns/topicPolicy:TopicPolicy")[0].inputs.policy);
        assert.strictEqual(topicPolicy.Statement[0].Condition.ArnEquals["aws:SourceArn"].length, 3);
        const device = mocks.byType("vault:index/audit:Audit")[0];
        assert.deepStrictEqual([device.inputs.type, device.inputs.path, device.inputs.options], ["file", "secretset-file", { file_path: "stdout" }]);
        assert.deepStrictEqual(mocks.plainOccurrences(DOCKER_PASSWORD), []);
    });

    it("declares an existing trail and Vault device instead of creating them", async () => {
        await build({ trail: { existingTrailArn: ORG_TRAIL }, vaultAudit: { existing: true } });
        assert.deepStrictEqual(mocks.byType("aws:cloudtrail/trail:Trail"), []);
        assert.deepStrictEqual(mocks.byType("aws:s3/bucket:Bucket"), []);
        assert.deepStrictEqual(mocks.byType("vault:index/audit:Audit"), []);
        const component = mocks.find("secretset:index:SecretSetAudit", "ci-pipeline-audit");
        assert.deepStrictEqual(component.inputs, { trail: "existing", existingTrailArn: ORG_TRAIL, vaultAudit: "existing" });
        assert.strictEqual(mocks.byType("aws:cloudwatch/eventRule:EventRule").length, 3, "the alert does not depend on who owns the trail");
    });

    it("refuses bad audit settings before anything exists, and a second watchReads", async () => {
        assert.throws(() => new SecretSet("bad", dockerExample({ audit: { trail: { existingTrailArn: "org-trail" } } })), /`trail.existingTrailArn` must be a trail ARN/);
        await mocks.settled();
        assert.deepStrictEqual(mocks.resources.filter((r) => r.name.startsWith("bad")), []);
        const set = await build({});
        assert.throws(() => set.audit?.watchReads([]), /`watchReads` was already called/);
    });
});
