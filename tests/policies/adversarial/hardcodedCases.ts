// Hard-coded credentials in the places a review misses: one-word names, hex keys,
// connection strings, build specifications, user data (base64 too), container
// definitions, tags, descriptions and resource fields that are not marked secret.
import { gzipSync } from "zlib";
import { TYPES } from "../../../policies/lib/resourceKinds";
import { secret } from "../util";
import { AdversarialCase } from "./adversarialCase";
import { codebuild, lambda, PARAMETER_ARN, resource, SECRET_ARN, SECRET_NAME, SENTINELS, tags } from "./fixtures";

const INPUTS = "hardcoded-credentials-in-inputs";
const LAMBDA = "hardcoded-lambda-environment";
const CODEBUILD = "hardcoded-codebuild-plaintext-environment";
const TAGS = "hardcoded-tags-and-descriptions";
const P = SENTINELS.password;

const lambdaCases: [string, Record<string, unknown>, Record<string, unknown>][] = [
    ["a password under DB_PASSWORD", { DB_PASSWORD: P }, { DB_PASSWORD_ARN: SECRET_ARN }],
    ["a one-word PWD", { PWD: P }, { PWD_SECRET_ARN: SECRET_ARN }],
    ["a one-word TOKEN holding a GitHub token", { TOKEN: SENTINELS.token }, { TOKEN_PARAMETER: PARAMETER_ARN }],
    ["a hex SIGNING_KEY", { SIGNING_KEY: SENTINELS.hex }, { SIGNING_KEY_ARN: SECRET_ARN }],
    ["a database URL with a password", { DATABASE_URL: `postgres://app:${P}@db.internal:5432/app` }, { DATABASE_URL: "postgres://app@db.internal:5432/app?sslmode=require" }],
    ["an AWS access key under an innocent name", { UPSTREAM: SENTINELS.awsKey }, { UPSTREAM: "https://api.example.com" }],
    ["a camelCase clientSecret", { clientSecret: P }, { clientSecretName: SECRET_NAME }],
];

const base64 = (text: string) => Buffer.from(text).toString("base64");
const instance = (userData: string, field = "userData") => resource("aws:ec2/instance:Instance", { ami: "ami-0abcdef1234567890", instanceType: "t3.micro", [field]: userData }, "instance");
const SAFE_SCRIPT = `#!/bin/bash\nexport DB_PASSWORD="$(aws ssm get-parameter --with-decryption --name /prod/ci-pipeline/db --query Parameter.Value --output text)"\n./start.sh\n`;

const containers = (definition: Record<string, unknown>) =>
    resource("aws:ecs/taskDefinition:TaskDefinition", { family: "app", containerDefinitions: JSON.stringify([{ name: "app", image: "app:1", essential: true, ...definition }]) }, "task");
const buildspec = (text: string) => codebuild([], { type: "NO_SOURCE", buildspec: text });

export const HARDCODED_CASES: AdversarialCase[] = [
    ...lambdaCases.map(([evasion, bad, twin]): AdversarialCase => ({ area: "hardcoded", evasion: `Lambda environment: ${evasion}`, policy: LAMBDA, bad: lambda(bad), twin: lambda(twin) })),
    { area: "hardcoded", evasion: "Lambda environment: a literal API key (twin: the same value as a Pulumi secret)", policy: LAMBDA, bad: lambda({ API_KEY: SENTINELS.hex }), twin: lambda({ API_KEY: secret(SENTINELS.hex) }) },
    { area: "hardcoded", evasion: "a PLAINTEXT CodeBuild DOCKER_PASSWORD", policy: CODEBUILD, bad: codebuild([{ name: "DOCKER_PASSWORD", type: "PLAINTEXT", value: P }]), twin: codebuild([{ name: "DOCKER_PASSWORD", type: "SECRETS_MANAGER", value: SECRET_NAME }]) },
    { area: "hardcoded", evasion: "a CodeBuild variable without a type (PLAINTEXT by default)", policy: CODEBUILD, bad: codebuild([{ name: "NPM_TOKEN", value: `npm_${"Zq7SentinelNpm0Token1Value2ForTests34"}` }]), twin: codebuild([{ name: "NPM_TOKEN", type: "PARAMETER_STORE", value: "/prod/ci-pipeline/npm-token" }]) },
    {
        area: "hardcoded",
        evasion: "a password in the buildspec's env variables",
        policy: INPUTS,
        bad: buildspec(`version: 0.2\nenv:\n  variables:\n    DOCKER_PASSWORD: "${P}"\nphases:\n  build:\n    commands:\n      - docker build .\n`),
        twin: buildspec(`version: 0.2\nenv:\n  secrets-manager:\n    DOCKER_PASSWORD: ${SECRET_NAME}:password\nphases:\n  build:\n    commands:\n      - docker build .\n`),
    },
    {
        area: "hardcoded",
        evasion: "docker login -p in a build command",
        policy: INPUTS,
        bad: buildspec(`version: 0.2\nphases:\n  build:\n    commands:\n      - docker login -u ci -p ${P} registry.example.com\n`),
        twin: buildspec(`version: 0.2\nphases:\n  build:\n    commands:\n      - echo "$DOCKER_PASSWORD" | docker login -u ci --password-stdin registry.example.com\n`),
    },
    { area: "hardcoded", evasion: "an exported password in EC2 user data", policy: INPUTS, bad: instance(`#!/bin/bash\nexport DB_PASSWORD=${P}\n./start.sh\n`), twin: instance(SAFE_SCRIPT) },
    { area: "hardcoded", evasion: "an AWS key in base64 user data", policy: INPUTS, bad: instance(base64(`#!/bin/bash\naws configure set aws_access_key_id ${SENTINELS.awsKey}\n`), "userDataBase64"), twin: instance(base64(SAFE_SCRIPT), "userDataBase64") },
    {
        area: "hardcoded",
        evasion: "a password in base64 launch-template user data",
        policy: INPUTS,
        bad: resource("aws:ec2/launchTemplate:LaunchTemplate", { imageId: "ami-0abcdef1234567890", userData: base64(`#cloud-config\nchpasswd:\n  list: |\n    admin:${P}\npassword: ${P}\n`) }, "template"),
        twin: resource("aws:ec2/launchTemplate:LaunchTemplate", { imageId: "ami-0abcdef1234567890", userData: base64(SAFE_SCRIPT) }, "template"),
    },
    { area: "hardcoded", evasion: "a PGPASSWORD in user data (twin: gzip-compressed base64 user data)", policy: INPUTS, bad: instance(`#!/bin/bash\nPGPASSWORD='${P}' psql -h db.internal -U app\n`), twin: instance(gzipSync(Buffer.from(SAFE_SCRIPT)).toString("base64"), "userDataBase64") },
    { area: "hardcoded", evasion: "mysql -p in user data", policy: INPUTS, bad: instance(`#!/bin/bash\nmysql -h db.internal -u admin -p${P} < init.sql\n`), twin: instance(SAFE_SCRIPT) },
    { area: "hardcoded", evasion: "curl -u user:password in user data", policy: INPUTS, bad: instance(`#!/bin/bash\ncurl -u admin:${P} https://registry.internal/v2/\n`), twin: instance(SAFE_SCRIPT) },
    {
        area: "hardcoded",
        evasion: "an API token in ECS container environment",
        policy: INPUTS,
        bad: containers({ environment: [{ name: "API_TOKEN", value: P }] }),
        twin: containers({ secrets: [{ name: "API_TOKEN", valueFrom: SECRET_ARN }] }),
    },
    { area: "hardcoded", evasion: "an --api-key flag in an ECS command", policy: INPUTS, bad: containers({ command: ["serve", `--api-key=${P}`] }), twin: containers({ command: ["serve", "--api-key-file=/run/secrets/api-key"] }) },
    {
        area: "hardcoded",
        evasion: "a plaintext RDS master password",
        policy: INPUTS,
        bad: resource("aws:rds/instance:Instance", { engine: "postgres", instanceClass: "db.t3.micro", username: "app", password: P }, "db"),
        twin: resource("aws:rds/instance:Instance", { engine: "postgres", instanceClass: "db.t3.micro", username: "app", manageMasterUserPassword: true }, "db"),
    },
    {
        area: "hardcoded",
        evasion: "a SecretVersion whose secretString is not a Pulumi secret",
        policy: INPUTS,
        bad: resource("aws:secretsmanager/secretVersion:SecretVersion", { secretId: SECRET_ARN, secretString: P }, "version"),
        twin: resource("aws:secretsmanager/secretVersion:SecretVersion", { secretId: SECRET_ARN, secretString: secret(P) }, "version"),
    },
    {
        area: "hardcoded",
        evasion: "a password in Vault generic endpoint data that is not a Pulumi secret",
        policy: INPUTS,
        bad: resource(TYPES.vaultGenericEndpoint, { path: "auth/userpass/users/ci", dataJson: JSON.stringify({ password: P, token_policies: ["ci"] }) }, "endpoint"),
        twin: resource(TYPES.vaultGenericEndpoint, { path: "auth/userpass/users/ci", dataJson: secret(JSON.stringify({ password: P, token_policies: ["ci"] })) }, "endpoint"),
    },
    {
        area: "hardcoded",
        evasion: "a private key in a server certificate that is not a Pulumi secret",
        policy: INPUTS,
        bad: resource("aws:iam/serverCertificate:ServerCertificate", { certificateBody: "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----", privateKey: `-----BEGIN PRIVATE KEY-----\nMIIE${SENTINELS.hex}\n-----END PRIVATE KEY-----` }, "cert"),
        twin: resource("aws:iam/serverCertificate:ServerCertificate", { certificateBody: "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----", privateKey: secret(`-----BEGIN PRIVATE KEY-----\nMIIE${SENTINELS.hex}\n-----END PRIVATE KEY-----`) }, "cert"),
    },
    {
        area: "hardcoded",
        evasion: "a connection string in Glue connection properties",
        policy: INPUTS,
        bad: resource("aws:glue/connection:Connection", { connectionProperties: { JDBC_CONNECTION_URL: "jdbc:mysql://db.internal:3306/app", USERNAME: "app", PASSWORD: P } }, "glue"),
        twin: resource("aws:glue/connection:Connection", { connectionProperties: { JDBC_CONNECTION_URL: "jdbc:mysql://db.internal:3306/app", SECRET_ID: SECRET_NAME } }, "glue"),
    },
    { area: "hardcoded", evasion: "a Redis URL with a password and no user", policy: INPUTS, bad: containers({ environment: [{ name: "CACHE", value: `redis://:${P}@cache.internal:6379/0` }] }), twin: containers({ environment: [{ name: "CACHE", value: "rediss://cache.internal:6379/0" }] }) },
    { area: "hardcoded", evasion: "a password parameter in a JDBC URL", policy: INPUTS, bad: containers({ environment: [{ name: "JDBC", value: `jdbc:postgresql://db.internal:5432/app?user=app&password=${P}` }] }), twin: containers({ environment: [{ name: "JDBC", value: "jdbc:postgresql://db.internal:5432/app?user=app&sslmode=require" }] }) },
    { area: "hardcoded", evasion: "an ADO.NET connection string", policy: INPUTS, bad: containers({ environment: [{ name: "DB", value: `Server=db.internal;User Id=sa;Password=${P};` }] }), twin: containers({ environment: [{ name: "DB", value: "Server=db.internal;Integrated Security=true;" }] }) },
    { area: "hardcoded", evasion: "an Authorization header in an integration", policy: INPUTS, bad: resource("aws:apigateway/integration:Integration", { restApi: "api", resourceId: "r", httpMethod: "GET", type: "HTTP", requestParameters: { "integration.request.header.Authorization": `'Bearer ${P}'` } }, "integration"), twin: resource("aws:apigateway/integration:Integration", { restApi: "api", resourceId: "r", httpMethod: "GET", type: "HTTP", requestParameters: { "integration.request.header.X-Request-Id": "context.requestId" } }, "integration") },
    { area: "hardcoded", evasion: "an ElastiCache auth token", policy: INPUTS, bad: resource("aws:elasticache/replicationGroup:ReplicationGroup", { description: "cache", authToken: P, transitEncryptionEnabled: true }, "cache"), twin: resource("aws:elasticache/replicationGroup:ReplicationGroup", { description: "cache", authToken: secret(P), transitEncryptionEnabled: true }, "cache") },
    { area: "hardcoded", evasion: "a broker user's password in a list", policy: INPUTS, bad: resource("aws:mq/broker:Broker", { brokerName: "mq", users: [{ username: "app", password: P }] }, "broker"), twin: resource("aws:mq/broker:Broker", { brokerName: "mq", users: [{ username: "app", password: secret(P) }] }, "broker") },
    { area: "hardcoded", evasion: "an npm token in an .npmrc written by user data", policy: INPUTS, bad: instance(`#!/bin/bash
echo "//registry.npmjs.org/:_authToken=npm_Zq7SentinelNpm0Token1Value2ForTests34" > ~/.npmrc
`), twin: instance(SAFE_SCRIPT) },
    { area: "hardcoded", evasion: "a Docker auths document in a Kubernetes-style secret", policy: INPUTS, bad: resource("kubernetes:core/v1:Secret", { type: "kubernetes.io/dockerconfigjson", stringData: { ".dockerconfigjson": JSON.stringify({ auths: { "registry.example.com": { auth: base64(`ci:${P}`) } } }) } }, "k8s-secret"), twin: resource("kubernetes:core/v1:Secret", { type: "kubernetes.io/dockerconfigjson", stringData: secret({ ".dockerconfigjson": JSON.stringify({ auths: { "registry.example.com": { auth: base64(`ci:${P}`) } } }) }) }, "k8s-secret") },
    { area: "hardcoded", evasion: "a CloudFormation stack parameter", policy: INPUTS, bad: resource("aws:cloudformation/stack:Stack", { name: "legacy", parameters: { DBMasterPassword: P } }, "cfn"), twin: resource("aws:cloudformation/stack:Stack", { name: "legacy", parameters: { DBMasterPasswordSecretArn: SECRET_ARN } }, "cfn") },
    { area: "hardcoded", evasion: "a root password piped to chpasswd in base64 user data", policy: INPUTS, bad: instance(base64(`#!/bin/bash\necho 'root:${P}' | chpasswd\n`), "userDataBase64"), twin: instance(base64(SAFE_SCRIPT), "userDataBase64") },
    { area: "hardcoded", evasion: "an API Gateway key with a literal value", policy: INPUTS, bad: resource("aws:apigateway/apiKey:ApiKey", { name: "partner", value: "Zq7SentinelApiKey0Value1AbCdEfGh2345" }, "api-key"), twin: resource("aws:apigateway/apiKey:ApiKey", { name: "partner", value: secret("Zq7SentinelApiKey0Value1AbCdEfGh2345") }, "api-key") },
    {
        area: "hardcoded",
        evasion: "a signing secret inside an SNS delivery policy document",
        policy: INPUTS,
        bad: resource("aws:sns/topicSubscription:TopicSubscription", { topic: "alerts", protocol: "https", endpoint: "https://hooks.example.com/in", deliveryPolicy: JSON.stringify({ headers: { signingSecret: P } }) }, "subscription"),
        twin: resource("aws:sns/topicSubscription:TopicSubscription", { topic: "alerts", protocol: "https", endpoint: "https://hooks.example.com/in", deliveryPolicy: JSON.stringify({ healthyRetryPolicy: { numRetries: 3 } }) }, "subscription"),
    },
    {
        area: "hardcoded",
        evasion: "plaintext handed to a KMS Ciphertext resource (twin: a public key pair needs no secret)",
        policy: INPUTS,
        bad: resource("aws:kms/ciphertext:Ciphertext", { keyId: "alias/ci-pipeline", plaintext: JSON.stringify({ client_id: "ci", client_secret: P }) }, "ciphertext"),
        twin: resource("aws:ec2/keyPair:KeyPair", { keyName: "deployer", publicKey: `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI${"Zq7Pub".repeat(6)} deployer@example` }, "key-pair"),
    },
    { area: "hardcoded", evasion: "a GitHub token in a tag", policy: TAGS, bad: resource(TYPES.secret, { name: "prod/ci-pipeline/x", kmsKeyId: "arn:aws:kms:us-east-1:123456789012:key/1", tags: { ...tags("confidential"), ci: SENTINELS.token } }, "tagged"), twin: resource(TYPES.secret, { name: "prod/ci-pipeline/x", kmsKeyId: "arn:aws:kms:us-east-1:123456789012:key/1", tags: { ...tags("confidential"), ci: "github-actions" } }, "tagged") },
    { area: "hardcoded", evasion: "a Slack token in a description", policy: TAGS, bad: resource("aws:sns/topic:Topic", { name: "alerts", description: "posts with xoxb-123456789012-1234567890123-Zq7SentinelSlack0Tok" }, "topic"), twin: resource("aws:sns/topic:Topic", { name: "alerts", description: "posts to the #alerts channel" }, "topic") },
    { area: "hardcoded", evasion: "a password-named tag", policy: TAGS, bad: resource("aws:s3/bucket:Bucket", { bucket: "ci-artifacts", tags: { password: P } }, "bucket"), twin: resource("aws:s3/bucket:Bucket", { bucket: "ci-artifacts", tags: { team: "platform" } }, "bucket") },
];

