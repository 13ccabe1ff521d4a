import * as assert from "assert";
import { iamNoSecretReadOnAllResources, iamNoServiceWildcardActions, iamRestrictedGrantsNameResources } from "../../policies/iam";
import { TYPES } from "../../policies/lib/resourceKinds";
import { document, RESTRICTED_ARN, RESTRICTED_NAME, restrictedSecret, rolePolicy, SECRET_ARN } from "./baselines";
import { describeRule } from "./cases";
import { assertNoSentinel, mutate, ResourceInput, runStack, urnOf } from "./util";

const grant = (statement: Record<string, unknown>) => mutate(rolePolicy, (r) => (r.props.policy = document([statement])));
const asType = (input: ResourceInput, type: string) => ({ ...input, type });

describe("policies: iam", () => {
    describeRule(
        iamNoServiceWildcardActions,
        [
            { change: "a role policy grants secretsmanager:*", input: grant({ Effect: "Allow", Action: "secretsmanager:*", Resource: SECRET_ARN }), says: "every `secretsmanager` action" },
            { change: "a managed policy grants ssm:*", input: asType(grant({ Effect: "Allow", Action: ["ssm:*"], Resource: "*" }), TYPES.iamPolicy), says: "every `ssm` action" },
            { change: "a user policy grants KMS:* in upper case", input: asType(grant({ Effect: "Allow", Action: "KMS:*", Resource: "*" }), TYPES.iamUserPolicy), says: "every `kms` action" },
            { change: "a group policy grants *", input: asType(grant({ Effect: "Allow", Action: "*", Resource: "*" }), TYPES.iamGroupPolicy), says: "every `kms` action" },
            { change: "a policy uses NotAction", input: grant({ Effect: "Allow", NotAction: "iam:*", Resource: "*" }), says: "every `secretsmanager` action" },
            { change: "the document is an object, not a string", input: mutate(rolePolicy, (r) => (r.props.policy = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "kms:*", Resource: "*" }] })), says: "every `kms` action" },
        ],
        [
            { change: "a Deny statement names secretsmanager:*", input: grant({ Effect: "Deny", Action: "secretsmanager:*", Resource: "*" }) },
            { change: "a prefix wildcard such as secretsmanager:Describe*", input: grant({ Effect: "Allow", Action: "secretsmanager:Describe*", Resource: SECRET_ARN }) },
            { change: "s3:* is not a secrets service", input: grant({ Effect: "Allow", Action: "s3:*", Resource: "arn:aws:s3:::bucket/*" }) },
        ],
    );

    describeRule(
        iamNoSecretReadOnAllResources,
        [
            { change: "GetSecretValue on *", input: grant({ Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: "*" }), says: "`secretsmanager:GetSecretValue`" },
            { change: "ssm:GetParameter* on *", input: grant({ Effect: "Allow", Action: "ssm:GetParameter*", Resource: ["*"] }), says: "`ssm:GetParametersByPath`" },
            { change: "kms:Decrypt on every key ARN", input: grant({ Effect: "Allow", Action: "kms:Decrypt", Resource: "arn:aws:kms:*:*:key/*" }), says: "`kms:Decrypt`" },
            { change: "every secret by ARN wildcard", input: grant({ Effect: "Allow", Action: "secretsmanager:Get*", Resource: "arn:aws:secretsmanager:*:*:secret:*" }), says: "does not name" },
            { change: "NotResource with a read action", input: grant({ Effect: "Allow", Action: "ssm:GetParameters", NotResource: "arn:aws:ssm:*:*:parameter/admin/*" }), says: "`ssm:GetParameters`" },
        ],
        [
            { change: "ListSecrets on * (it takes no resource)", input: grant({ Effect: "Allow", Action: "secretsmanager:ListSecrets", Resource: "*" }) },
            { change: "reads on named ARNs", input: rolePolicy },
        ],
    );

    describe(iamRestrictedGrantsNameResources.name, () => {
        const restricted = { ...restrictedSecret, props: { ...restrictedSecret.props, arn: RESTRICTED_ARN } };
        const cases: [string, string, boolean][] = [
            ["a wildcard over the app's secrets", `arn:aws:secretsmanager:us-east-1:123456789012:secret:dev/ci-pipeline/*`, true],
            ["every resource", "*", true],
            ["the exact ARN", RESTRICTED_ARN, false],
            ["the name with the ARN suffix left open", `arn:aws:secretsmanager:*:*:secret:${RESTRICTED_NAME}-??????`, false],
            ["another secret only", SECRET_ARN, false],
        ];
        for (const [label, resource, fires] of cases) {
            it(`${fires ? "fires" : "stays silent"} for a grant on ${label}`, async () => {
                const policy = grant({ Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: resource });
                const outcome = await runStack(iamRestrictedGrantsNameResources, [restricted, policy]);
                assert.strictEqual(outcome.violations.length > 0, fires, JSON.stringify(outcome.violations));
                if (fires) {
                    assert.strictEqual(outcome.violations[0].urn, urnOf(policy.type, policy.name));
                    assert.match(outcome.violations[0].message, /must name restricted secret `sm-signing-key`/);
                    assertNoSentinel(outcome);
                }
            });
        }

        it("matches by name while the secret's ARN is unknown", async () => {
            const planned = { ...restrictedSecret, props: { ...restrictedSecret.props, arn: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" } };
            const policy = grant({ Effect: "Allow", Action: "secretsmanager:*", Resource: "arn:aws:secretsmanager:*:*:secret:dev/*" });
            const outcome = await runStack(iamRestrictedGrantsNameResources, [planned, policy]);
            assert.strictEqual(outcome.violations.length, 1);
        });
    });
});
