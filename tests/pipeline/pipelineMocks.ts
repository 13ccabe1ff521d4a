// Mocks for the pipeline: ARNs and URLs shaped as AWS returns them (buckets, ECR,
// CodeBuild, CodePipeline, EventBridge, log groups), so documents built from them
// can be asserted exactly.
import type * as pulumi from "@pulumi/pulumi";
import { createMocks, MOCK_ACCOUNT_ID as ACCOUNT, MOCK_REGION as REGION, type MockEnvironment } from "../helpers/mocks";

export { ACCOUNT, REGION };

function outputs(args: pulumi.runtime.MockResourceArgs): Record<string, unknown> | undefined {
    const name = args.inputs.name ?? args.name;
    switch (args.type) {
        case "aws:s3/bucket:Bucket":
            return { bucket: `${args.name}-bucket`, arn: `arn:aws:s3:::${args.name}-bucket` };
        case "aws:kms/key:Key":
            return { arn: `arn:aws:kms:${REGION}:${ACCOUNT}:key/${args.name}`, keyId: args.name };
        case "aws:ecr/repository:Repository":
            return { arn: `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/${name}`, repositoryUrl: `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/${name}` };
        case "aws:codebuild/project:Project":
            return { arn: `arn:aws:codebuild:${REGION}:${ACCOUNT}:project/${name}` };
        case "aws:codepipeline/pipeline:Pipeline":
            return { arn: `arn:aws:codepipeline:${REGION}:${ACCOUNT}:${name}` };
        case "aws:cloudwatch/eventRule:EventRule":
            return { arn: `arn:aws:events:${REGION}:${ACCOUNT}:rule/${args.name}`, name: args.name };
        case "aws:cloudwatch/logGroup:LogGroup":
            return { arn: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${name}` };
        default:
            return undefined;
    }
}

export function usePipelineMocks(): MockEnvironment {
    const mocks = createMocks({ outputs });
    before(() => mocks.install());
    return mocks;
}
