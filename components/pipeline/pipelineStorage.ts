// Where the pipeline keeps things: a customer-managed KMS key, the artifact bucket it
// encrypts (and, for an S3 source, the versioned source bucket with the zipped
// source object), both private, TLS-only and owner-enforced; and the optional ECR
// repository (scan on push, immutable tags, the same key, a lifecycle policy).
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { keyPolicy } from "../kms";
import { tlsOnlyBucketPolicy } from "./pipelinePolicies";
import { DEFAULT_KEEP_IMAGES, type PipelineEcrSettings } from "./pipelineSettings";

/** Object key of the zipped source in the source bucket. */
export const SOURCE_OBJECT_KEY = "source.zip";

export interface PrivateBucket {
    readonly bucket: aws.s3.Bucket;
    /** Resources the bucket is not usable before (encryption, versioning, policy). */
    readonly ready: pulumi.Resource[];
}

export function createPipelineKey(prefix: string, description: string, tags: Record<string, string>, opts: pulumi.CustomResourceOptions): aws.kms.Key {
    const identity = aws.getCallerIdentityOutput({}, opts);
    const partition = aws.getPartitionOutput({}, opts);
    return new aws.kms.Key(
        `${prefix}-key`,
        {
            description,
            enableKeyRotation: true,
            deletionWindowInDays: 30,
            policy: pulumi.interpolate`arn:${partition.partition}:iam::${identity.accountId}:root`.apply(keyPolicy),
            tags,
        },
        opts,
    );
}

/** A private bucket encrypted with `key` (bucket key on), TLS only, versioned when asked. */
export function createPrivateBucket(name: string, key: aws.kms.Key, versioned: boolean, tags: Record<string, string>, opts: pulumi.CustomResourceOptions): PrivateBucket {
    const bucket = new aws.s3.Bucket(name, { forceDestroy: false, tags }, opts);
    const child = { ...opts, parent: opts.parent };
    const ready: pulumi.Resource[] = [
        new aws.s3.BucketServerSideEncryptionConfiguration(
            `${name}-encryption`,
            { bucket: bucket.id, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: key.arn }, bucketKeyEnabled: true }] },
            child,
        ),
        new aws.s3.BucketPublicAccessBlock(`${name}-public-access`, { bucket: bucket.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true }, child),
        new aws.s3.BucketOwnershipControls(`${name}-ownership`, { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } }, child),
        new aws.s3.BucketPolicy(`${name}-tls-only`, { bucket: bucket.id, policy: bucket.arn.apply(tlsOnlyBucketPolicy) }, child),
    ];
    if (versioned) {
        ready.push(new aws.s3.BucketVersioning(`${name}-versioning`, { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } }, child));
    }
    return { bucket, ready };
}

/** The source directory zipped into the source bucket; a changed file uploads a new version, which starts the pipeline. */
export function createSourceObject(name: string, source: PrivateBucket, directory: string, key: aws.kms.Key, tags: Record<string, string>, opts: pulumi.CustomResourceOptions): aws.s3.BucketObjectv2 {
    return new aws.s3.BucketObjectv2(
        name,
        { bucket: source.bucket.id, key: SOURCE_OBJECT_KEY, source: new pulumi.asset.FileArchive(directory), serverSideEncryption: "aws:kms", kmsKeyId: key.arn, tags },
        { ...opts, dependsOn: source.ready },
    );
}

export interface ImageRepository {
    readonly repository: aws.ecr.Repository;
    readonly lifecycle: aws.ecr.LifecyclePolicy;
}

/** `<environment>-<app>/<name>`: scan on push, IMMUTABLE tags, KMS-encrypted, old images expire. */
export function createImageRepository(prefix: string, physicalName: string, settings: PipelineEcrSettings, key: aws.kms.Key, tags: Record<string, string>, opts: pulumi.CustomResourceOptions): ImageRepository {
    const repository = new aws.ecr.Repository(
        `${prefix}-ecr`,
        {
            name: physicalName,
            imageTagMutability: "IMMUTABLE",
            imageScanningConfiguration: { scanOnPush: true },
            encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: key.arn }],
            forceDelete: false,
            tags,
        },
        opts,
    );
    const keep = settings.keepImages ?? DEFAULT_KEEP_IMAGES;
    const lifecycle = new aws.ecr.LifecyclePolicy(
        `${prefix}-ecr-lifecycle`,
        {
            repository: repository.name,
            policy: JSON.stringify({
                rules: [{ rulePriority: 1, description: `Keep the newest ${keep} images`, selection: { tagStatus: "any", countType: "imageCountMoreThan", countNumber: keep }, action: { type: "expire" } }],
            }),
        },
        opts,
    );
    return { repository, lifecycle };
}
