import * as assert from "assert";
import { hardcodedCodebuildPlaintextEnvironment, hardcodedLambdaEnvironment, hardcodedSsmStringValue, hardcodedTagsAndDescriptions } from "../../policies/hardcoded";
import { credentialKind, isPasswordName } from "../../policies/lib/credentials";
import { codebuildProject, confidentialSecret, kmsKey, lambdaFunction, publicParameter } from "./baselines";
import { describeRule } from "./cases";
import { mutate, secret, SENTINEL } from "./util";

type Variables = { variables: Record<string, unknown> };
type CodebuildEnv = { environmentVariables: Record<string, unknown>[] };
const PRIVATE_KEY = `-----BEGIN RSA PRIVATE KEY-----\n${SENTINEL}\n-----END RSA PRIVATE KEY-----`;
const RANDOM_KEY = `wJalrXUtnFEMI/K7MDENG/bPxRfiCY${SENTINEL}`;

describe("policies: hard-coded credentials", () => {
    describeRule(
        hardcodedSsmStringValue,
        [
            { change: "a String holds an AWS access key id", input: mutate(publicParameter, (r) => (r.props.value = SENTINEL)), says: "an AWS access key id" },
            { change: "a String holds a private key", input: mutate(publicParameter, (r) => (r.props.value = PRIVATE_KEY)), says: "a private key" },
            { change: "a password-named String holds a literal", input: mutate(publicParameter, (r) => { r.props.name = "/dev/ci-pipeline/db-password"; r.props.value = "hunter2"; }), says: "named like a credential" },
        ],
        [{ change: "a String holds a URL", input: publicParameter }],
    );

    describeRule(
        hardcodedLambdaEnvironment,
        [
            { change: "an environment variable holds an access key", input: mutate(lambdaFunction, (r) => ((r.props.environment as Variables).variables.AWS_KEY = SENTINEL)), says: "`AWS_KEY`" },
            { change: "DB_PASSWORD holds a literal", input: mutate(lambdaFunction, (r) => ((r.props.environment as Variables).variables.DB_PASSWORD = "correct horse")), says: "`DB_PASSWORD`" },
        ],
        [
            { change: "a credential-named value is a Pulumi secret", input: mutate(lambdaFunction, (r) => ((r.props.environment as Variables).variables.API_TOKEN = secret(RANDOM_KEY))) },
            { change: "DB_PASSWORD_ARN references Secrets Manager", input: mutate(lambdaFunction, (r) => ((r.props.environment as Variables).variables.DB_PASSWORD_ARN = "arn:aws:secretsmanager:us-east-1:1:secret:x")) },
            { change: "the rotator's generation specs are JSON configuration", input: mutate(lambdaFunction, (r) => ((r.props.environment as Variables).variables.SECRETSET_GENERATION_SPECS = JSON.stringify({ "dev/ci-pipeline/signing-key": { length: 64, special: true } }))) },
        ],
    );

    describeRule(
        hardcodedCodebuildPlaintextEnvironment,
        [
            { change: "a PLAINTEXT DOCKER_PASSWORD holds a literal", input: mutate(codebuildProject, (r) => ((r.props.environment as CodebuildEnv).environmentVariables[1] = { name: "DOCKER_PASSWORD", type: "PLAINTEXT", value: "s3cr3t-pass" })), says: 'type: "SECRETS_MANAGER"' },
            { change: "a variable without type (PLAINTEXT) holds a high-entropy key", input: mutate(codebuildProject, (r) => (r.props.environment as CodebuildEnv).environmentVariables.push({ name: "SIGNING", value: RANDOM_KEY })), says: "`SIGNING`" },
        ],
        [{ change: "a SECRETS_MANAGER variable names a secret", input: codebuildProject }],
    );

    describeRule(
        hardcodedTagsAndDescriptions,
        [
            { change: "a description contains an access key", input: mutate(confidentialSecret, (r) => (r.props.description = `uses ${SENTINEL} for now`)), says: "`description`" },
            { change: "a tag value contains a private key", input: mutate(kmsKey, (r) => ((r.props.tags as Record<string, string>).note = PRIVATE_KEY)), says: "tag `note`" },
        ],
        [{ change: "tags hold ordinary labels", input: kmsKey }],
    );

    it("recognises credential shapes without false alarms on ordinary values", () => {
        const threshold = { minLength: 20, minBitsPerChar: 4 };
        assert.strictEqual(credentialKind("ghp_" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8", threshold), "a provider token");
        assert.strictEqual(credentialKind("Zx9Qw3Er7Ty1Ui5Op2As6Df0Gh4Jk8", threshold), "a high-entropy string");
        for (const ordinary of ["https://index.docker.io/v1/", "arn:aws:secretsmanager:us-east-1:123456789012:secret:dev/app/x-AbCdEf", "3f2c1e9a-8b7d-4c6e-9f01-23456789abcd", "Docker registry password for the CI pipeline", "aws/codebuild/standard:7.0"]) {
            assert.strictEqual(credentialKind(ordinary, threshold), undefined, ordinary);
        }
        for (const name of ["DOCKER_PASSWORD", "apiKey", "API_KEY", "db-password", "/dev/app/client-secret", "GITHUB_TOKEN", "privateKey"]) assert.ok(isPasswordName(name), name);
        // SECRETSET_GENERATION_SPECS is the rotator's (non-secret) configuration: "secretset" is not the word "secret".
        for (const name of ["DOCKER_PASSWORD_ARN", "LOG_LEVEL", "SECRETSET_GENERATION_SPECS", "secretName", "TOKEN_TTL", "passport", "keyId"]) assert.ok(!isPasswordName(name), name);
    });
});
