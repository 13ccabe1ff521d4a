import * as assert from "node:assert/strict";
import { iamPatternMatches } from "../../policies/lib/iamWildcard";

describe("iamPatternMatches (IAM action wildcards)", () => {
    const cases: ReadonlyArray<[pattern: string, action: string, matches: boolean]> = [
        ["secretsmanager:GetSecretValue", "secretsmanager:GetSecretValue", true],
        ["SecretsManager:getsecretvalue", "secretsmanager:GetSecretValue", true],
        ["secretsmanager:Get*", "secretsmanager:GetSecretValue", true],
        ["secretsmanager:*", "secretsmanager:GetSecretValue", true],
        ["*", "kms:Decrypt", true],
        ["s?m:GetParameter", "ssm:GetParameter", true],
        ["s?m:GetParameter", "sm:GetParameter", false],
        ["*:Decrypt", "kms:Decrypt", true],
        ["kms:*crypt", "kms:Decrypt", true],
        ["kms:De*t", "kms:Decrypt", true],
        ["kms:Decrypt*", "kms:Decrypt", true],
        ["secretsmanager:Get", "secretsmanager:GetSecretValue", false],
        ["secretsmanager:GetSecretValue", "secretsmanager:GetSecretValueX", false],
        // Regex metacharacters are literal in IAM patterns.
        ["kms:Decr.pt", "kms:Decrypt", false],
        ["kms:(Decrypt)", "kms:Decrypt", false],
        ["ssm:GetParameter[s]", "ssm:GetParameters", false],
    ];
    for (const [pattern, action, matches] of cases) {
        it(`${pattern} ${matches ? "matches" : "does not match"} ${action}`, () => {
            assert.equal(iamPatternMatches(pattern, action), matches);
        });
    }
});
