// The buildspec of the pipeline's build stage: log in to the registry with the
// variables CodeBuild resolved from SSM / Secrets Manager (the password goes through
// stdin, never on a command line), log in to ECR when pushing there, build the
// Dockerfile of the source, push one immutable tag per build, and hand the image URI
// on as `imagedefinitions.json` for a deploy stage.
import type { PipelineRegistryLogin } from "./pipelineSettings";

/** Build variables set in the buildspec itself (where to push: not secret), so the project has no PLAINTEXT variable. */
export const IMAGE_REPOSITORY_VARIABLE = "IMAGE_REPOSITORY";
export const PUSH_TO_ECR_VARIABLE = "PUSH_TO_ECR";

export interface ImageTarget {
    /** `<registry>/<repository>` without tag, e.g. the ECR repository URL. */
    readonly repository: string;
    readonly pushToEcr: boolean;
}

export function imageBuildspec(login: Required<PipelineRegistryLogin>, containerName: string, target: ImageTarget): string {
    const { urlVariable, usernameVariable, passwordVariable } = login;
    return [
        "version: 0.2",
        "env:",
        "  shell: bash",
        "  variables:",
        `    ${IMAGE_REPOSITORY_VARIABLE}: ${JSON.stringify(target.repository)}`,
        `    ${PUSH_TO_ECR_VARIABLE}: "${target.pushToEcr}"`,
        "phases:",
        "  pre_build:",
        "    on-failure: ABORT",
        "    commands:",
        `      - echo "$${passwordVariable}" | docker login --username "$${usernameVariable}" --password-stdin "$${urlVariable}"`,
        `      - if [ "$${PUSH_TO_ECR_VARIABLE}" = "true" ]; then aws ecr get-login-password --region "$AWS_REGION" | docker login --username AWS --password-stdin "\${${IMAGE_REPOSITORY_VARIABLE}%%/*}"; fi`,
        // ECR tags are immutable: one new tag per build, never `latest`.
        '      - IMAGE_TAG="build-${CODEBUILD_BUILD_NUMBER}"',
        "  build:",
        "    on-failure: ABORT",
        "    commands:",
        `      - docker build --tag "$${IMAGE_REPOSITORY_VARIABLE}:$IMAGE_TAG" .`,
        "  post_build:",
        "    commands:",
        `      - docker push "$${IMAGE_REPOSITORY_VARIABLE}:$IMAGE_TAG"`,
        `      - printf '[{"name":"${containerName}","imageUri":"%s"}]' "$${IMAGE_REPOSITORY_VARIABLE}:$IMAGE_TAG" > imagedefinitions.json`,
        `      - docker logout "$${urlVariable}"`,
        "artifacts:",
        "  files:",
        "    - imagedefinitions.json",
        "",
    ].join("\n");
}
