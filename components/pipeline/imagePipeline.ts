// `secretset:index:ImagePipeline`: the CI/CD example end to end. CodePipeline takes the
// source (an S3 object uploaded from this repository, or a CodeStar connection), the
// consumer's CodeBuild project logs in to the registry with the SSM / Secrets Manager
// references, builds the Dockerfile and pushes the image (to an ECR repository of its
// own when asked). Every role trusts its service for this account and resource only.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { type CodeBuildConsumer, type CodeBuildConsumerArgs, createCodeBuildConsumer } from "../codebuild";
import { imageBuildspec } from "./buildspec";
import { buildStagePolicy, pipelineRolePolicy, serviceTrustInAccount, startPipelinePolicy } from "./pipelinePolicies";
import { DEFAULT_CONNECTION_BRANCH, loginOf, type PipelineSettings } from "./pipelineSettings";
import { createImageRepository, createPipelineKey, createPrivateBucket, createSourceObject, type ImageRepository, type PrivateBucket, SOURCE_OBJECT_KEY } from "./pipelineStorage";

export interface ImagePipelineArgs {
    /** Physical name of the pipeline, its project and its ECR prefix: `<environment>-<app>-<consumer>`. */
    readonly physicalName: string;
    /** ECR repository name prefix: `<environment>-<app>`. */
    readonly ecrPrefix: string;
    readonly settings: PipelineSettings;
    /** The consumer's CodeBuild project, role (with its read grant) and variables. */
    readonly codebuild: Omit<CodeBuildConsumerArgs, "pipeline">;
    readonly tags: Record<string, string>;
    /** What the project must wait for (the read grant), so no build starts before it may read. @default none */
    readonly buildDependsOn?: readonly pulumi.Resource[];
}

export class ImagePipeline extends pulumi.ComponentResource {
    readonly key: aws.kms.Key;
    readonly artifactBucket: aws.s3.Bucket;
    readonly sourceBucket?: aws.s3.Bucket;
    readonly sourceObject?: aws.s3.BucketObjectv2;
    readonly ecr?: ImageRepository;
    readonly codebuild: CodeBuildConsumer;
    readonly pipeline: aws.codepipeline.Pipeline;
    readonly pipelineRole: aws.iam.Role;
    /** Where the image is pushed (`<registry>/<repository>`). */
    readonly imageRepository: pulumi.Output<string>;

    constructor(name: string, args: ImagePipelineArgs, opts?: pulumi.ComponentResourceOptions) {
        super("secretset:index:ImagePipeline", name, {}, opts);
        const { settings, tags } = args;
        const child: pulumi.CustomResourceOptions = { parent: this };
        const identity = aws.getCallerIdentityOutput({}, child);
        const region = aws.getRegionOutput({}, child);
        const partition = aws.getPartitionOutput({}, child);
        const pipelineArn = pulumi.interpolate`arn:${partition.partition}:codepipeline:${region.region}:${identity.accountId}:${args.physicalName}`;

        this.key = createPipelineKey(name, `SecretSet pipeline ${args.physicalName}: artifacts, source and images`, tags, child);
        const artifacts = createPrivateBucket(`${name}-artifacts`, this.key, false, tags, child);
        this.artifactBucket = artifacts.bucket;
        let source: PrivateBucket | undefined;
        if (settings.source.s3 !== undefined) {
            source = createPrivateBucket(`${name}-source`, this.key, true, tags, child);
            this.sourceBucket = source.bucket;
            this.sourceObject = createSourceObject(`${name}-source-object`, source, settings.source.s3.directory, this.key, tags, child);
        }
        if (settings.ecr !== undefined) {
            this.ecr = createImageRepository(name, `${args.ecrPrefix}/${settings.ecr.repository}`, settings.ecr, this.key, tags, child);
        }
        this.imageRepository = this.ecr?.repository.repositoryUrl ?? pulumi.output(settings.image ?? "");

        // The build role: artifacts in and out, push to exactly this repository.
        const buildPolicy = new aws.iam.RolePolicy(
            `${name}-build-stage`,
            {
                name: "secretset-pipeline-build-stage",
                role: args.codebuild.role.name,
                policy: pulumi
                    .all([this.artifactBucket.arn, this.key.arn, this.ecr?.repository.arn])
                    .apply(([artifactBucketArn, keyArn, ecrRepositoryArn]) => buildStagePolicy({ artifactBucketArn, keyArn, ...(ecrRepositoryArn ? { ecrRepositoryArn } : {}) })),
            },
            child,
        );
        this.codebuild = createCodeBuildConsumer(
            {
                ...args.codebuild,
                pipeline: { buildspec: this.imageRepository.apply((repository) => imageBuildspec(loginOf(settings), args.physicalName, { repository, pushToEcr: this.ecr !== undefined })) },
            },
            { parent: this, dependsOn: [buildPolicy, ...(args.buildDependsOn ?? [])] },
        );
        const project = this.codebuild.project;
        if (project === undefined) throw new Error(`Pipeline \`${args.physicalName}\` needs the CodeBuild project SecretSet creates.`);

        this.pipelineRole = new aws.iam.Role(
            `${name}-role`,
            { assumeRolePolicy: pulumi.all([identity.accountId, pipelineArn]).apply(([account, arn]) => serviceTrustInAccount("codepipeline.amazonaws.com", account, arn)), description: `CodePipeline ${args.physicalName}`, tags },
            child,
        );
        const connection = settings.source.connection;
        const pipelinePolicy = new aws.iam.RolePolicy(
            `${name}-role-policy`,
            {
                name: "secretset-pipeline",
                role: this.pipelineRole.name,
                policy: pulumi.all([this.artifactBucket.arn, this.key.arn, project.arn, this.sourceBucket?.arn]).apply(([artifactBucketArn, keyArn, projectArn, sourceBucketArn]) =>
                    pipelineRolePolicy({
                        artifactBucketArn,
                        keyArn,
                        projectArn,
                        ...(sourceBucketArn ? { sourceBucketArn, sourceObjectKey: SOURCE_OBJECT_KEY } : {}),
                        ...(connection ? { connectionArn: connection.connectionArn } : {}),
                    }),
                ),
            },
            child,
        );
        const sourceAction: aws.types.input.codepipeline.PipelineStageAction = source
            ? { name: "Source", category: "Source", owner: "AWS", provider: "S3", version: "1", outputArtifacts: ["source"], configuration: { S3Bucket: source.bucket.bucket, S3ObjectKey: SOURCE_OBJECT_KEY, PollForSourceChanges: "false" } }
            : {
                  name: "Source",
                  category: "Source",
                  owner: "AWS",
                  provider: "CodeStarSourceConnection",
                  version: "1",
                  outputArtifacts: ["source"],
                  configuration: { ConnectionArn: connection!.connectionArn, FullRepositoryId: connection!.repository, BranchName: connection!.branch ?? DEFAULT_CONNECTION_BRANCH, OutputArtifactFormat: "CODE_ZIP", DetectChanges: "true" },
              };
        this.pipeline = new aws.codepipeline.Pipeline(
            `${name}-pipeline`,
            {
                name: args.physicalName,
                pipelineType: "V2",
                roleArn: this.pipelineRole.arn,
                artifactStores: [{ location: this.artifactBucket.bucket, type: "S3", encryptionKey: { id: this.key.arn, type: "KMS" } }],
                stages: [
                    { name: "Source", actions: [sourceAction] },
                    { name: "Build", actions: [{ name: "BuildAndPush", category: "Build", owner: "AWS", provider: "CodeBuild", version: "1", inputArtifacts: ["source"], outputArtifacts: ["image"], configuration: { ProjectName: project.name } }] },
                ],
                tags,
            },
            { parent: this, dependsOn: [pipelinePolicy, ...artifacts.ready] },
        );
        if (source !== undefined) this.startOnNewSource(name, source, tags);
        this.registerOutputs({ pipeline: this.pipeline.name, imageRepository: this.imageRepository, artifactBucket: this.artifactBucket.bucket, sourceBucket: this.sourceBucket?.bucket });
    }

    /** A new version of the source object starts the pipeline (EventBridge, not polling). */
    private startOnNewSource(name: string, source: PrivateBucket, tags: Record<string, string>): void {
        const child: pulumi.CustomResourceOptions = { parent: this };
        const identity = aws.getCallerIdentityOutput({}, child);
        const notifications = new aws.s3.BucketNotification(`${name}-source-events`, { bucket: source.bucket.id, eventbridge: true }, child);
        const rule = new aws.cloudwatch.EventRule(
            `${name}-source-changed`,
            {
                description: "Starts the SecretSet pipeline when its source object changes",
                eventPattern: source.bucket.bucket.apply((bucket) =>
                    JSON.stringify({ source: ["aws.s3"], "detail-type": ["Object Created"], detail: { bucket: { name: [bucket] }, object: { key: [SOURCE_OBJECT_KEY] } } }),
                ),
                tags,
            },
            { parent: this, dependsOn: [notifications] },
        );
        const role = new aws.iam.Role(
            `${name}-events`,
            { assumeRolePolicy: pulumi.all([identity.accountId, rule.arn]).apply(([account, arn]) => serviceTrustInAccount("events.amazonaws.com", account, arn)), description: "EventBridge starts the SecretSet pipeline", tags },
            child,
        );
        const policy = new aws.iam.RolePolicy(`${name}-events-start`, { name: "secretset-start-pipeline", role: role.name, policy: this.pipeline.arn.apply(startPipelinePolicy) }, child);
        new aws.cloudwatch.EventTarget(`${name}-source-changed`, { rule: rule.name, arn: this.pipeline.arn, roleArn: role.arn }, { parent: this, dependsOn: [policy] });
    }
}
