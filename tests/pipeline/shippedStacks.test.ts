// PROPERTY: the shipped dev and prod stacks through the offline preview (real index.ts,
// components and pack): the pipeline and the CI consumers are there, every role's trust
// is limited (OIDC: one repository + ref and STS audience; services: this account and
// the one resource), ECR pushes go to one repository; mutating a trust or a consumer
// is caught.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { InputError } from "../../tools/preview/inputError";
import { type PreviewOutcome, runOfflinePreview } from "../../tools/preview/runPreview";
import { REPO, tempFile } from "../preview/previewHelpers";

const yaml = require("js-yaml") as { load(text: string): any; dump(value: unknown): string };

function preview(stack: string, config?: unknown): Promise<PreviewOutcome> {
    return runOfflinePreview({ stack, format: "json", help: false, configFile: config ? tempFile(`Pulumi.${stack}.yaml`, yaml.dump(config)) : undefined });
}
const shipped = (stack: string) => yaml.load(fs.readFileSync(path.join(REPO, `Pulumi.${stack}.yaml`), "utf8"));
const inputsOf = (outcome: PreviewOutcome, type: string) => outcome.report.resources.filter((r) => r.type === type).map((r) => ({ name: r.name, inputs: r.inputs as any }));

describe("shipped stacks: pipeline and CI consumers (property)", function () {
    this.timeout(180_000);

    for (const stack of ["dev", "prod"]) {
        it(`${stack}: builds the example with references only and pushes to one immutable, scanned ECR repository`, async () => {
            const outcome = await preview(stack);
            assert.equal(outcome.report.summary.mandatory, 0);
            const [pipeline] = inputsOf(outcome, "aws:codepipeline/pipeline:Pipeline");
            assert.ok(pipeline, "no pipeline");
            assert.equal(pipeline.inputs.artifactStores[0].encryptionKey.type, "KMS");
            assert.deepEqual(pipeline.inputs.stages.map((s: any) => s.actions[0].provider), ["S3", "CodeBuild"]);
            const [object] = inputsOf(outcome, "aws:s3/bucketObjectv2:BucketObjectv2");
            assert.ok(object, "no source object");
            const [project] = inputsOf(outcome, "aws:codebuild/project:Project");
            assert.equal(project.inputs.source.type, "CODEPIPELINE");
            assert.ok(project.inputs.environment.environmentVariables.every((v: any) => v.type === "PARAMETER_STORE" || v.type === "SECRETS_MANAGER"));
            assert.match(project.inputs.source.buildspec, /docker push "\$IMAGE_REPOSITORY:\$IMAGE_TAG"/);
            const [repository] = inputsOf(outcome, "aws:ecr/repository:Repository");
            assert.equal(repository.inputs.imageTagMutability, "IMMUTABLE");
            assert.equal(repository.inputs.imageScanningConfiguration.scanOnPush, true);
            const pushes = inputsOf(outcome, "aws:iam/rolePolicy:RolePolicy").flatMap((p) => JSON.parse(p.inputs.policy).Statement).filter((s: any) => [s.Action].flat().includes("ecr:PutImage"));
            assert.deepEqual(pushes.map((s: any) => s.Resource), [[`arn:aws:ecr:us-east-1:123456789012:repository/${stack}-ci-pipeline/app`]]);
        });

        it(`${stack}: every role's trust is limited to one repository and ref, or to this account and one resource`, async () => {
            const outcome = await preview(stack);
            const roles = inputsOf(outcome, "aws:iam/role:Role");
            const federated = roles.filter((r) => JSON.parse(r.inputs.assumeRolePolicy).Statement.some((s: any) => s.Principal.Federated));
            assert.deepEqual(federated.map((r) => r.name).sort(), ["ci-pipeline-consumer-github-release-role", "ci-pipeline-consumer-gitlab-deploy-role"]);
            for (const role of roles) {
                for (const statement of JSON.parse(role.inputs.assumeRolePolicy).Statement) {
                    const services: string[] = [statement.Principal.Service ?? []].flat();
                    if (statement.Principal.Federated) {
                        const keys = statement.Condition.StringEquals;
                        const sub = Object.entries(keys).find(([k]) => k.endsWith(":sub"))?.[1] as string;
                        assert.ok(sub && !/[*?]/.test(sub), `${role.name}: sub ${sub}`);
                        assert.equal(Object.entries(keys).find(([k]) => k.endsWith(":aud"))?.[1], "sts.amazonaws.com");
                    } else if (services.some((s) => ["codebuild.amazonaws.com", "codepipeline.amazonaws.com", "events.amazonaws.com"].includes(s))) {
                        assert.equal(statement.Condition.StringEquals["aws:SourceAccount"], "123456789012", role.name);
                        assert.match(statement.Condition.ArnLike["aws:SourceArn"], /^arn:aws:(codebuild|codepipeline|events):us-east-1:123456789012:/, role.name);
                    } else {
                        assert.ok(services.every((s) => s === "lambda.amazonaws.com" || s === "ec2.amazonaws.com"), `${role.name}: ${services}`);
                    }
                }
            }
            const [jwtRole] = inputsOf(outcome, "vault:jwt/authBackendRole:AuthBackendRole");
            assert.deepEqual(Object.keys(jwtRole.inputs.boundClaims).sort(), ["project_id", "ref", "ref_type"]);
        });
    }

    it("dev: a GitHub consumer trusting every repository of its owner is refused before anything is created", async () => {
        const config = shipped("dev");
        config.config["secretset:consumers"]["github-release"].githubActions.repository = "acme/*";
        await assert.rejects(preview("dev", config), (error: Error) => {
            assert.ok(error instanceof InputError, String(error));
            assert.match(error.message, /Consumer `github-release`: `githubActions.repository` must be one repository/);
            return true;
        });
    });

    it("dev: with the account's existing GitHub OIDC provider, none is created and the trust names it", async () => {
        const config = shipped("dev");
        const existing = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com";
        config.config["secretset:consumers"]["github-release"].githubActions.providerArn = existing;
        const outcome = await preview("dev", config);
        assert.deepEqual(inputsOf(outcome, "aws:iam/openIdConnectProvider:OpenIdConnectProvider").map((p) => p.inputs.url), ["https://gitlab.com"]);
        const role = inputsOf(outcome, "aws:iam/role:Role").find((r) => r.name === "ci-pipeline-consumer-github-release-role");
        assert.equal(JSON.parse(role!.inputs.assumeRolePolicy).Statement[0].Principal.Federated, existing);
        assert.equal(outcome.report.summary.mandatory, 0);
    });
});
