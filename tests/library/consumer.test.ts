// The library as another team uses it: the packed tarball installed into a Pulumi
// program outside the repository (examples/library-consumer), compiled against the
// package's types, and run under the mocks. The program uses Outputs, an existing
// KMS key (alias) and a key of its own, an adopted secret, and grants plus references
// for a Lambda function and an ECS task.
import * as assert from "assert";
import * as fs from "fs";
import { createRequire } from "module";
import * as path from "path";
import type * as pulumi from "@pulumi/pulumi";
import { promiseOf, type RecordedResource, useMocks } from "../helpers/mocks";
import { packFindings } from "../helpers/packCheck";
import { createScratchProgram, REPO_ROOT, type ScratchProgram } from "./packedPackage";

describe("library: the packed package in a program outside the repository", function () {
    this.timeout(180_000);
    const mocks = useMocks({ project: "library-consumer", stack: "dev" });
    let scratch: ScratchProgram;
    let program: Record<string, unknown>;

    before(() => {
        scratch = createScratchProgram();
    });
    after(() => scratch?.remove());

    it("packs compiled JavaScript, type declarations, the rotator code and the licence, and nothing else", () => {
        const files = scratch.packedFiles;
        for (const expected of ["package/package.json", "package/LICENSE", "package/README.md", "package/dist/components/index.js", "package/dist/components/index.d.ts", "package/dist/policies/guard.js", "package/dist/policies/guard.d.ts", "package/dist/components/rotation/rotator/index.js"]) {
            assert.ok(files.includes(expected), `${expected} missing from the tarball`);
        }
        assert.deepStrictEqual(files.filter((f) => /\.ts$/.test(f) && !f.endsWith(".d.ts")), [], "no TypeScript sources");
        assert.deepStrictEqual(files.filter((f) => /^package\/(tests|tools|bench|Pulumi\.|index\.)/.test(f)), [], "no tests, tools or the reference program");
        const manifest = JSON.parse(fs.readFileSync(path.join(scratch.dir, "node_modules/secretset/package.json"), "utf8"));
        assert.strictEqual(manifest.private, undefined);
        assert.strictEqual(manifest.license, "Apache-2.0");
        assert.strictEqual(manifest.engines.node, ">=22");
        assert.ok(fs.readFileSync(path.join(REPO_ROOT, "LICENSE"), "utf8").includes("Apache License"));
    });

    it("imports without side effects: no resource, no config read, no server", async () => {
        const before = mocks.resources.length;
        // A PolicyPack would start a gRPC server (a new listening handle); importing the rules must not.
        const handles = (): number => (process as unknown as { _getActiveHandles(): unknown[] })._getActiveHandles().length;
        const handlesBefore = handles();
        // Resolved as the scratch program would (a require from this test file would resolve
        // `secretset` to this repository itself: Node's package self-reference).
        const programRequire = createRequire(path.join(scratch.dir, "index.js"));
        assert.ok(programRequire.resolve("secretset").startsWith(path.join(scratch.dir, "node_modules", "secretset")));
        const library = programRequire("secretset");
        const policies = programRequire("secretset/policies");
        // The pack's server binds asynchronously (about a tick later): give it the time it would take.
        await new Promise((resolve) => setTimeout(resolve, 500));
        assert.strictEqual(handles(), handlesBefore);
        assert.strictEqual(typeof library.SecretSet, "function");
        assert.strictEqual(typeof policies.SecretSetGuard, "function");
        assert.strictEqual(mocks.resources.length, before);
        // Deep imports are closed: only the two entry points are public.
        assert.throws(() => programRequire.resolve("secretset/dist/components/secretSet"), /not defined by "exports"|ERR_PACKAGE_PATH_NOT_EXPORTED/);
    });

    it("runs the program: Outputs, an existing key, an adopted secret, grants to a Lambda function and an ECS task", async () => {
        program = require(path.join(scratch.dir, "index.js"));
        const secrets = await promiseOf(program.secrets as pulumi.Output<Record<string, { kmsKeyArn?: string; adopted?: boolean; secretArn?: string }>>);
        await mocks.settled();
        const find = (type: string, name: string): RecordedResource => mocks.find(type, name);

        // An Output value (a RandomPassword of the program) stored as a secret; its rotation Lambda is the program's function.
        const version = find("aws:secretsmanager/secretVersion:SecretVersion", "billing-secret-version-partner-api-key");
        assert.ok(version.secretPaths.includes("secretString"));
        // The program's own key (an Output) for confidential; no key created by the set for that class.
        assert.strictEqual(find("aws:secretsmanager/secret:Secret", "billing-secret-partner-api-key").inputs.kmsKeyId, secrets["partner-api-key"].kmsKeyArn);
        assert.match(String(secrets["partner-api-key"].kmsKeyArn), /:key\/team-key-id$/);
        // The existing alias for internal, passed to SSM as given.
        assert.strictEqual(find("aws:ssm/parameter:Parameter", "billing-ssm-service-user").inputs.keyId, "alias/platform-secrets");
        assert.deepStrictEqual(mocks.byType("aws:kms/key:Key").map((k) => k.name), ["team-key"]);
        // The adopted secret: imported by ARN, its value never written.
        const adopted = find("aws:secretsmanager/secret:Secret", "billing-secret-db-password");
        assert.strictEqual(adopted.options.importId, "arn:aws:secretsmanager:us-east-1:123456789012:secret:dev/billing/db-password-a1B2c3");
        assert.strictEqual(secrets["db-password"].adopted, true);
        assert.ok(!mocks.byType("aws:secretsmanager/secretVersion:SecretVersion").some((v) => v.name.includes("db-password")));

        // The Lambda function: references (not values) in its environment, an exact grant on its execution role.
        const api = find("aws:lambda/function:Function", "api");
        assert.strictEqual(api.inputs.environment.variables.PARTNER_API_KEY_ARN, secrets["partner-api-key"].secretArn);
        assert.strictEqual(api.inputs.environment.variables.SERVICE_USER_PARAMETER, "/dev/billing/service-user");
        const lambdaGrant = mocks.byType("aws:iam/rolePolicy:RolePolicy").find((r) => r.name.startsWith("billing-read-lambda-api-"));
        assert.ok(lambdaGrant, mocks.byType("aws:iam/rolePolicy:RolePolicy").map((r) => r.name).join(", "));
        assert.strictEqual(lambdaGrant.inputs.role, "api");
        const lambdaDocument = JSON.parse(lambdaGrant.inputs.policy);
        const decrypt = lambdaDocument.Statement.filter((s: { Action: string[] }) => s.Action.includes("kms:Decrypt")).flatMap((s: { Resource: string[] }) => s.Resource);
        assert.ok(decrypt.includes(secrets["partner-api-key"].kmsKeyArn), "decrypt on the program's key");
        assert.ok(decrypt.some((arn: string) => arn.endsWith(":key/platform-secrets-key-id")), "decrypt on the key behind the alias");

        // The ECS task: `secrets` names the adopted secret's ARN, and the execution role may read exactly it.
        const containers = JSON.parse(find("aws:ecs/taskDefinition:TaskDefinition", "worker").inputs.containerDefinitions);
        assert.deepStrictEqual(containers[0].secrets, [{ name: "DB_PASSWORD", valueFrom: secrets["db-password"].secretArn }]);
        const ecsGrant = mocks.byType("aws:iam/rolePolicy:RolePolicy").find((r) => r.name.startsWith("billing-read-ecs-worker-execution-"));
        assert.ok(ecsGrant);
        assert.strictEqual(ecsGrant.inputs.role, "worker-execution");
        assert.deepStrictEqual(JSON.parse(ecsGrant.inputs.policy).Statement.find((s: { Sid: string }) => s.Sid === "ReadSecrets").Resource, [secrets["db-password"].secretArn]);
        assert.ok((program.policyCount as number) > 20);
        // The pack still sees customer-managed keys everywhere (an alias, the program's key, the set's own).
        const keyFindings = (await packFindings(mocks.resources, { environment: "dev" })).filter((f) => /customer-key|kms-/.test(f.policy));
        assert.deepStrictEqual(keyFindings, []);
        // No value reaches an input that is not secret (the mocks' RandomPassword result stands in for the value).
        assert.deepStrictEqual(mocks.plainOccurrences("mock-generated-partner-api-key"), []);
    });
});
