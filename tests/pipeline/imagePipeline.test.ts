// The CodePipeline example as resources under the SDK mocks: source object from the
// example directory, encrypted artifact bucket, build stage with references only,
// ECR with scan on push and immutable tags, push on exactly that repository, trust
// limited by aws:SourceAccount / aws:SourceArn; the CodeStar and registry variants;
// and the pack's rules over all of it.
import * as assert from "assert";
import { createSecretConsumers } from "../../components/secretConsumer";
import { ECR_PUSH_ACTIONS } from "../../components/pipeline/pipelinePolicies";
import { SOURCE_OBJECT_KEY } from "../../components/pipeline/pipelineStorage";
import { ALL_POLICIES } from "../../policies/allPolicies";
import { dockerExampleSet } from "../access/fakeSet";
import { violationsOf } from "../federation/federationMocks";
import { ACCOUNT, REGION, usePipelineMocks } from "./pipelineMocks";

const VARIABLES = { REGISTRY_URL: "registry-url", DOCKER_USERNAME: "docker-username", DOCKER_PASSWORD: "docker-password" };
const codebuild = { privilegedMode: true, environmentVariables: VARIABLES };
const PREFIX = "ci-pipeline-consumer-docker-build";
const DELIVERY = `${PREFIX}-delivery`;
const PROJECT = "dev-ci-pipeline-docker-build";
const CONNECTION = `arn:aws:codestar-connections:${REGION}:${ACCOUNT}:connection/0a1b2c3d-4e5f-6789-abcd-ef0123456789`;

describe("pipeline: S3 source, ECR push (the dev stack's example)", () => {
    const mocks = usePipelineMocks();
    const one = (type: string, name: string) => mocks.find(type, name);
    const trust = (name: string) => JSON.parse(one("aws:iam/role:Role", name).inputs.assumeRolePolicy);
    const policy = (name: string) => JSON.parse(one("aws:iam/rolePolicy:RolePolicy", name).inputs.policy);

    before(async () => {
        mocks.reset();
        createSecretConsumers(dockerExampleSet(), {
            "docker-build": { secrets: Object.values(VARIABLES), codebuild, pipeline: { source: { s3: { directory: "examples/docker-app" } }, ecr: { repository: "app" } } },
        });
        await mocks.settled();
    });

    it("zips the example directory into the versioned, encrypted source bucket", async () => {
        const object = one("aws:s3/bucketObjectv2:BucketObjectv2", `${DELIVERY}-source-object`);
        assert.strictEqual(object.inputs.key, SOURCE_OBJECT_KEY);
        assert.strictEqual(object.inputs.source.__pulumiArchive, true);
        assert.strictEqual(await object.inputs.source.path, "examples/docker-app");
        assert.strictEqual(object.inputs.kmsKeyId, `arn:aws:kms:${REGION}:${ACCOUNT}:key/${DELIVERY}-key`);
        assert.deepStrictEqual(one("aws:s3/bucketVersioning:BucketVersioning", `${DELIVERY}-source-versioning`).inputs.versioningConfiguration, { status: "Enabled" });
    });

    it("encrypts both buckets with the pipeline's customer key, blocks public access and non-TLS requests", () => {
        const key = one("aws:kms/key:Key", `${DELIVERY}-key`);
        assert.strictEqual(key.inputs.enableKeyRotation, true);
        for (const bucket of ["artifacts", "source"]) {
            const sse = one("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", `${DELIVERY}-${bucket}-encryption`).inputs.rules[0];
            assert.deepStrictEqual(sse.applyServerSideEncryptionByDefault, { sseAlgorithm: "aws:kms", kmsMasterKeyId: `arn:aws:kms:${REGION}:${ACCOUNT}:key/${DELIVERY}-key` });
            const block = one("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", `${DELIVERY}-${bucket}-public-access`).inputs;
            assert.deepStrictEqual([block.blockPublicAcls, block.blockPublicPolicy, block.ignorePublicAcls, block.restrictPublicBuckets], [true, true, true, true]);
            const tls = JSON.parse(one("aws:s3/bucketPolicy:BucketPolicy", `${DELIVERY}-${bucket}-tls-only`).inputs.policy).Statement[0];
            assert.deepStrictEqual([tls.Effect, tls.Condition], ["Deny", { Bool: { "aws:SecureTransport": "false" } }]);
        }
    });

    it("stores pipeline artifacts under that key", () => {
        const pipeline = one("aws:codepipeline/pipeline:Pipeline", `${DELIVERY}-pipeline`).inputs;
        assert.deepStrictEqual(pipeline.artifactStores, [{ location: `${DELIVERY}-artifacts-bucket`, type: "S3", encryptionKey: { id: `arn:aws:kms:${REGION}:${ACCOUNT}:key/${DELIVERY}-key`, type: "KMS" } }]);
        assert.strictEqual(pipeline.pipelineType, "V2");
    });

    it("runs Source (the S3 object) then Build (the consumer's project)", () => {
        const stages = one("aws:codepipeline/pipeline:Pipeline", `${DELIVERY}-pipeline`).inputs.stages;
        assert.deepStrictEqual(stages.map((s: any) => [s.name, s.actions[0].provider]), [["Source", "S3"], ["Build", "CodeBuild"]]);
        assert.deepStrictEqual(stages[0].actions[0].configuration, { S3Bucket: `${DELIVERY}-source-bucket`, S3ObjectKey: SOURCE_OBJECT_KEY, PollForSourceChanges: "false" });
        assert.deepStrictEqual(stages[1].actions[0].configuration, { ProjectName: PROJECT });
        const rule = JSON.parse(one("aws:cloudwatch/eventRule:EventRule", `${DELIVERY}-source-changed`).inputs.eventPattern);
        assert.deepStrictEqual(rule.detail, { bucket: { name: [`${DELIVERY}-source-bucket`] }, object: { key: [SOURCE_OBJECT_KEY] } });
        assert.strictEqual(one("aws:cloudwatch/eventTarget:EventTarget", `${DELIVERY}-source-changed`).inputs.arn, `arn:aws:codepipeline:${REGION}:${ACCOUNT}:${PROJECT}`);
    });

    it("builds from the pipeline with references only: PARAMETER_STORE and SECRETS_MANAGER, no PLAINTEXT", () => {
        const project = one("aws:codebuild/project:Project", `${PREFIX}-build`).inputs;
        assert.deepStrictEqual([project.source.type, project.artifacts.type], ["CODEPIPELINE", "CODEPIPELINE"]);
        assert.strictEqual(project.environment.privilegedMode, true);
        assert.deepStrictEqual(project.environment.environmentVariables.map((v: any) => [v.name, v.type]), [
            ["DOCKER_PASSWORD", "SECRETS_MANAGER"],
            ["DOCKER_USERNAME", "PARAMETER_STORE"],
            ["REGISTRY_URL", "PARAMETER_STORE"],
        ]);
        assert.match(project.source.buildspec, /IMAGE_REPOSITORY: "123456789012\.dkr\.ecr\.us-east-1\.amazonaws\.com\/dev-ci-pipeline\/app"/);
        assert.match(project.source.buildspec, /--password-stdin "\$REGISTRY_URL"/);
    });

    it("creates the ECR repository with scan on push, IMMUTABLE tags and the customer key", () => {
        const repository = one("aws:ecr/repository:Repository", `${DELIVERY}-ecr`).inputs;
        assert.strictEqual(repository.name, "dev-ci-pipeline/app");
        assert.strictEqual(repository.imageTagMutability, "IMMUTABLE");
        assert.deepStrictEqual(repository.imageScanningConfiguration, { scanOnPush: true });
        assert.deepStrictEqual(repository.encryptionConfigurations, [{ encryptionType: "KMS", kmsKey: `arn:aws:kms:${REGION}:${ACCOUNT}:key/${DELIVERY}-key` }]);
        const lifecycle = JSON.parse(one("aws:ecr/lifecyclePolicy:LifecyclePolicy", `${DELIVERY}-ecr-lifecycle`).inputs.policy);
        assert.strictEqual(lifecycle.rules[0].selection.countNumber, 50);
    });

    it("lets the build role push to exactly that repository, with GetAuthorizationToken the only `*`", () => {
        const statements = policy(`${DELIVERY}-build-stage`).Statement;
        const push = statements.find((s: any) => s.Sid === "PushImage");
        assert.deepStrictEqual(push.Resource, [`arn:aws:ecr:${REGION}:${ACCOUNT}:repository/dev-ci-pipeline/app`]);
        assert.deepStrictEqual(push.Action, ECR_PUSH_ACTIONS);
        const wildcard = statements.filter((s: any) => s.Resource.includes("*"));
        assert.deepStrictEqual(wildcard.map((s: any) => s.Action), [["ecr:GetAuthorizationToken"]]);
        assert.deepStrictEqual(statements.find((s: any) => s.Sid === "ArtifactObjects").Resource, [`arn:aws:s3:::${DELIVERY}-artifacts-bucket/*`]);
    });

    it("limits every service role's trust to this account and the one project, pipeline or rule", () => {
        const expectations: [string, string, string][] = [
            [`${PREFIX}-role`, "codebuild.amazonaws.com", `arn:aws:codebuild:${REGION}:${ACCOUNT}:project/${PROJECT}`],
            [`${DELIVERY}-role`, "codepipeline.amazonaws.com", `arn:aws:codepipeline:${REGION}:${ACCOUNT}:${PROJECT}`],
            [`${DELIVERY}-events`, "events.amazonaws.com", `arn:aws:events:${REGION}:${ACCOUNT}:rule/${DELIVERY}-source-changed`],
        ];
        for (const [role, service, sourceArn] of expectations) {
            const [statement, ...rest] = trust(role).Statement;
            assert.deepStrictEqual(rest, [], role);
            assert.deepStrictEqual(statement.Principal, { Service: [service] }, role);
            assert.deepStrictEqual(statement.Condition, { StringEquals: { "aws:SourceAccount": ACCOUNT }, ArnLike: { "aws:SourceArn": sourceArn } }, role);
        }
    });

    it("lets the pipeline role start only its project and read only its source object", () => {
        const statements = policy(`${DELIVERY}-role-policy`).Statement;
        const resourcesOf = (sid: string) => statements.find((s: any) => s.Sid === sid).Resource;
        assert.deepStrictEqual(resourcesOf("StartBuild"), [`arn:aws:codebuild:${REGION}:${ACCOUNT}:project/${PROJECT}`]);
        assert.deepStrictEqual(resourcesOf("SourceObject"), [`arn:aws:s3:::${DELIVERY}-source-bucket/${SOURCE_OBJECT_KEY}`]);
        assert.ok(!statements.some((s: any) => s.Resource.includes("*")));
        assert.deepStrictEqual(policy(`${DELIVERY}-events-start`).Statement[0].Resource, [`arn:aws:codepipeline:${REGION}:${ACCOUNT}:${PROJECT}`]);
    });

    it("passes every resource rule of the pack", async () => {
        for (const rule of ALL_POLICIES) {
            if (!("validateResource" in rule)) continue;
            assert.deepStrictEqual(await violationsOf(rule, mocks.resources), [], rule.name);
        }
    });
});

describe("pipeline: CodeStar connection source, push to the registry", () => {
    const mocks = usePipelineMocks();
    before(async () => {
        mocks.reset();
        createSecretConsumers(dockerExampleSet(), {
            "docker-build": { secrets: Object.values(VARIABLES), codebuild, pipeline: { source: { connection: { connectionArn: CONNECTION, repository: "acme/app", branch: "release" } }, image: "docker.io/acme/app" } },
        });
        await mocks.settled();
    });

    it("reads the repository through the connection, which the pipeline role alone may use", () => {
        const source = mocks.find("aws:codepipeline/pipeline:Pipeline", `${DELIVERY}-pipeline`).inputs.stages[0].actions[0];
        assert.strictEqual(source.provider, "CodeStarSourceConnection");
        assert.deepStrictEqual(source.configuration, { ConnectionArn: CONNECTION, FullRepositoryId: "acme/app", BranchName: "release", OutputArtifactFormat: "CODE_ZIP", DetectChanges: "true" });
        const statements = JSON.parse(mocks.find("aws:iam/rolePolicy:RolePolicy", `${DELIVERY}-role-policy`).inputs.policy).Statement;
        assert.deepStrictEqual(statements.find((s: any) => s.Sid === "UseConnection").Resource, [CONNECTION]);
    });

    it("creates no source bucket, no ECR repository and no ECR permission", () => {
        assert.deepStrictEqual(mocks.byType("aws:s3/bucketObjectv2:BucketObjectv2"), []);
        assert.strictEqual(mocks.byType("aws:s3/bucket:Bucket").length, 1);
        assert.deepStrictEqual(mocks.byType("aws:ecr/repository:Repository"), []);
        const statements = JSON.parse(mocks.find("aws:iam/rolePolicy:RolePolicy", `${DELIVERY}-build-stage`).inputs.policy).Statement;
        assert.ok(!statements.some((s: any) => s.Action.some((a: string) => a.startsWith("ecr:"))));
        const buildspec = mocks.find("aws:codebuild/project:Project", `${PREFIX}-build`).inputs.source.buildspec;
        assert.match(buildspec, /IMAGE_REPOSITORY: "docker\.io\/acme\/app"/);
        assert.match(buildspec, /PUSH_TO_ECR: "false"/);
    });
});
