// IAM documents of the pipeline, as pure functions of exact ARNs: service trust limited
// to this account and to the one resource acting (confused-deputy protection), and
// each role's permissions on exactly the bucket, key, project, repository and
// connection it uses. The only `*` resource is ecr:GetAuthorizationToken, which AWS
// does not allow to scope.
import { assertNoWildcardResources, type PolicyDocument, type PolicyStatement } from "../grants";

export const ECR_PUSH_ACTIONS = [
    "ecr:BatchCheckLayerAvailability",
    "ecr:BatchGetImage",
    "ecr:CompleteLayerUpload",
    "ecr:GetDownloadUrlForLayer",
    "ecr:InitiateLayerUpload",
    "ecr:PutImage",
    "ecr:UploadLayerPart",
];
export const ECR_LOGIN_SID = "EcrLogin";
/** Objects under a bucket this pipeline owns. */
const OBJECTS_SUFFIX = "/*";

/**
 * Trust for an AWS service acting for this account only: StringEquals aws:SourceAccount
 * and ArnLike aws:SourceArn (the project, pipeline or rule that assumes the role).
 */
export function serviceTrustInAccount(service: string, accountId: string, sourceArn: string): string {
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "ServiceInThisAccount",
                Effect: "Allow",
                Principal: { Service: [service] },
                Action: "sts:AssumeRole",
                Condition: { StringEquals: { "aws:SourceAccount": accountId }, ArnLike: { "aws:SourceArn": sourceArn } },
            },
        ],
    });
}

function keyUse(keyArn: string, actions: string[]): PolicyStatement {
    return { Sid: "UseArtifactKey", Effect: "Allow", Action: actions, Resource: [keyArn] };
}

function checked(statements: PolicyStatement[]): string {
    const scoped = statements.filter((s) => s.Sid !== ECR_LOGIN_SID);
    assertNoWildcardResources({ Version: "2012-10-17", Statement: scoped }, [OBJECTS_SUFFIX]);
    for (const s of statements.filter((s) => s.Sid === ECR_LOGIN_SID)) {
        if (s.Action.length !== 1 || s.Action[0] !== "ecr:GetAuthorizationToken") throw new Error(`Statement \`${ECR_LOGIN_SID}\` may only grant ecr:GetAuthorizationToken.`);
    }
    const document: PolicyDocument = { Version: "2012-10-17", Statement: statements };
    return JSON.stringify(document);
}

export interface PipelineRoleArns {
    readonly artifactBucketArn: string;
    readonly keyArn: string;
    readonly projectArn: string;
    /** S3 source: the bucket and the object key CodePipeline reads. */
    readonly sourceBucketArn?: string;
    readonly sourceObjectKey?: string;
    /** CodeStar source: the connection it uses. */
    readonly connectionArn?: string;
}

/** CodePipeline's role: its artifact bucket and key, the source, starting the one build project. */
export function pipelineRolePolicy(arns: PipelineRoleArns): string {
    const statements: PolicyStatement[] = [
        { Sid: "ArtifactObjects", Effect: "Allow", Action: ["s3:GetObject", "s3:GetObjectVersion", "s3:PutObject"], Resource: [`${arns.artifactBucketArn}${OBJECTS_SUFFIX}`] },
        { Sid: "ArtifactBucket", Effect: "Allow", Action: ["s3:GetBucketLocation", "s3:GetBucketVersioning", "s3:ListBucket"], Resource: [arns.artifactBucketArn] },
        keyUse(arns.keyArn, ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey", "kms:ReEncryptFrom", "kms:ReEncryptTo"]),
        { Sid: "StartBuild", Effect: "Allow", Action: ["codebuild:BatchGetBuilds", "codebuild:StartBuild"], Resource: [arns.projectArn] },
    ];
    if (arns.sourceBucketArn !== undefined && arns.sourceObjectKey !== undefined) {
        statements.push(
            { Sid: "SourceObject", Effect: "Allow", Action: ["s3:GetObject", "s3:GetObjectVersion"], Resource: [`${arns.sourceBucketArn}/${arns.sourceObjectKey}`] },
            { Sid: "SourceBucket", Effect: "Allow", Action: ["s3:GetBucketVersioning"], Resource: [arns.sourceBucketArn] },
        );
    }
    if (arns.connectionArn !== undefined) {
        statements.push({ Sid: "UseConnection", Effect: "Allow", Action: ["codestar-connections:UseConnection", "codeconnections:UseConnection"], Resource: [arns.connectionArn] });
    }
    return checked(statements);
}

/** The build stage on top of the consumer's read grant: artifacts in and out, and push to exactly one repository. */
export function buildStagePolicy(arns: { readonly artifactBucketArn: string; readonly keyArn: string; readonly ecrRepositoryArn?: string }): string {
    const statements: PolicyStatement[] = [
        { Sid: "ArtifactObjects", Effect: "Allow", Action: ["s3:GetObject", "s3:GetObjectVersion", "s3:PutObject"], Resource: [`${arns.artifactBucketArn}${OBJECTS_SUFFIX}`] },
        // CodeBuild checks the artifact bucket's location and ACL before it reads or writes.
        { Sid: "ArtifactBucket", Effect: "Allow", Action: ["s3:GetBucketAcl", "s3:GetBucketLocation"], Resource: [arns.artifactBucketArn] },
        keyUse(arns.keyArn, ["kms:Decrypt", "kms:GenerateDataKey"]),
    ];
    if (arns.ecrRepositoryArn !== undefined) {
        statements.push({ Sid: "PushImage", Effect: "Allow", Action: ECR_PUSH_ACTIONS, Resource: [arns.ecrRepositoryArn] });
        statements.push({ Sid: ECR_LOGIN_SID, Effect: "Allow", Action: ["ecr:GetAuthorizationToken"], Resource: ["*"] });
    }
    return checked(statements);
}

/** EventBridge's role: start this one pipeline. */
export function startPipelinePolicy(pipelineArn: string): string {
    return checked([{ Sid: "StartPipeline", Effect: "Allow", Action: ["codepipeline:StartPipelineExecution"], Resource: [pipelineArn] }]);
}

/** Bucket policy: no access without TLS, for anyone. */
export function tlsOnlyBucketPolicy(bucketArn: string): string {
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "DenyInsecureTransport",
                Effect: "Deny",
                Principal: "*",
                Action: "s3:*",
                Resource: [bucketArn, `${bucketArn}${OBJECTS_SUFFIX}`],
                Condition: { Bool: { "aws:SecureTransport": "false" } },
            },
        ],
    });
}
