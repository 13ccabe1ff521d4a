// The pack's AWS quota rules, each at its boundary: exactly the limit passes, one
// over fires. Sizes are built to the character, the way AWS counts them.
import * as assert from "assert";
import { AWS_QUOTAS, iamPolicySize, LAMBDA_POLICY_WRAPPER_BYTES, lambdaPermissionStatementBytes } from "../../policies/lib/awsQuotas";
import {
    quotaIamInlinePoliciesSize,
    quotaIamManagedPolicySize,
    quotaIamTrustPolicySize,
    quotaLambdaEnvironmentSize,
    quotaLambdaResourcePolicySize,
    quotaResourceNames,
    quotaSecretsManagerValueSize,
    quotaTags,
} from "../../policies/quotas";
import { ssmTierFitsValue } from "../../policies/ssm";
import { internalParameter, lambdaFunction } from "./baselines";
import { describeRule } from "./cases";
import { assertNoSentinel, mutate, ResourceInput, runStack, secret, SENTINEL, StackInput, UNKNOWN_INPUT } from "./util";

/** An IAM document of exactly `chars` characters as IAM counts them (no whitespace), pretty-printed to prove whitespace is ignored. */
function documentOfSize(chars: number): string {
    const build = (padding: string) => ({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: `arn:aws:s3:::b${padding}` }] });
    const base = iamPolicySize(build(""));
    const document = JSON.stringify(build("x".repeat(chars - base)), null, 4);
    assert.equal(iamPolicySize(document), chars);
    return document;
}
/** A value of exactly `bytes` UTF-8 bytes made of the sentinel, so a leak would show. */
const valueOf = (bytes: number) => SENTINEL.repeat(Math.ceil(bytes / SENTINEL.length)).slice(0, bytes);

const managedPolicy: ResourceInput = { type: "aws:iam/policy:Policy", name: "reader", props: { name: "reader", policy: documentOfSize(200) } };
const role: ResourceInput = { type: "aws:iam/role:Role", name: "builder", props: { name: "builder", assumeRolePolicy: documentOfSize(300) } };
const version: ResourceInput = { type: "aws:secretsmanager/secretVersion:SecretVersion", name: "docker-password-version", props: { secretId: "x", secretString: secret("short") } };

/** Environment variables of exactly `bytes` bytes (keys + values). */
function environmentOf(bytes: number): Record<string, string> {
    return { CONFIG: valueOf(bytes - "CONFIG".length) };
}

describe("policies: AWS quotas", () => {
    const managed = AWS_QUOTAS.iamManagedPolicyChars.limit;
    describeRule(
        quotaIamManagedPolicySize,
        [{ change: "a managed policy is one character over 6,144", input: mutate(managedPolicy, (r) => (r.props.policy = documentOfSize(managed + 1))), says: "6,144" }],
        [
            { change: "a managed policy is exactly 6,144 characters", input: mutate(managedPolicy, (r) => (r.props.policy = documentOfSize(managed))) },
            { change: "the document is unknown during preview", input: mutate(managedPolicy, (r) => (r.props.policy = UNKNOWN_INPUT)) },
        ],
    );

    const trust = AWS_QUOTAS.iamRoleTrustPolicyChars.limit;
    describeRule(
        quotaIamTrustPolicySize,
        [{ change: "a trust policy is one character over 2,048", input: mutate(role, (r) => (r.props.assumeRolePolicy = documentOfSize(trust + 1))), says: "2,048" }],
        [{ change: "a trust policy is exactly 2,048 characters", input: mutate(role, (r) => (r.props.assumeRolePolicy = documentOfSize(trust))) }],
    );

    const environment = AWS_QUOTAS.lambdaEnvironmentBytes.limit;
    describeRule(
        quotaLambdaEnvironmentSize,
        [
            { change: "the environment is one byte over 4 KB", input: mutate(lambdaFunction, (r) => (r.props.environment = { variables: environmentOf(environment + 1) })), says: "4,096" },
            { change: "a secret environment value pushes it over", input: mutate(lambdaFunction, (r) => (r.props.environment = { variables: { A: secret(valueOf(environment)) } })), says: "4,097" },
        ],
        [
            { change: "the environment is exactly 4 KB", input: mutate(lambdaFunction, (r) => (r.props.environment = { variables: environmentOf(environment) })) },
            { change: "a variable is unknown during preview", input: mutate(lambdaFunction, (r) => (r.props.environment = { variables: { A: UNKNOWN_INPUT, B: valueOf(5000) } })) },
        ],
    );

    const secretBytes = AWS_QUOTAS.secretsManagerValueBytes.limit;
    describeRule(
        quotaSecretsManagerValueSize,
        [
            { change: "a secret string is one byte over 64 KB", input: mutate(version, (r) => (r.props.secretString = secret(valueOf(secretBytes + 1)))), says: "65,536" },
            { change: "multi-byte characters push a string over", input: mutate(version, (r) => (r.props.secretString = secret("é".repeat(secretBytes / 2) + "a"))), says: "65,537" },
            { change: "a binary secret decodes to one byte over", input: mutate(version, (r) => { delete r.props.secretString; r.props.secretBinary = secret(Buffer.alloc(secretBytes + 1, 7).toString("base64")); }), says: "65,537" },
        ],
        [
            { change: "a secret string is exactly 64 KB", input: mutate(version, (r) => (r.props.secretString = secret(valueOf(secretBytes)))) },
            { change: "a binary secret decodes to exactly 64 KB", input: mutate(version, (r) => { delete r.props.secretString; r.props.secretBinary = secret(Buffer.alloc(secretBytes, 7).toString("base64")); }) },
        ],
    );

    // The SSM tiers are the quota rule `ssm-tier-fits-value` (same table); its Advanced boundary here.
    const advanced = AWS_QUOTAS.ssmAdvancedValueBytes.limit;
    describeRule(
        ssmTierFitsValue,
        [
            { change: "an Advanced parameter is one byte over 8 KB", input: mutate(internalParameter, (r) => { r.props.tier = "Advanced"; r.props.value = secret(valueOf(advanced + 1)); }), says: "8192" },
            { change: "an Intelligent-Tiering parameter is one byte over 8 KB", input: mutate(internalParameter, (r) => { r.props.tier = "Intelligent-Tiering"; r.props.value = secret(valueOf(advanced + 1)); }), says: "8192" },
        ],
        [
            { change: "an Advanced parameter is exactly 8 KB", input: mutate(internalParameter, (r) => { r.props.tier = "Advanced"; r.props.value = secret(valueOf(advanced)); }) },
            { change: "an Intelligent-Tiering parameter is exactly 8 KB (it picks Advanced)", input: mutate(internalParameter, (r) => { r.props.tier = "Intelligent-Tiering"; r.props.value = secret(valueOf(advanced)); }) },
        ],
    );

    const tags = (count: number) => Object.fromEntries(Array.from({ length: count }, (_, i) => [`team:tag-${i}`, "x"]));
    describeRule(
        quotaTags,
        [
            { change: "a resource has 51 tags", input: mutate(role, (r) => (r.props.tags = tags(51))), says: "51 tags" },
            { change: "a tag key has 129 characters", input: mutate(role, (r) => (r.props.tags = { ["k".repeat(129)]: "v" })), says: "128" },
            { change: "a tag value has 257 characters", input: mutate(role, (r) => (r.props.tags = { owner: SENTINEL.repeat(13).slice(0, 257) })), says: "257 characters" },
        ],
        [
            { change: "a resource has 50 tags, a 128-character key and a 256-character value", input: mutate(role, (r) => (r.props.tags = { ...tags(48), ["k".repeat(128)]: "v", owner: "v".repeat(256) })) },
            { change: "AWS's own aws: tags come on top of 50", input: mutate(role, (r) => (r.props.tags = { ...tags(50), "aws:cloudformation:stack-name": "x" })) },
        ],
    );

    describeRule(
        quotaResourceNames,
        [
            { change: "a Lambda function name has 65 characters", input: mutate(lambdaFunction, (r) => (r.props.name = "f".repeat(65))), says: "64 characters" },
            { change: "a role name has 65 characters", input: mutate(role, (r) => (r.props.name = "r".repeat(65))), says: "64 characters" },
            { change: "a secret name has 513 characters", input: { type: "aws:secretsmanager/secret:Secret", name: "long", props: { name: "s".repeat(513) } }, says: "512" },
            { change: "an SSM name has 1,012 characters", input: mutate(internalParameter, (r) => (r.props.name = `/${"p".repeat(1011)}`)), says: "1,011" },
        ],
        [
            { change: "the names are exactly at their limits", input: mutate(lambdaFunction, (r) => (r.props.name = "f".repeat(64))) },
            { change: "a secret name is exactly 512 characters", input: { type: "aws:secretsmanager/secret:Secret", name: "long", props: { name: "s".repeat(512) } } },
        ],
    );

    describe(quotaIamInlinePoliciesSize.name, () => {
        const limit = AWS_QUOTAS.iamRoleInlinePoliciesChars.limit;
        const rolePolicy = (name: string, chars: number, roleRef: string | undefined): StackInput => ({
            type: "aws:iam/rolePolicy:RolePolicy",
            name,
            props: { role: roleRef ?? UNKNOWN_INPUT, policy: documentOfSize(chars) },
            ...(roleRef === undefined ? { propertyDependencies: { role: ["builder"] } } : {}),
        });
        const run = (stack: StackInput[]) => runStack(quotaIamInlinePoliciesSize, stack);

        it("sums a role's inline policies (by dependency, by name and on the role itself) and fires one character over 10,240", async () => {
            const withInline = mutate(role, (r) => (r.props.inlinePolicies = [{ name: "inline", policy: documentOfSize(1000) }]));
            const exactly = await run([withInline, rolePolicy("a", limit - 1000 - 3000, undefined), rolePolicy("b", 3000, "builder")]);
            assert.deepStrictEqual(exactly.violations, []);
            const over = await run([withInline, rolePolicy("a", limit - 1000 - 3000 + 1, undefined), rolePolicy("b", 3000, "builder")]);
            assert.equal(over.violations.length, 1);
            assert.match(over.violations[0].message, /IAM role `builder` must have inline policies of at most 10,240/);
            assert.match(over.violations[0].message, /10,241/);
        });

        it("applies the user (2,048) and group (5,120) limits", async () => {
            const user: StackInput = { type: "aws:iam/user:User", name: "ci", props: { name: "ci" } };
            const userPolicy = (chars: number): StackInput => ({ type: "aws:iam/userPolicy:UserPolicy", name: "p", props: { user: "ci", policy: documentOfSize(chars) } });
            assert.deepStrictEqual((await run([user, userPolicy(AWS_QUOTAS.iamUserInlinePoliciesChars.limit)])).violations, []);
            assert.match((await run([user, userPolicy(AWS_QUOTAS.iamUserInlinePoliciesChars.limit + 1)])).violations[0].message, /IAM user `ci`.*2,048/);
            const groupPolicy = (chars: number): StackInput => ({ type: "aws:iam/groupPolicy:GroupPolicy", name: "g", props: { group: "devs", policy: documentOfSize(chars) } });
            assert.deepStrictEqual((await run([groupPolicy(AWS_QUOTAS.iamGroupInlinePoliciesChars.limit)])).violations, []);
            assert.match((await run([groupPolicy(AWS_QUOTAS.iamGroupInlinePoliciesChars.limit + 1)])).violations[0].message, /IAM group `devs`.*5,120/);
        });

        it("never echoes a policy's text", async () => {
            const leaky = mutate(role, (r) => (r.props.inlinePolicies = [{ name: "inline", policy: JSON.stringify({ Statement: [{ Sid: SENTINEL, Resource: "x".repeat(limit) }] }) }]));
            const outcome = await run([leaky]);
            assert.equal(outcome.violations.length, 1);
            assertNoSentinel(outcome);
        });
    });
});

describe("policies: AWS quotas: a Lambda function's resource-based policy", () => {
    const FUNCTION_ARN = "arn:aws:lambda:us-east-1:123456789012:function:registry-token-rotator";
    const fn: StackInput = { type: "aws:lambda/function:Function", name: "rotator", props: { name: "registry-token-rotator" } };
    const permission = (i: number, byDependency: boolean): StackInput => ({
        type: "aws:lambda/permission:Permission",
        name: `invoke-${i}`,
        props: {
            function: byDependency ? UNKNOWN_INPUT : FUNCTION_ARN,
            principal: "secretsmanager.amazonaws.com",
            sourceArn: `arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/payments/credential-${String(i).padStart(4, "0")}-AbCdEf`,
            sourceAccount: "123456789012",
        },
        ...(byDependency ? { propertyDependencies: { function: ["rotator"] } } : {}),
    });
    const statement = lambdaPermissionStatementBytes(FUNCTION_ARN, "secretsmanager.amazonaws.com", permission(0, false).props.sourceArn as string);
    const fits = Math.floor((AWS_QUOTAS.lambdaResourcePolicyBytes.limit - LAMBDA_POLICY_WRAPPER_BYTES) / statement);

    it("stays silent at the most permissions that fit, and fires one over (by ARN and by dependency)", async () => {
        for (const byDependency of [false, true]) {
            const at = await runStack(quotaLambdaResourcePolicySize, [fn, ...Array.from({ length: fits }, (_, i) => permission(i, byDependency))]);
            assert.deepStrictEqual(at.violations, [], `${fits} permissions`);
            const over = await runStack(quotaLambdaResourcePolicySize, [fn, ...Array.from({ length: fits + 1 }, (_, i) => permission(i, byDependency))]);
            assert.strictEqual(over.violations.length, 1);
            assert.match(over.violations[0].message, new RegExp(`Lambda function \`rotator\` must keep its resource-based policy within 20,480 bytes; its ${fits + 1} invoke permissions`));
        }
    });
});
