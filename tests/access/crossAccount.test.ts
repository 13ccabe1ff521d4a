// Cross-account read: the secret's resource policy and the KMS key policy both come
// from `crossAccountReaders`, so they name the same accounts; the pack accepts the
// result; secrets outside Secrets Manager cannot be shared and say so.
import * as assert from "assert";
import { SecretSet } from "../../components/secretSet";
import { thrownBy } from "../helpers/failures";
import { useMocks } from "../helpers/mocks";
import { packFindings } from "../helpers/packCheck";
import { dockerExample } from "../components/exampleArgs";

const PARTNER = "210987654321";

describe("access: cross-account readers", () => {
    const mocks = useMocks();

    it("gives the named account read on the chosen secret, and decrypt via Secrets Manager on its key", async () => {
        new SecretSet("ci", dockerExample({ crossAccountReaders: [{ accountId: PARTNER, secrets: ["docker-password"] }] }));
        await mocks.settled();
        const policies = mocks.byType("aws:secretsmanager/secretPolicy:SecretPolicy");
        assert.deepStrictEqual(policies.map((p) => p.name), ["ci-secret-policy-docker-password"]);
        const resourcePolicy = JSON.parse(policies[0].inputs.policy);
        assert.strictEqual(policies[0].inputs.blockPublicPolicy, true);
        assert.deepStrictEqual(resourcePolicy.Statement[0].Principal, { AWS: [`arn:aws:iam::${PARTNER}:root`] });
        assert.deepStrictEqual(resourcePolicy.Statement[0].Action, ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"]);
        assert.match(resourcePolicy.Statement[0].Resource, /:secret:dev\/ci-pipeline\/docker-password-AbCdEf$/);

        const sharedKey = JSON.parse(mocks.find("aws:kms/key:Key", "ci-kms-key").inputs.policy);
        const statement = sharedKey.Statement.find((s: any) => s.Sid === "CrossAccountDecryptViaSecretsManager");
        assert.deepStrictEqual(statement.Principal, { AWS: [`arn:aws:iam::${PARTNER}:root`] });
        assert.deepStrictEqual(statement.Condition, { StringEquals: { "kms:ViaService": "secretsmanager.us-east-1.amazonaws.com" } });
        // The restricted key encrypts nothing the partner reads: its policy stays root-only.
        const restrictedKey = JSON.parse(mocks.find("aws:kms/key:Key", "ci-kms-key-restricted").inputs.policy);
        assert.strictEqual(restrictedKey.Statement.length, 1);
    });

    it("passes the policy pack (no public principal, public policies blocked, explicit key policies)", async () => {
        new SecretSet("ci", dockerExample({ crossAccountReaders: [{ accountId: PARTNER }] }));
        await mocks.settled();
        const findings = await packFindings(mocks.resources, { environment: "dev", disposableEnvironment: true });
        const relevant = findings.filter((f) => /^(secretsmanager|kms)-/.test(f.policy));
        assert.deepStrictEqual(relevant, []);
    });

    it("refuses accounts that are not account ids and secrets outside Secrets Manager", () => {
        const message = thrownBy(() => new SecretSet("ci", dockerExample({ crossAccountReaders: [{ accountId: "partner" }, { accountId: PARTNER, secrets: ["docker-username", "nope"] }] })));
        assert.match(message, /Setting `crossAccountReaders\[0\].accountId` must be a 12-digit AWS account id\./);
        assert.match(message, /`crossAccountReaders\[1\].secrets` names `docker-username`, which is not stored in Secrets Manager/);
        assert.match(message, /`crossAccountReaders\[1\].secrets` names `nope`, which is not declared/);
        assert.strictEqual(mocks.resources.length, 0);
    });
});
