// Every validation message of `pipeline`, one bad field per case, reported with the
// consumer's other problems before anything is created.
import * as assert from "assert";
import { validateConsumers } from "../../components/consumers";
import { DECLARATIONS } from "../access/fakeSet";

const VARIABLES = { REGISTRY_URL: "registry-url", DOCKER_USERNAME: "docker-username", DOCKER_PASSWORD: "docker-password" };
const CONNECTION = "arn:aws:codestar-connections:us-east-1:123456789012:connection/0a1b2c3d-4e5f-6789-abcd-ef0123456789";
const GOOD = { source: { s3: { directory: "examples/docker-app" } }, ecr: { repository: "app" } };

function consumer(pipeline: unknown, codebuild: Record<string, unknown> = { privilegedMode: true, environmentVariables: VARIABLES }) {
    return { "docker-build": { secrets: Object.values(VARIABLES), codebuild, pipeline } };
}

const CASES: { readonly name: string; readonly consumers: unknown; readonly field: string; readonly says: string }[] = [
    { name: "no source", consumers: consumer({ ecr: { repository: "app" } }), field: "pipeline.source", says: "exactly one of `s3: { directory }` or `connection" },
    { name: "both sources", consumers: consumer({ ...GOOD, source: { s3: { directory: "examples/docker-app" }, connection: { connectionArn: CONNECTION, repository: "acme/app" } } }), field: "pipeline.source", says: "exactly one of" },
    { name: "a missing directory", consumers: consumer({ ...GOOD, source: { s3: { directory: "examples/no-such-app" } } }), field: "pipeline.source.s3.directory", says: "does not exist" },
    { name: "a directory outside the project", consumers: consumer({ ...GOOD, source: { s3: { directory: "../elsewhere" } } }), field: "pipeline.source.s3.directory", says: "inside the project" },
    { name: "a bad connection ARN", consumers: consumer({ ...GOOD, source: { connection: { connectionArn: "arn:aws:iam::1:role/x", repository: "acme/app" } } }), field: "pipeline.source.connection.connectionArn", says: "connection ARN" },
    { name: "a connection without repository", consumers: consumer({ ...GOOD, source: { connection: { connectionArn: CONNECTION } } }), field: "pipeline.source.connection.repository", says: "`owner/repository`" },
    { name: "an upper-case ECR name", consumers: consumer({ ...GOOD, ecr: { repository: "App" } }), field: "pipeline.ecr.repository", says: "lower-case" },
    { name: "too many kept images", consumers: consumer({ ...GOOD, ecr: { repository: "app", keepImages: 5000 } }), field: "pipeline.ecr.keepImages", says: "1 to 1000" },
    { name: "neither ecr nor image", consumers: consumer({ source: GOOD.source }), field: "pipeline.image", says: "`pipeline.image` names the repository" },
    { name: "both ecr and image", consumers: consumer({ ...GOOD, image: "docker.io/acme/app" }), field: "pipeline.image", says: "not both" },
    { name: "a login variable the project lacks", consumers: consumer({ ...GOOD, login: { passwordVariable: "REGISTRY_TOKEN" } }), field: "pipeline.login.passwordVariable", says: "`REGISTRY_TOKEN`, which is not in `codebuild.environmentVariables`" },
    { name: "no codebuild", consumers: { "docker-build": { secrets: ["docker-password"], role: { assumedBy: ["ecs-tasks.amazonaws.com"] }, pipeline: GOOD } }, field: "pipeline", says: "add `codebuild`" },
    { name: "no privileged mode", consumers: consumer(GOOD, { environmentVariables: VARIABLES }), field: "codebuild.privilegedMode", says: "`codebuild.privilegedMode: true`" },
    { name: "a project made elsewhere", consumers: consumer(GOOD, { privilegedMode: true, createProject: false, environmentVariables: VARIABLES }), field: "pipeline", says: "remove `codebuild.createProject: false`" },
    { name: "an unknown field", consumers: consumer({ ...GOOD, stages: [] }), field: "pipeline.stages", says: "unknown field `pipeline.stages`" },
];

describe("pipeline: validation", () => {
    for (const c of CASES) {
        it(`reports ${c.name}`, () => {
            const problems = validateConsumers(c.consumers, DECLARATIONS);
            const match = problems.find((p) => p.field === c.field && p.message.includes(c.says));
            assert.ok(match, `expected \`${c.field}\` saying "${c.says}", got:\n${problems.map((p) => `${p.field}: ${p.message}`).join("\n")}`);
            assert.ok(match.message.startsWith("Consumer `docker-build`: "));
        });
    }

    it("accepts the shipped example and the CodeStar variant", () => {
        assert.deepStrictEqual(validateConsumers(consumer(GOOD), DECLARATIONS), []);
        assert.deepStrictEqual(validateConsumers(consumer({ source: { connection: { connectionArn: CONNECTION, repository: "acme/app" } }, image: "docker.io/acme/app" }), DECLARATIONS), []);
    });
});
