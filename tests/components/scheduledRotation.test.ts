// Rotation of values that SecretSet writes itself (SSM parameters, Vault secrets):
// a generated value is renewed on a schedule (time.Rotating as the generator's
// keeper); a config value is rotated by nobody, which is said, and never ignored.
import * as assert from "assert";
import { ROTATION_DAYS_KEY } from "../../policies/lib/classification";
import { SecretSet } from "../../components/secretSet";
import type { SecretSetArgs } from "../../components/secretSetArgs";
import { capturePrinted, promiseOf, useMocks } from "../helpers/mocks";

const SSM = "aws:ssm/parameter:Parameter";
const ROTATING = "time:index/rotating:Rotating";
const PASSWORD = "random:index/randomPassword:RandomPassword";
const SENTINEL = "SSM-ROTATION-SENTINEL-5d1e";

describe("SecretSet scheduled rotation of SSM values", () => {
    const mocks = useMocks();

    async function build(args: SecretSetArgs): Promise<string> {
        const { printed, error } = await capturePrinted(async () => {
            const set = new SecretSet("app", args);
            await promiseOf(set.manifest);
            await mocks.settled();
        });
        assert.strictEqual(error, undefined);
        return printed;
    }

    const base: SecretSetArgs = { app: "app", environment: "dev", owner: "team", secrets: {} };

    it("renews a generated internal parameter on its schedule and records the days in a tag", async () => {
        await build({ ...base, secrets: { "api-salt": { classification: "internal", generate: { length: 32 }, rotation: { days: 45 } } } });
        const rotating = mocks.find(ROTATING, "app-rotation-schedule-api-salt");
        assert.strictEqual(rotating.inputs.rotationDays, 45);
        const password = mocks.find(PASSWORD, "app-generated-api-salt");
        assert.ok(password.inputs.keepers, "the generator has no keeper, so the schedule would change nothing");
        const parameter = mocks.find(SSM, "app-ssm-api-salt");
        assert.strictEqual(parameter.inputs.tags[ROTATION_DAYS_KEY], "45");
        // The new value must be written: a rotated parameter does not ignore its value.
        assert.deepStrictEqual(parameter.options.ignoreChanges, []);
    });

    it("keeps a manual parameter's value: no schedule, ignoreChanges, owner and interval tags, nothing printed", async () => {
        const printed = await build({
            ...base,
            secrets: { "docker-username": { classification: "internal", rotation: { mode: "manual", owner: "platform-team", days: 30 } } },
            values: { "docker-username": { value: SENTINEL, fromSecretConfig: true } },
        });
        assert.ok(!printed.includes(SENTINEL));
        assert.deepStrictEqual(mocks.byType(ROTATING), []);
        const parameter = mocks.find(SSM, "app-ssm-docker-username");
        assert.deepStrictEqual(parameter.options.ignoreChanges, ["value"]);
        assert.strictEqual(parameter.inputs.tags[ROTATION_DAYS_KEY], "30");
        assert.strictEqual(parameter.inputs.tags["secretset:rotation-mode"], "manual");
        assert.strictEqual(parameter.inputs.tags["secretset:rotation-owner"], "platform-team");
    });

    it("keeps ignoring the value of an external parameter, which someone else writes", async () => {
        await build({ ...base, secrets: { "vendor-key": { classification: "internal", external: true } } });
        assert.deepStrictEqual(mocks.find(SSM, "app-ssm-vendor-key").options.ignoreChanges, ["value"]);
    });
});
