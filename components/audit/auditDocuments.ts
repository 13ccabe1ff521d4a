// The IAM documents of the audit resources, as pure functions of ARNs so they can
// be read and tested without Pulumi: the trail bucket's policy, the trail key's
// policy, the alert topic key's policy and the topic's policy.

interface Statement {
    Sid: string;
    Effect: "Allow" | "Deny";
    Principal: "*" | { AWS?: string; Service?: string };
    Action: string | string[];
    Resource: string | string[];
    Condition?: Record<string, Record<string, string | string[]>>;
}

function document(id: string, statements: Statement[]): string {
    return JSON.stringify({ Version: "2012-10-17", Id: id, Statement: statements });
}

/** Object writes and bucket deletion nobody may do to the trail's logs (Pulumi included). */
export const TRAIL_BUCKET_DENIED_ACTIONS = ["s3:DeleteObject", "s3:DeleteObjectVersion", "s3:DeleteBucket", "s3:PutLifecycleConfiguration"];

/**
 * CloudTrail may check the ACL and write log files for exactly this trail (aws:SourceArn);
 * nobody may delete a log file, a version of one or the bucket; nothing over plain HTTP.
 */
export function trailBucketPolicy(args: { bucketArn: string; trailArn: string; accountId: string; partition: string }): string {
    const objects = `${args.bucketArn}/AWSLogs/${args.accountId}/*`;
    return document("secretset-trail-bucket", [
        {
            Sid: "CloudTrailAclCheck",
            Effect: "Allow",
            Principal: { Service: "cloudtrail.amazonaws.com" },
            Action: "s3:GetBucketAcl",
            Resource: args.bucketArn,
            Condition: { StringEquals: { "aws:SourceArn": args.trailArn } },
        },
        {
            Sid: "CloudTrailWrite",
            Effect: "Allow",
            Principal: { Service: "cloudtrail.amazonaws.com" },
            Action: "s3:PutObject",
            Resource: objects,
            Condition: { StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control", "aws:SourceArn": args.trailArn } },
        },
        {
            Sid: "DenyLogDeletion",
            Effect: "Deny",
            Principal: "*",
            Action: TRAIL_BUCKET_DENIED_ACTIONS,
            Resource: [args.bucketArn, `${args.bucketArn}/*`],
        },
        {
            Sid: "DenyInsecureTransport",
            Effect: "Deny",
            Principal: "*",
            Action: "s3:*",
            Resource: [args.bucketArn, `${args.bucketArn}/*`],
            Condition: { Bool: { "aws:SecureTransport": "false" } },
        },
    ]);
}

/**
 * The trail's key: the account administers it through IAM; CloudTrail may encrypt log
 * files only for trails of this account (encryption context), and describe the key.
 */
export function trailKeyPolicy(args: { accountId: string; partition: string; trailArn: string }): string {
    const root = `arn:${args.partition}:iam::${args.accountId}:root`;
    return document("secretset-trail-key", [
        { Sid: "AccountRootAdministersKeyAndDelegatesToIam", Effect: "Allow", Principal: { AWS: root }, Action: "kms:*", Resource: "*" },
        {
            Sid: "CloudTrailEncryptsLogs",
            Effect: "Allow",
            Principal: { Service: "cloudtrail.amazonaws.com" },
            Action: "kms:GenerateDataKey*",
            Resource: "*",
            Condition: {
                StringEquals: { "aws:SourceArn": args.trailArn },
                StringLike: { "kms:EncryptionContext:aws:cloudtrail:arn": `arn:${args.partition}:cloudtrail:*:${args.accountId}:trail/*` },
            },
        },
        {
            Sid: "CloudTrailDescribesKey",
            Effect: "Allow",
            Principal: { Service: "cloudtrail.amazonaws.com" },
            Action: "kms:DescribeKey",
            Resource: "*",
            Condition: { StringEquals: { "aws:SourceArn": args.trailArn } },
        },
    ]);
}

/** The alert topic's key: the account through IAM, and EventBridge to publish encrypted messages. */
export function topicKeyPolicy(args: { accountId: string; partition: string }): string {
    const root = `arn:${args.partition}:iam::${args.accountId}:root`;
    return document("secretset-alert-topic-key", [
        { Sid: "AccountRootAdministersKeyAndDelegatesToIam", Effect: "Allow", Principal: { AWS: root }, Action: "kms:*", Resource: "*" },
        {
            Sid: "EventBridgePublishesEncrypted",
            Effect: "Allow",
            Principal: { Service: "events.amazonaws.com" },
            Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
            Resource: "*",
            Condition: { StringEquals: { "aws:SourceAccount": args.accountId } },
        },
    ]);
}

/** Only the set's own alert rules may publish to the topic. */
export function topicPolicy(args: { topicArn: string; ruleArns: readonly string[] }): string {
    return document("secretset-alert-topic", [
        {
            Sid: "AlertRulesPublish",
            Effect: "Allow",
            Principal: { Service: "events.amazonaws.com" },
            Action: "sns:Publish",
            Resource: args.topicArn,
            Condition: { ArnEquals: { "aws:SourceArn": [...args.ruleArns] } },
        },
    ]);
}
