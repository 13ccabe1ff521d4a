// The `pipeline` settings of a CodeBuild consumer: a CodePipeline whose source is an
// S3 object (uploaded from a directory of this repository) or a CodeStar connection,
// and whose build stage is the consumer's CodeBuild project, pushing the image to a
// registry or to an ECR repository of its own. Validation is pure and reports every
// problem with the field and the fix.

export interface PipelineS3Source {
    /** Directory (relative to the Pulumi project) zipped into the source object, e.g. `examples/docker-app`. */
    readonly directory: string;
}

export interface PipelineConnectionSource {
    /** ARN of an AVAILABLE CodeStar / CodeConnections connection to GitHub, GitLab or Bitbucket. */
    readonly connectionArn: string;
    /** `owner/repository`. */
    readonly repository: string;
    /** @default "main" */
    readonly branch?: string;
}

export interface PipelineEcrSettings {
    /** Repository name; created as `<environment>-<app>/<repository>` with scan on push and immutable tags. */
    readonly repository: string;
    /** Untagged-or-old images kept before the lifecycle policy expires them. @default 50 */
    readonly keepImages?: number;
}

/** Names of the consumer's CodeBuild variables the buildspec logs in with. */
export interface PipelineRegistryLogin {
    /** @default "REGISTRY_URL" */
    readonly urlVariable?: string;
    /** @default "DOCKER_USERNAME" */
    readonly usernameVariable?: string;
    /** @default "DOCKER_PASSWORD" */
    readonly passwordVariable?: string;
}

export interface PipelineSettings {
    /** Exactly one of `s3` and `connection`. */
    readonly source: { readonly s3?: PipelineS3Source; readonly connection?: PipelineConnectionSource };
    /** Push to this ECR repository (created here). @default push to `image` on the logged-in registry */
    readonly ecr?: PipelineEcrSettings;
    /** Image repository on the registry when there is no `ecr`, e.g. `docker.io/acme/app`. */
    readonly image?: string;
    readonly login?: PipelineRegistryLogin;
}

export const DEFAULT_LOGIN: Required<PipelineRegistryLogin> = { urlVariable: "REGISTRY_URL", usernameVariable: "DOCKER_USERNAME", passwordVariable: "DOCKER_PASSWORD" };
export const DEFAULT_KEEP_IMAGES = 50;
export const DEFAULT_CONNECTION_BRANCH = "main";

const PIPELINE_FIELDS = ["source", "ecr", "image", "login"];
const CONNECTION_ARN = /^arn:aws[a-z-]*:(codestar-connections|codeconnections):[a-z0-9-]+:\d{12}:connection\/[A-Za-z0-9-]+$/;
const ECR_NAME = /^[a-z0-9]+(?:[._-][a-z0-9]+)*$/;
const IMAGE_NAME = /^[a-z0-9.-]+(:\d+)?(\/[a-z0-9]+(?:[._-][a-z0-9]+)*)+$/;

export interface FieldProblem {
    readonly field: string;
    readonly message: string;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function loginOf(settings: PipelineSettings): Required<PipelineRegistryLogin> {
    return { ...DEFAULT_LOGIN, ...(settings.login ?? {}) };
}

/** Problems of `pipeline`; `variables` are the consumer's `codebuild.environmentVariables` names. */
export function pipelineProblems(pipeline: unknown, codebuild: unknown, directoryExists: (dir: string) => boolean): FieldProblem[] {
    const problems: FieldProblem[] = [];
    const add = (field: string, message: string) => problems.push({ field, message });
    if (!isPlainObject(pipeline)) return [{ field: "pipeline", message: "`pipeline` must be a map with `source` and optionally `ecr`, `image`, `login`." }];
    for (const field of Object.keys(pipeline)) {
        if (!PIPELINE_FIELDS.includes(field)) add(`pipeline.${field}`, `unknown field \`pipeline.${field}\`; use ${PIPELINE_FIELDS.map((f) => `\`pipeline.${f}\``).join(", ")}.`);
    }
    if (!isPlainObject(codebuild)) {
        add("pipeline", "`pipeline` builds with the consumer's CodeBuild project: add `codebuild` with the registry login variables.");
    } else if (codebuild.createProject === false) {
        add("pipeline", "`pipeline` needs the project SecretSet creates; remove `codebuild.createProject: false`.");
    } else if (codebuild.privilegedMode !== true) {
        add("codebuild.privilegedMode", "`pipeline` runs `docker build`, which needs `codebuild.privilegedMode: true`.");
    }
    const source = pipeline.source;
    if (!isPlainObject(source) || (source.s3 === undefined) === (source.connection === undefined)) {
        add("pipeline.source", "`pipeline.source` needs exactly one of `s3: { directory }` or `connection: { connectionArn, repository, branch }`.");
    } else if (source.s3 !== undefined) {
        const directory = isPlainObject(source.s3) ? source.s3.directory : undefined;
        if (typeof directory !== "string" || directory === "" || directory.startsWith("/") || directory.split("/").includes("..")) {
            add("pipeline.source.s3.directory", "`pipeline.source.s3.directory` must be a directory inside the project, e.g. `examples/docker-app`.");
        } else if (!directoryExists(directory)) {
            add("pipeline.source.s3.directory", `\`pipeline.source.s3.directory\` \`${directory}\` does not exist (relative to the Pulumi project); it must hold the Dockerfile.`);
        }
    } else {
        const connection = source.connection;
        if (!isPlainObject(connection)) add("pipeline.source.connection", "`pipeline.source.connection` must be a map with `connectionArn`, `repository` and `branch`.");
        else {
            if (typeof connection.connectionArn !== "string" || !CONNECTION_ARN.test(connection.connectionArn)) {
                add("pipeline.source.connection.connectionArn", "`pipeline.source.connection.connectionArn` must be a connection ARN (arn:aws:codestar-connections:<region>:<account>:connection/<id>).");
            }
            if (typeof connection.repository !== "string" || !/^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)+$/.test(connection.repository)) {
                add("pipeline.source.connection.repository", "`pipeline.source.connection.repository` must be `owner/repository`.");
            }
            if (connection.branch !== undefined && (typeof connection.branch !== "string" || !/^[A-Za-z0-9_./-]+$/.test(connection.branch))) {
                add("pipeline.source.connection.branch", "`pipeline.source.connection.branch` must be one branch name, e.g. `main`.");
            }
        }
    }
    const ecr = pipeline.ecr;
    if (ecr !== undefined) {
        if (!isPlainObject(ecr) || typeof ecr.repository !== "string" || !ECR_NAME.test(ecr.repository)) {
            add("pipeline.ecr.repository", "`pipeline.ecr.repository` must be a lower-case repository name such as `app`.");
        }
        if (isPlainObject(ecr) && ecr.keepImages !== undefined && (typeof ecr.keepImages !== "number" || !Number.isInteger(ecr.keepImages) || ecr.keepImages < 1 || ecr.keepImages > 1000)) {
            add("pipeline.ecr.keepImages", "`pipeline.ecr.keepImages` must be a whole number from 1 to 1000.");
        }
        if (pipeline.image !== undefined) add("pipeline.image", "give either `pipeline.ecr` (push to ECR) or `pipeline.image` (push to the registry), not both.");
    } else if (typeof pipeline.image !== "string" || !IMAGE_NAME.test(pipeline.image)) {
        add("pipeline.image", "without `pipeline.ecr`, `pipeline.image` names the repository to push to on the registry, e.g. `docker.io/acme/app`.");
    }
    const login = pipeline.login ?? {};
    if (!isPlainObject(login)) {
        add("pipeline.login", "`pipeline.login` must be a map of `urlVariable`, `usernameVariable`, `passwordVariable`.");
    } else {
        const variables = isPlainObject(codebuild) && isPlainObject(codebuild.environmentVariables) ? Object.keys(codebuild.environmentVariables) : [];
        for (const [key, fallback] of Object.entries(DEFAULT_LOGIN)) {
            const name = login[key] ?? fallback;
            if (typeof name !== "string" || !variables.includes(name)) {
                add(`pipeline.login.${key}`, `the build logs in with \`${String(name)}\`, which is not in \`codebuild.environmentVariables\`; map it to the registry secret there or set \`pipeline.login.${key}\`.`);
            }
        }
    }
    return problems;
}
