// The pack's rotation-mode rules: a manual secret names owner and interval within its
// class limit, and nothing in the stack can overwrite it.
import * as assert from "assert";
import { ROTATION_DAYS_KEY, ROTATION_MODE_KEY, ROTATION_OWNER_KEY } from "../../policies/lib/classification";
import { rotationManualNotOverwritten, rotationManualOwnerAndInterval } from "../../policies/rotation";
import { stackSecretRotationSchedule } from "../../policies/stack";
import { iamRestrictedGrantsNameResources } from "../../policies/iam";
import { confidentialSecret, document, internalParameter, RESTRICTED_ARN, restrictedSecret, rolePolicy, rotation, SECRET_ARN, vaultSecret } from "./baselines";
import { describeRule } from "./cases";
import { mutate, ResourceInput, runStack, secret, SENTINEL, StackInput, UNKNOWN_INPUT } from "./util";

const manualTags = (days: string, owner = "platform-team") => ({ [ROTATION_MODE_KEY]: "manual", [ROTATION_OWNER_KEY]: owner, [ROTATION_DAYS_KEY]: days });
const withTags = (base: ResourceInput, extra: Record<string, string>) => mutate(base, (r) => (r.props.tags = { ...(r.props.tags as object), ...extra }));
const manualSecret = withTags(confidentialSecret, manualTags("90"));
const manualVault = mutate(vaultSecret, (r) => {
    const metadata = r.props.customMetadata as { data: Record<string, string> };
    metadata.data = { ...metadata.data, ...manualTags("30") };
});

describe("policies: rotation", () => {
    describeRule(
        rotationManualOwnerAndInterval,
        [
            { change: "a manual secret has no owner tag", input: mutate(manualSecret, (r) => delete (r.props.tags as Record<string, string>)[ROTATION_OWNER_KEY]), says: ROTATION_OWNER_KEY },
            { change: "a manual secret's owner is blank", input: withTags(confidentialSecret, manualTags("90", "  ")), says: ROTATION_OWNER_KEY },
            { change: "a manual secret has no interval", input: mutate(manualSecret, (r) => delete (r.props.tags as Record<string, string>)[ROTATION_DAYS_KEY]), says: "whole number of days" },
            { change: "a manual interval is not a number", input: withTags(confidentialSecret, manualTags("quarterly")), says: "whole number of days" },
            { change: "a confidential manual interval is 91 days", input: withTags(confidentialSecret, manualTags("91")), says: "at least every 90 days" },
            { change: "a restricted manual interval is 31 days", input: withTags(restrictedSecret, manualTags("31")), says: "at least every 30 days" },
            { change: "the pack config tightens confidential to 60 days", input: withTags(confidentialSecret, manualTags("61")), says: "at least every 60 days", config: { confidentialMaxRotationDays: 60 } },
            { change: "an SSM parameter is manual without an owner", input: withTags(internalParameter, { [ROTATION_MODE_KEY]: "manual", [ROTATION_DAYS_KEY]: "30" }), says: ROTATION_OWNER_KEY },
            { change: "a Vault secret is manual over its class limit", input: mutate(manualVault, (r) => ((r.props.customMetadata as { data: Record<string, string> }).data[ROTATION_DAYS_KEY] = "120")), says: "at least every 90 days" },
            { change: "the mode is unknown", input: withTags(confidentialSecret, { [ROTATION_MODE_KEY]: "sometimes" }), says: "one of `generated`, `lambda`, `database`, `manual`" },
        ],
        [
            { change: "a manual secret has owner and 90 days", input: manualSecret },
            { change: "a restricted manual secret rotates every 30 days", input: withTags(restrictedSecret, manualTags("30")) },
            { change: "a generated secret needs no owner", input: withTags(confidentialSecret, { [ROTATION_MODE_KEY]: "generated", [ROTATION_DAYS_KEY]: "90" }) },
            { change: "a secret has no mode tag", input: confidentialSecret },
            { change: "a manual Vault secret is complete", input: manualVault },
            { change: "the tags are unknown during preview", input: mutate(confidentialSecret, (r) => (r.props.tags = UNKNOWN_INPUT)) },
        ],
    );

    describe(rotationManualNotOverwritten.name, () => {
        const secretOut: StackInput = { ...manualSecret, props: { ...manualSecret.props, arn: SECRET_ARN } };
        const version = (ignoreChanges: string[]): StackInput => ({
            type: "aws:secretsmanager/secretVersion:SecretVersion",
            name: "sm-docker-password-version",
            props: { secretId: SECRET_ARN, secretString: secret(SENTINEL) },
            opts: { ignoreChanges },
        });
        const manualParameter = (ignoreChanges: string[]): StackInput => ({ ...withTags(internalParameter, manualTags("30")), opts: { ignoreChanges } });
        const run = (stack: StackInput[]) => runStack(rotationManualNotOverwritten, stack);

        it("stays silent when the manual secret's value ignores changes and nothing rotates it", async () => {
            assert.deepStrictEqual((await run([secretOut, version(["secretString"]), manualParameter(["value"])])).violations, []);
        });

        it("fires when a SecretRotation targets a manual secret (by ARN or by dependency)", async () => {
            const byArn = await run([secretOut, version(["secretString"]), rotation]);
            assert.match(byArn.violations.map((v) => v.message).join("\n"), /rotation `rotation-docker-password` must not target a secret rotated manually/);
            const byDependency = await run([secretOut, { ...rotation, props: { ...rotation.props, secretId: UNKNOWN_INPUT }, propertyDependencies: { secretId: [manualSecret.name] } }]);
            assert.strictEqual(byDependency.violations.length, 1);
        });

        it("fires when `pulumi up` would put the old value back", async () => {
            const outcome = await run([secretOut, version([]), manualParameter([])]);
            const messages = outcome.violations.map((v) => v.message).join("\n");
            assert.match(messages, /version `sm-docker-password-version` belongs to a secret rotated manually and must ignore changes to `secretString`/);
            assert.match(messages, /SSM parameter `ssm-docker-username` is rotated manually and must ignore changes/);
            assert.ok(!messages.includes(SENTINEL));
        });
    });

    describe("stack-secret-rotation-schedule and manual secrets", () => {
        it("does not ask a manual secret for a SecretRotation, and still asks every other one", async () => {
            assert.deepStrictEqual((await runStack(stackSecretRotationSchedule, [{ ...manualSecret, props: { ...manualSecret.props, arn: SECRET_ARN } }])).violations, []);
            const generated = withTags(confidentialSecret, { [ROTATION_MODE_KEY]: "generated" });
            assert.strictEqual((await runStack(stackSecretRotationSchedule, [generated])).violations.length, 1);
        });
    });
});

describe("policies: iam-restricted-grants-name-resources and tag conditions (attribute-based rotator grants)", () => {
    const restricted: StackInput = { ...restrictedSecret, props: { ...restrictedSecret.props, arn: RESTRICTED_ARN } };
    const prefix = "arn:aws:secretsmanager:us-east-1:123456789012:secret:dev/ci-pipeline/*";
    const policyWith = (condition: Record<string, unknown> | undefined): StackInput =>
        mutate(rolePolicy, (r) => (r.props.policy = document([{ Effect: "Allow", Action: ["secretsmanager:GetSecretValue", "secretsmanager:PutSecretValue"], Resource: prefix, ...(condition ? { Condition: condition } : {}) }])));
    const fires = async (condition: Record<string, unknown> | undefined) => (await runStack(iamRestrictedGrantsNameResources, [restricted, policyWith(condition)])).violations.length > 0;
    const CLASS_TAG = "secretsmanager:ResourceTag/secretset:classification";

    it("lets a prefix grant pass when StringEquals pins it to classes that are not restricted", async () => {
        assert.strictEqual(await fires({ StringEquals: { [CLASS_TAG]: ["confidential"], "secretsmanager:ResourceTag/secretset:app": "ci-pipeline" } }), false);
        assert.strictEqual(await fires({ StringEquals: { "aws:ResourceTag/secretset:classification": "internal" } }), false);
    });

    it("still fires when the pin includes restricted, is missing, or does not pin exactly", async () => {
        assert.strictEqual(await fires(undefined), true);
        assert.strictEqual(await fires({ StringEquals: { [CLASS_TAG]: ["confidential", "restricted"] } }), true);
        assert.strictEqual(await fires({ StringLike: { [CLASS_TAG]: "conf*" } }), true);
        assert.strictEqual(await fires({ StringEqualsIfExists: { [CLASS_TAG]: "confidential" } }), true);
        assert.strictEqual(await fires({ StringEquals: { "secretsmanager:ResourceTag/secretset:app": "ci-pipeline" } }), true);
    });
});
