// Compliant audit resources for policy tests: an own trail with a protected bucket,
// unexpected-read rules for secrets, parameters and keys delivering to an encrypted
// topic, and a Vault audit device. Added to the pack-wide baseline stack too.
import { trailBucketPolicy } from "../../components/audit/auditDocuments";
import { TRAIL_EVENT_SELECTORS } from "../../components/audit/auditTrail";
import { unexpectedReadPatterns } from "../../components/audit/readPatterns";
import type { StackInput } from "./util";

const KEY = "arn:aws:kms:us-east-1:111122223333:key/1111";
export const TRAIL_ARN = "arn:aws:cloudtrail:us-east-1:111122223333:trail/t";
export const bucket: StackInput = { type: "aws:s3/bucket:Bucket", name: "trail-bucket", props: { bucket: "logs-bucket", id: "logs-bucket" } };
const onBucket = { bucket: ["trail-bucket"] };
export const trail: StackInput = {
    type: "aws:cloudtrail/trail:Trail",
    name: "trail",
    props: { name: "t", s3BucketName: "logs-bucket", kmsKeyId: KEY, enableLogFileValidation: true, isMultiRegionTrail: true, advancedEventSelectors: TRAIL_EVENT_SELECTORS },
    propertyDependencies: { s3BucketName: ["trail-bucket"] },
};
export const bucketPolicy: StackInput = {
    type: "aws:s3/bucketPolicy:BucketPolicy",
    name: "trail-bucket-policy",
    props: { bucket: "logs-bucket", policy: trailBucketPolicy({ bucketArn: "arn:aws:s3:::logs-bucket", trailArn: TRAIL_ARN, accountId: "111122223333", partition: "aws" }) },
    propertyDependencies: onBucket,
};
export const publicAccess: StackInput = { type: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", name: "pab", props: { bucket: "logs-bucket", blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true }, propertyDependencies: onBucket };
export const versioning: StackInput = { type: "aws:s3/bucketVersioning:BucketVersioning", name: "versioning", props: { bucket: "logs-bucket", versioningConfiguration: { status: "Enabled" } }, propertyDependencies: onBucket };
const patterns = unexpectedReadPatterns({ secretIdPrefixes: ["dev/ci-pipeline/"], parameterNames: ["/dev/ci-pipeline/docker-username"], keyArns: [KEY], expectedReaders: ["arn:aws:iam::111122223333:role/reader"] });
const ruleFor = (kind: "secrets" | "parameters" | "keys"): StackInput => ({
    type: "aws:cloudwatch/eventRule:EventRule",
    name: `read-rule-${kind}`,
    props: { name: `read-rule-${kind}`, eventPattern: JSON.stringify(patterns[kind]), state: "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS" },
});
const targetFor = (kind: string): StackInput => ({ type: "aws:cloudwatch/eventTarget:EventTarget", name: `read-target-${kind}`, props: { rule: `read-rule-${kind}`, arn: "arn:aws:sns:us-east-1:111122223333:alerts" } });
export const rule = ruleFor("secrets");
export const topic: StackInput = { type: "aws:sns/topic:Topic", name: "alerts", props: { arn: "arn:aws:sns:us-east-1:111122223333:alerts", kmsMasterKeyId: KEY } };
export const vaultSecret: StackInput = { type: "vault:kv/secretV2:SecretV2", name: "vault-partner-token", props: { mount: "secret", name: "dev/ci-pipeline/partner-token", customMetadata: { data: { "secretset:classification": "confidential" } } } };
export const vaultDevice: StackInput = { type: "vault:index/audit:Audit", name: "vault-audit", props: { type: "file", options: { file_path: "stdout" } } };

export const AUDIT_BASELINES: StackInput[] = [bucket, trail, bucketPolicy, publicAccess, versioning, topic, vaultDevice, ...(["secrets", "parameters", "keys"] as const).flatMap((k) => [ruleFor(k), targetFor(k)])];
