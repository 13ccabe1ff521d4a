// The one wildcard secret grant the pack accepts (SecretSet's rotators): one set's
// own name prefix, pinned by that set's app and environment tags, restricted excluded.
// Every way of widening it must still count as an unnamed read.
import * as assert from "node:assert/strict";
import { parsePolicyDocument } from "../../policies/lib/iamDocument";
import { unnamedSecretReads } from "../../policies/lib/iamEvaluation";
import { isUnknown } from "../../policies/lib/previewValues";

const PREFIX = "arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/payments/*";
const PINNED = {
    StringEquals: {
        "secretsmanager:ResourceTag/secretset:app": "payments",
        "secretsmanager:ResourceTag/secretset:environment": "prod",
        "secretsmanager:ResourceTag/secretset:classification": ["confidential", "internal"],
    },
};

function readsUnnamed(resource: string, condition: unknown): boolean {
    const statements = parsePolicyDocument(JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["secretsmanager:GetSecretValue"], Resource: [resource], Condition: condition }] }));
    assert.ok(!isUnknown(statements) && statements !== "invalid");
    const reads = unnamedSecretReads(statements);
    assert.ok(!isUnknown(reads));
    return reads.some((r) => r.action === "secretsmanager:GetSecretValue");
}

describe("set-scoped rotator grant (policies/lib/setScopedGrant.ts)", () => {
    it("accepts one set's prefix pinned to its app, environment and non-restricted classes", () => {
        assert.equal(readsUnnamed(PREFIX, PINNED), false);
    });
    const widened: ReadonlyArray<[string, string, unknown]> = [
        ["no condition", PREFIX, undefined],
        ["no classification pin", PREFIX, { StringEquals: { "secretsmanager:ResourceTag/secretset:app": "payments", "secretsmanager:ResourceTag/secretset:environment": "prod" } }],
        ["restricted among the pinned classes", PREFIX, { StringEquals: { ...PINNED.StringEquals, "secretsmanager:ResourceTag/secretset:classification": ["confidential", "restricted"] } }],
        ["app tag of another set", PREFIX, { StringEquals: { ...PINNED.StringEquals, "secretsmanager:ResourceTag/secretset:app": "billing" } }],
        ["several apps allowed", PREFIX, { StringEquals: { ...PINNED.StringEquals, "secretsmanager:ResourceTag/secretset:app": ["payments", "billing"] } }],
        ["environment tag missing", PREFIX, { StringEquals: { "secretsmanager:ResourceTag/secretset:app": "payments", "secretsmanager:ResourceTag/secretset:classification": "confidential" } }],
        ["StringLike instead of StringEquals", PREFIX, { StringLike: PINNED.StringEquals }],
        ["wildcard region", "arn:aws:secretsmanager:*:123456789012:secret:prod/payments/*", PINNED],
        ["wildcard account", "arn:aws:secretsmanager:us-east-1:*:secret:prod/payments/*", PINNED],
        ["every environment", "arn:aws:secretsmanager:us-east-1:123456789012:secret:*/payments/*", PINNED],
        ["every secret of the account", "arn:aws:secretsmanager:us-east-1:123456789012:secret:*", PINNED],
        ["a prefix wider than the set", "arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/*", PINNED],
    ];
    for (const [label, resource, condition] of widened) {
        it(`still an unnamed read: ${label}`, () => {
            assert.equal(readsUnnamed(resource, condition), true);
        });
    }
});
