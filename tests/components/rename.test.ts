// A rename through `renamedFrom` must move resources, never replace them
// (found by the real engine, tests/realEngine/lifecycle.test.ts): stored names
// stay the previous ones (SSM, Secrets Manager and Vault cannot rename in place,
// so a new `name` means delete + create), and every child named after the key
// — rotation, the rotator's invoke permission, the Vault rotation schedule —
// aliases its previous name.
import * as assert from "assert";
import { SecretSet } from "../../components/secretSet";
import type { SecretSetArgs } from "../../components/secretSetArgs";
import { useAccessMocks } from "../access/accessMocks";
import { promiseOf } from "../helpers/mocks";
import { dockerExample } from "./exampleArgs";

function renamed(args: SecretSetArgs, renames: Record<string, string>): SecretSetArgs {
    const secrets: Record<string, SecretSetArgs["secrets"][string]> = {};
    for (const [key, declaration] of Object.entries(args.secrets)) {
        const to = renames[key];
        secrets[to ?? key] = to === undefined ? declaration : { ...declaration, renamedFrom: key };
    }
    const values = Object.fromEntries(Object.entries(args.values ?? {}).map(([key, value]) => [renames[key] ?? key, value]));
    return { ...args, secrets, values };
}

describe("SecretSet rename (renamedFrom)", () => {
    // The access mocks give the rotator Lambda its ARN, which the rotations wait for.
    const mocks = useAccessMocks();
    beforeEach(() => mocks.reset());

    async function build(args: SecretSetArgs): Promise<string> {
        const set = new SecretSet("ci", args);
        await promiseOf(set.manifest);
        // Rotations register once the rotator's role policy and Lambda exist.
        await Promise.all(Object.values(set.rotation?.rotations ?? {}).map((rotation) => promiseOf(rotation.urn)));
        await mocks.settled();
        return promiseOf(set.urn);
    }

    it("keeps the stored names of the previous key in every store", async () => {
        await build(renamed(dockerExample(), { "docker-password": "registry-password", "docker-username": "registry-user", "partner-token": "agent-token" }));
        assert.strictEqual(mocks.find("aws:secretsmanager/secret:Secret", "ci-secret-registry-password").inputs.name, "dev/ci-pipeline/docker-password");
        assert.strictEqual(mocks.find("aws:ssm/parameter:Parameter", "ci-ssm-registry-user").inputs.name, "/dev/ci-pipeline/docker-username");
        assert.strictEqual(mocks.find("vault:kv/secretV2:SecretV2", "ci-vault-agent-token").inputs.name, "dev/ci-pipeline/partner-token");
    });

    it("aliases the rotation, the rotator's invoke permission and the Vault schedule to their previous names", async () => {
        const parentUrn = await build(renamed(dockerExample(), { "signing-key": "image-signing-key", "partner-token": "agent-token" }));
        assert.deepStrictEqual(mocks.find("aws:secretsmanager/secretRotation:SecretRotation", "ci-rotation-image-signing-key").options.aliases, [{ name: "ci-rotation-signing-key", parentUrn }]);
        const permission = mocks.byType("aws:lambda/permission:Permission").find((p) => p.name.endsWith("-invoke-image-signing-key"));
        assert.ok(permission, "the restricted secret has its own invoke permission");
        assert.deepStrictEqual(permission.options.aliases, [{ name: permission.name.replace(/image-signing-key$/, "signing-key"), parentUrn }]);
        assert.deepStrictEqual(mocks.find("time:index/rotating:Rotating", "ci-rotation-schedule-agent-token").options.aliases, [{ name: "ci-rotation-schedule-partner-token", parentUrn }]);
    });

    it("adds no alias to secrets that were not renamed", async () => {
        await build(renamed(dockerExample(), { "partner-token": "agent-token" }));
        assert.deepStrictEqual(mocks.find("aws:secretsmanager/secretRotation:SecretRotation", "ci-rotation-signing-key").options.aliases, []);
    });
});
