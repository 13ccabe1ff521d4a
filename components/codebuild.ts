// The CI/CD consumer: a CodeBuild project whose environment variables are
// references to the stored secrets (PARAMETER_STORE / SECRETS_MANAGER), never
// PLAINTEXT values, and whose role may write only its own log group.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { assertNoWildcardResources } from "./grants";
import { LOG_STREAM_SUFFIX, logWriteStatement } from "./rotation/rotatorPolicy";

export const DEFAULT_CODEBUILD_IMAGE = "aws/codebuild/standard:7.0";
export const DEFAULT_CODEBUILD_COMPUTE_TYPE = "BUILD_GENERAL1_SMALL";
export const ENVIRONMENT_VARIABLE_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;

export interface CodeBuildSettings {
    /** Create the project (true) or only its role, for a project defined elsewhere (false). @default true */
    readonly createProject?: boolean;
    /** Environment variable name -> declared secret name. */
    readonly environmentVariables: Readonly<Record<string, string>>;
    /** @default "aws/codebuild/standard:7.0" */
    readonly image?: string;
    /** @default "BUILD_GENERAL1_SMALL" */
    readonly computeType?: string;
    /** Needed to run `docker build`. @default false */
    readonly privilegedMode?: boolean;
    /** Inline buildspec (the project has no source). @default a placeholder that lists the variable names */
    readonly buildspec?: string;
    /** @default 30 */
    readonly logRetentionDays?: number;
}

export const CODEBUILD_FIELDS: readonly (keyof CodeBuildSettings)[] = ["createProject", "environmentVariables", "image", "computeType", "privilegedMode", "buildspec", "logRetentionDays"];

/** Where a secret can be read from by CodeBuild. */
export interface CodeBuildSecretSource {
    readonly key: string;
    /** SSM parameter name (`/env/app/name`) when the secret is in Parameter Store. */
    readonly ssmParameterName?: string;
    /** Secrets Manager ARN when the secret is in Secrets Manager. */
    readonly secretArn?: pulumi.Input<string>;
    /** JSON key of a generated JSON document: CodeBuild then reads that key only. */
    readonly jsonKey?: string;
}

export interface CodeBuildVariable {
    readonly name: string;
    readonly type: "PARAMETER_STORE" | "SECRETS_MANAGER";
    readonly value: pulumi.Input<string>;
}

/**
 * Maps env var names to secret references: a Parameter Store secret becomes
 * PARAMETER_STORE (value = parameter name), a Secrets Manager secret becomes
 * SECRETS_MANAGER (value = ARN, plus `:<jsonKey>` for JSON documents). A secret
 * only in Vault cannot be a CodeBuild variable.
 */
export function codeBuildVariables(consumer: string, mapping: Readonly<Record<string, string>>, sources: Readonly<Record<string, CodeBuildSecretSource>>): CodeBuildVariable[] {
    return Object.keys(mapping)
        .sort()
        .map((name) => {
            const key = mapping[name];
            const source = sources[key];
            if (source === undefined) {
                throw new Error(`Consumer \`${consumer}\`: \`codebuild.environmentVariables.${name}\` names \`${key}\`, which is not a declared secret; use one of the consumer's \`secrets\`.`);
            }
            if (source.secretArn !== undefined) {
                const value = source.jsonKey === undefined ? source.secretArn : pulumi.interpolate`${source.secretArn}:${source.jsonKey}`;
                return { name, type: "SECRETS_MANAGER", value };
            }
            if (source.ssmParameterName !== undefined) {
                return { name, type: "PARAMETER_STORE", value: source.ssmParameterName };
            }
            throw new Error(`Consumer \`${consumer}\`: \`codebuild.environmentVariables.${name}\` names \`${key}\`, which is stored only in Vault; CodeBuild reads SSM or Secrets Manager, so add "aws" to its \`backends\` or read it from Vault in the build.`);
        });
}

export function placeholderBuildspec(variableNames: readonly string[]): string {
    return [
        "version: 0.2",
        "phases:",
        "  build:",
        "    commands:",
        // One quoted scalar: an unquoted `: ` would turn the command into a YAML map.
        `      - 'echo "SecretSet variables available to this build - ${variableNames.join(" ")}"'`,
        "",
    ].join("\n");
}

export interface CodeBuildConsumerArgs {
    readonly resourcePrefix: string;
    /** Physical project name; the log group is `/aws/codebuild/<projectName>`. */
    readonly projectName: string;
    readonly role: aws.iam.Role;
    readonly variables: readonly CodeBuildVariable[];
    readonly settings: CodeBuildSettings;
    readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
    /** Build stage of a CodePipeline: CODEPIPELINE source and artifacts, and this default buildspec. @default no pipeline */
    readonly pipeline?: CodeBuildPipelineStage;
}

export interface CodeBuildPipelineStage {
    /** Used when `settings.buildspec` is not given. */
    readonly buildspec: pulumi.Input<string>;
}

export interface CodeBuildConsumer {
    readonly project?: aws.codebuild.Project;
    readonly logGroup: aws.cloudwatch.LogGroup;
    readonly logPolicy: aws.iam.RolePolicy;
}

/** The project (unless `createProject: false`), its log group and the role's right to write there. */
export function createCodeBuildConsumer(args: CodeBuildConsumerArgs, opts: pulumi.CustomResourceOptions): CodeBuildConsumer {
    const { settings } = args;
    const logGroup = new aws.cloudwatch.LogGroup(
        `${args.resourcePrefix}-build-logs`,
        { name: `/aws/codebuild/${args.projectName}`, retentionInDays: settings.logRetentionDays ?? 30, tags: args.tags },
        opts,
    );
    const logPolicy = new aws.iam.RolePolicy(
        `${args.resourcePrefix}-build-logs`,
        {
            name: "secretset-codebuild-logs",
            role: args.role.name,
            policy: logGroup.arn.apply((arn) => {
                const document = { Version: "2012-10-17" as const, Statement: [logWriteStatement(arn)] };
                assertNoWildcardResources(document, [LOG_STREAM_SUFFIX]);
                return JSON.stringify(document);
            }),
        },
        opts,
    );
    if (settings.createProject === false) {
        return { logGroup, logPolicy };
    }
    const project = new aws.codebuild.Project(
        `${args.resourcePrefix}-build`,
        {
            name: args.projectName,
            serviceRole: args.role.arn,
            source: args.pipeline
                ? { type: "CODEPIPELINE", buildspec: settings.buildspec ?? args.pipeline.buildspec }
                : { type: "NO_SOURCE", buildspec: settings.buildspec ?? placeholderBuildspec(args.variables.map((v) => v.name)) },
            artifacts: { type: args.pipeline ? "CODEPIPELINE" : "NO_ARTIFACTS" },
            environment: {
                type: "LINUX_CONTAINER",
                image: settings.image ?? DEFAULT_CODEBUILD_IMAGE,
                computeType: settings.computeType ?? DEFAULT_CODEBUILD_COMPUTE_TYPE,
                privilegedMode: settings.privilegedMode ?? false,
                environmentVariables: args.variables.map((v) => ({ name: v.name, type: v.type, value: v.value })),
            },
            logsConfig: { cloudwatchLogs: { status: "ENABLED", groupName: logGroup.name } },
            tags: args.tags,
        },
        { ...opts, dependsOn: [logPolicy] },
    );
    return { project, logGroup, logPolicy };
}
