// Bring your own KMS key per class, and adopt existing secrets (Pulumi `import`):
// no key is created for a class with its own key, grants decrypt with the key's ARN
// (an alias is resolved), AWS-managed keys are refused; adopted stores are imported
// under their existing names, keep their value and are retained.
import * as assert from "assert";
import { SecretSet } from "../../components/secretSet";
import type { SecretSetArgs } from "../../components/secretSetArgs";
import { thrownBy } from "../helpers/failures";
import { promiseOf, useMocks } from "../helpers/mocks";
import { dockerExample } from "./exampleArgs";

const TEAM_KEY = "arn:aws:kms:us-east-1:123456789012:key/0f9e8d7c-1111-2222-3333-444455556666";
const LEGACY_SECRET = "arn:aws:secretsmanager:us-east-1:123456789012:secret:legacy/db-password-Q1w2E3";

function withKeys(kmsKeys: SecretSetArgs["kmsKeys"]): SecretSetArgs {
    return dockerExample({ kmsKeys });
}

describe("SecretSet: existing KMS keys", () => {
    const mocks = useMocks();

    it("uses the class's own key instead of creating one, and grants decrypt on it", async () => {
        const set = new SecretSet("ci", withKeys({ confidential: TEAM_KEY }));
        set.grantRead("app", { secrets: ["docker-password"] });
        await mocks.settled();
        assert.strictEqual(mocks.find("aws:secretsmanager/secret:Secret", "ci-secret-docker-password").inputs.kmsKeyId, TEAM_KEY);
        // internal still needs the shared key, restricted its dedicated one; confidential took none.
        const keys = mocks.byType("aws:kms/key:Key").map((k) => k.name).sort();
        assert.deepStrictEqual(keys, ["ci-kms-key", "ci-kms-key-restricted"]);
        const grant = mocks.byType("aws:iam/rolePolicy:RolePolicy").find((r) => r.name.startsWith("ci-read-app"));
        const decrypt = JSON.parse(grant!.inputs.policy).Statement.find((s: any) => s.Action.includes("kms:Decrypt"));
        assert.deepStrictEqual(decrypt.Resource, [TEAM_KEY]);
        const summary = (await promiseOf(set.secrets))["docker-password"];
        assert.strictEqual(summary.kmsKeyArn, TEAM_KEY);
        assert.ok(!("kmsAlias" in summary) || summary.kmsAlias === undefined, "a key given by ARN has no alias");
    });

    it("passes an alias to the store as given (the pack sees it) and decrypts with the key behind it", async () => {
        const set = new SecretSet("ci", withKeys({ internal: "alias/team-secrets", confidential: "alias/team-secrets", restricted: "alias/team-restricted" }));
        set.grantRead("app");
        await mocks.settled();
        assert.strictEqual(mocks.byType("aws:kms/key:Key").length, 0);
        assert.strictEqual(mocks.find("aws:ssm/parameter:Parameter", "ci-ssm-docker-username").inputs.keyId, "alias/team-secrets");
        const grant = mocks.find("aws:iam/rolePolicy:RolePolicy", "ci-read-app");
        const resources = JSON.parse(grant.inputs.policy).Statement.filter((s: any) => s.Action.includes("kms:Decrypt")).flatMap((s: any) => s.Resource);
        assert.ok(resources.length > 0 && resources.every((r: string) => /:key\/team-(secrets|restricted)-key-id$/.test(r)), resources.join(","));
        assert.deepStrictEqual(mocks.calls.filter((c) => c.token === "aws:kms/getAlias:getAlias").map((c) => c.inputs.name).sort(), ["alias/team-restricted", "alias/team-secrets"]);
        const summary = await promiseOf(set.secrets);
        assert.strictEqual(summary["docker-username"].kmsAlias, "alias/team-secrets");
    });

    it("refuses AWS-managed keys, unknown levels and a key for public secrets", () => {
        const message = thrownBy(() => new SecretSet("ci", withKeys({ confidential: "alias/aws/secretsmanager", public: "alias/x", "top-secret": TEAM_KEY } as never)));
        assert.match(message, /Setting `kmsKeys.confidential` names an AWS-managed key \(`alias\/aws\/\*`\)/);
        assert.match(message, /Setting `kmsKeys.public`: public secrets are not encrypted with a KMS key; remove it\./);
        assert.match(message, /Setting `kmsKeys.top-secret` names an unknown level/);
        assert.match(thrownBy(() => new SecretSet("ci", withKeys({ internal: "arn:aws:kms:us-east-1:123456789012:alias/aws/ssm" }))), /AWS-managed key/);
        assert.match(thrownBy(() => new SecretSet("ci", withKeys({ internal: "my-key" }))), /`kmsKeys.internal` must be a KMS key ARN/);
        assert.strictEqual(mocks.resources.length, 0);
    });
});

describe("SecretSet: adopting existing secrets", () => {
    const mocks = useMocks();
    const adopted = (): SecretSetArgs => ({
        app: "billing",
        environment: "prod",
        vault: { mount: "kv", createMount: false },
        secrets: {
            "db-user": { classification: "internal", adopt: { ssmParameter: "/legacy/db-user" } },
            "db-password": { classification: "confidential", adopt: { secretsManagerArn: LEGACY_SECRET }, rotation: { days: 30, lambdaArn: "arn:aws:lambda:us-east-1:123456789012:function:rds-rotator" } },
            "partner-key": { classification: "confidential", backends: ["vault"], adopt: { vaultPath: "legacy/partner" }, rotation: { mode: "manual", owner: "partner-team" } },
        },
    });

    it("imports each store by id under its existing name, keeps the value and retains it", async () => {
        const set = new SecretSet("billing", adopted());
        await promiseOf(set.rotation!.rotations["db-password"].id);
        await mocks.settled();
        const parameter = mocks.find("aws:ssm/parameter:Parameter", "billing-ssm-db-user");
        assert.strictEqual(parameter.options.importId, "/legacy/db-user");
        assert.strictEqual(parameter.inputs.name, "/legacy/db-user");
        assert.deepStrictEqual(parameter.options.ignoreChanges, ["value"]);
        assert.strictEqual(parameter.options.retainOnDelete, true);
        const secret = mocks.find("aws:secretsmanager/secret:Secret", "billing-secret-db-password");
        assert.strictEqual(secret.options.importId, LEGACY_SECRET);
        assert.strictEqual(secret.inputs.name, "legacy/db-password");
        assert.strictEqual(secret.options.retainOnDelete, true);
        assert.strictEqual(mocks.byType("aws:secretsmanager/secretVersion:SecretVersion").length, 0, "an adopted secret's value is never written");
        const vaultSecret = mocks.find("vault:kv/secretV2:SecretV2", "billing-vault-partner-key");
        assert.strictEqual(vaultSecret.options.importId, "kv/data/legacy/partner");
        assert.deepStrictEqual(vaultSecret.options.ignoreChanges, ["dataJson"]);
        // Tags and keys are SecretSet's from now on.
        assert.strictEqual(secret.inputs.tags["secretset:classification"], "confidential");
        assert.ok(String(secret.inputs.kmsKeyId).startsWith("arn:aws:kms:"));
        const summary = await promiseOf(set.secrets);
        assert.strictEqual(summary["db-password"].adopted, true);
        assert.strictEqual(summary["db-password"].valueSource, "external");
    });

    it("reports adopt mistakes before anything exists", () => {
        const message = thrownBy(() =>
            new SecretSet("billing", {
                ...adopted(),
                secrets: {
                    a: { classification: "internal", adopt: { secretsManagerArn: LEGACY_SECRET } },
                    b: { classification: "confidential", adopt: { secretsManagerArn: "legacy/db" }, rotation: { days: 30 } },
                    c: { classification: "internal", generate: { length: 20 }, adopt: { ssmParameter: "/x" } },
                    d: { classification: "internal", adopt: { ssmParameter: "/x", vaultId: "y" } as never },
                },
            }),
        );
        const createdMount = thrownBy(() =>
            new SecretSet("billing", { ...adopted(), vault: { mount: "kv" }, secrets: { e: { classification: "confidential", backends: ["vault"], adopt: { vaultPath: "legacy/e" } } } }),
        );
        assert.match(message, /Secret `a`: `adopt.secretsManagerArn` names an existing Secrets Manager secret, but this secret is not stored there/);
        assert.match(message, /Secret `b`: `adopt.secretsManagerArn` must be the full ARN of an existing Secrets Manager secret/);
        assert.match(message, /Secret `c`: an adopted secret keeps the value it has/);
        assert.match(message, /Secret `d`: `adopt.vaultId` is not a known field/);
        assert.match(createdMount, /Secret `e`: `adopt.vaultPath` names a secret in an existing mount, but the set creates its mount; set `vault.createMount: false`/);
        assert.strictEqual(mocks.resources.length, 0);
    });
});
