// A CloudTrail trail of the stack's own for the set's secret reads: management
// events (reads included: GetSecretValue, GetParameter*, kms:Decrypt are read-only
// management events), encrypted with a customer-managed key, log file validation on,
// into a versioned, private bucket whose policy refuses deletion and plain HTTP.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { trailBucketPolicy, trailKeyPolicy } from "./auditDocuments";

export interface AuditTrailArgs {
    readonly resourcePrefix: string;
    /** Physical trail name; fixed so the bucket and key policies can name the trail's ARN before it exists. */
    readonly trailName: string;
    readonly multiRegion: boolean;
    readonly accountId: pulumi.Input<string>;
    readonly partition: pulumi.Input<string>;
    readonly region: pulumi.Input<string>;
    readonly tags: Record<string, string>;
}

export interface AuditTrail {
    readonly trail: aws.cloudtrail.Trail;
    readonly bucket: aws.s3.Bucket;
    readonly bucketPolicy: aws.s3.BucketPolicy;
    readonly key: aws.kms.Key;
}

/** Management events, read and write: every read of a secret, parameter or key is a management read. */
export const TRAIL_EVENT_SELECTORS: aws.types.input.cloudtrail.TrailAdvancedEventSelector[] = [
    { name: "Management events including reads (GetSecretValue, GetParameter*, kms:Decrypt)", fieldSelectors: [{ field: "eventCategory", equals: ["Management"] }] },
];

export function trailArnOf(partition: string, region: string, accountId: string, trailName: string): string {
    return `arn:${partition}:cloudtrail:${region}:${accountId}:trail/${trailName}`;
}

export function createAuditTrail(args: AuditTrailArgs, opts: pulumi.CustomResourceOptions): AuditTrail {
    const p = args.resourcePrefix;
    const trailArn = pulumi.all([args.partition, args.region, args.accountId]).apply(([partition, region, accountId]) => trailArnOf(partition, region, accountId, args.trailName));
    // Logs outlive the stack: the key and the bucket are kept when the stack is destroyed.
    const keep = { ...opts, protect: true, retainOnDelete: true };

    const key = new aws.kms.Key(
        `${p}-trail-key`,
        {
            description: `Encrypts CloudTrail log files of ${args.trailName}`,
            enableKeyRotation: true,
            deletionWindowInDays: 30,
            policy: pulumi.all([args.accountId, args.partition, trailArn]).apply(([accountId, partition, arn]) => trailKeyPolicy({ accountId, partition, trailArn: arn })),
            tags: args.tags,
        },
        keep,
    );
    const bucket = new aws.s3.Bucket(`${p}-trail-bucket`, { forceDestroy: false, tags: args.tags }, keep);
    const ownership = new aws.s3.BucketOwnershipControls(`${p}-trail-bucket-ownership`, { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } }, opts);
    const publicAccess = new aws.s3.BucketPublicAccessBlock(
        `${p}-trail-bucket-public-access`,
        { bucket: bucket.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
        opts,
    );
    const versioning = new aws.s3.BucketVersioning(`${p}-trail-bucket-versioning`, { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } }, opts);
    const encryption = new aws.s3.BucketServerSideEncryptionConfiguration(
        `${p}-trail-bucket-encryption`,
        { bucket: bucket.id, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: key.arn }, bucketKeyEnabled: true }] },
        opts,
    );
    const bucketPolicy = new aws.s3.BucketPolicy(
        `${p}-trail-bucket-policy`,
        {
            bucket: bucket.id,
            policy: pulumi
                .all([bucket.arn, trailArn, args.accountId, args.partition])
                .apply(([bucketArn, arn, accountId, partition]) => trailBucketPolicy({ bucketArn, trailArn: arn, accountId, partition })),
        },
        // The public access block must exist first, or a Deny-with-"*" policy may be judged public.
        { ...opts, dependsOn: [publicAccess, ownership] },
    );
    const trail = new aws.cloudtrail.Trail(
        `${p}-trail`,
        {
            name: args.trailName,
            s3BucketName: bucket.id,
            kmsKeyId: key.arn,
            enableLogFileValidation: true,
            enableLogging: true,
            isMultiRegionTrail: args.multiRegion,
            includeGlobalServiceEvents: true,
            advancedEventSelectors: TRAIL_EVENT_SELECTORS,
            tags: args.tags,
        },
        // CloudTrail checks that it may write to the bucket when the trail is created.
        { ...opts, dependsOn: [bucketPolicy, versioning, encryption] },
    );
    return { trail, bucket, bucketPolicy, key };
}
