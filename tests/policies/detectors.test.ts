// The detectors behind the evaluation-based rules, one behaviour per case: credential
// shapes, the input walker, secretlint's wiring, IAM probes and public principals.
import * as assert from "assert";
import { credentialNameStrength, namedValueKind, randomTokenKind, textCredentialKinds } from "../../policies/lib/credentials";
import { parsePolicyDocument, IamStatement } from "../../policies/lib/iamDocument";
import { reachesService, unnamedSecretReads } from "../../policies/lib/iamEvaluation";
import { allowsEveryone } from "../../policies/lib/iamPrincipals";
import { scanWithSecretlint } from "../../policies/lib/secretlintScan";
import { stringLeaves } from "../../policies/lib/stringInputs";
import { secret, wireProps } from "./util";

const statements = (document: unknown) => parsePolicyDocument(document as never) as IamStatement[];

describe("policies: detectors", () => {
    it("judges names: strong, key-ish, references, public material", () => {
        for (const name of ["DB_PASSWORD", "pwd", "Authorization", "clientSecret", "SECRETKEY", "api-key", "plaintext"]) assert.strictEqual(credentialNameStrength(name), "strong", name);
        for (const name of ["KEY", "signingSalt", "HMAC"]) assert.strictEqual(credentialNameStrength(name), "key", name);
        for (const name of ["DB_PASSWORD_ARN", "tokenPolicies", "sts:ExternalId", "publicKey", "pgpKey", "token.actions.githubusercontent.com:aud", "CACHE_TTL"]) assert.strictEqual(credentialNameStrength(name), undefined, name);
    });

    it("judges named values: literals fire, references and placeholders do not, key names need random values", () => {
        assert.ok(namedValueKind("DB_PASSWORD", "hunter22"));
        for (const value of ["arn:aws:secretsmanager:us-east-1:1:secret:x", "/prod/app/db", "${DB_PASSWORD}", "$(cat /run/secret)", "{{resolve:secretsmanager:x}}", "", "****", "true"]) {
            assert.strictEqual(namedValueKind("DB_PASSWORD", value), undefined, value);
        }
        assert.strictEqual(namedValueKind("SIGNING_KEY", "hunter22"), "a literal under a credential name");
        assert.strictEqual(namedValueKind("KEY", "f".repeat(8) + "0123456789abcdef0123456789abcdef"), "a hex key");
        assert.strictEqual(namedValueKind("CACHE_KEY", "orders"), undefined);
    });

    it("finds credentials in scripts and commands, not in prose or stdin logins", () => {
        assert.ok(textCredentialKinds("export DB_PASSWORD=hunter22\n").length > 0);
        assert.ok(textCredentialKinds("docker login -u ci -p S3cret-Value registry").length > 0);
        assert.ok(textCredentialKinds("curl -u admin:S3cret-Value https://x").length > 0);
        assert.ok(textCredentialKinds("echo 'root:S3cret-Value' | chpasswd").length > 0);
        assert.deepStrictEqual(textCredentialKinds("# Password: see the runbook\nPassword: rotated every 30 days"), []);
        assert.deepStrictEqual(textCredentialKinds('echo "$PW" | docker login -u ci --password-stdin registry'), []);
    });

    it("flags long random tokens without a name, but not digests or payloads", () => {
        const token = "Zx9Qw3Er7Ty1Ui5Op2As6Df0Gh4Jk8Lz";
        assert.ok(randomTokenKind("value", token));
        assert.strictEqual(randomTokenKind("sourceCodeHash", token), undefined);
        assert.strictEqual(randomTokenKind("userDataBase64", token), undefined);
        assert.strictEqual(randomTokenKind("value", "ordinary-resource-name-with-dashes"), undefined);
    });

    it("walks JSON, YAML and base64 inputs, pairs names with values, and skips Pulumi secrets", () => {
        const leaves = stringLeaves(
            wireProps({
                containerDefinitions: JSON.stringify([{ environment: [{ name: "API_TOKEN", value: "x1" }] }]),
                buildspec: "version: 0.2\nenv:\n  secrets-manager:\n    TOKEN: prod/app/token\n",
                userData: Buffer.from("#!/bin/bash\necho hi\n").toString("base64"),
                password: secret("never-seen"),
            }),
        );
        assert.ok(leaves.some((l) => l.name === "API_TOKEN" && l.value === "x1" && l.path.endsWith("environment[0].value")));
        assert.ok(leaves.some((l) => l.path.startsWith("buildspec (parsed)") && l.reference));
        assert.ok(leaves.some((l) => l.path === "userData (base64-decoded)" && l.value.includes("echo hi")));
        assert.ok(!leaves.some((l) => l.value === "never-seen"));
    });

    it("runs secretlint's preset without its comment filter and reports rule kinds only", async () => {
        const token = "ghp_" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8";
        const findings = await scanWithSecretlint(["nothing here", `token = ${token} # secretlint-disable-line`]);
        assert.deepStrictEqual(findings, [{ index: 1, kind: "a GitHub token" }]);
    });

    it("probes wildcard and NotResource grants, honours unconditional Deny only", () => {
        const arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/app/db";
        assert.deepStrictEqual(unnamedSecretReads(statements({ Statement: [{ Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: `${arn}-??????` }] })), []);
        assert.strictEqual((unnamedSecretReads(statements({ Statement: [{ Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: "arn:aws:secretsmanager:*:*:secret:prod/*" }] })) as unknown[]).length, 1);
        const denied = { Effect: "Deny", Action: "secretsmanager:*", Resource: "arn:aws:secretsmanager:*:*:secret:prod/*" };
        assert.deepStrictEqual(unnamedSecretReads(statements({ Statement: [{ Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: "arn:aws:secretsmanager:*:*:secret:prod/*" }, denied] })), []);
        const conditional = { ...denied, Condition: { Bool: { "aws:MultiFactorAuthPresent": "false" } } };
        assert.strictEqual((unnamedSecretReads(statements({ Statement: [{ Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: "arn:aws:secretsmanager:*:*:secret:prod/*" }, conditional] })) as unknown[]).length, 1);
        assert.ok(reachesService("arn:*", "ssm") && reachesService("*", "kms") && !reachesService("arn:aws:s3:::bucket/*", "secretsmanager"));
    });

    it("knows public principals by every spelling, and conditions that pin the caller", () => {
        const open = (extra: Record<string, unknown>) => allowsEveryone(statements({ Statement: [{ Effect: "Allow", Action: "kms:Decrypt", Resource: "*", ...extra }] })[0]);
        assert.ok(open({ Principal: "*" }) && open({ Principal: { AWS: ["*"] } }) && open({ NotPrincipal: { AWS: "arn:aws:iam::1:root" } }) && open({ Principal: { AWS: "arn:aws:iam::*:root" } }));
        assert.ok(open({ Principal: "*", Condition: { StringEqualsIfExists: { "aws:PrincipalAccount": "123456789012" } } }));
        assert.ok(!open({ Principal: "*", Condition: { StringEquals: { "aws:PrincipalOrgID": "o-abc" } } }));
        assert.ok(!open({ Principal: { AWS: "arn:aws:iam::123456789012:role/app" } }));
    });
});
