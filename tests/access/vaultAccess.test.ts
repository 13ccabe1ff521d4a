import * as assert from "assert";
import { APPROLE_MAX_TTL_SECONDS, appRoleProblems, createVaultReadAccess } from "../../components/vaultAccess";

describe("access: AppRole TTL validation", () => {
    const cases: [string, Record<string, unknown>, string | undefined, RegExp | undefined][] = [
        ["bounded TTLs", { tokenTtlSeconds: 3600, tokenMaxTtlSeconds: 14400 }, undefined, undefined],
        ["equal TTLs", { tokenTtlSeconds: 600, tokenMaxTtlSeconds: 600 }, undefined, undefined],
        ["the one-day ceiling", { tokenTtlSeconds: APPROLE_MAX_TTL_SECONDS, tokenMaxTtlSeconds: APPROLE_MAX_TTL_SECONDS, secretIdTtlSeconds: APPROLE_MAX_TTL_SECONDS }, undefined, undefined],
        ["no TTL", { tokenMaxTtlSeconds: 600 }, "appRole.tokenTtlSeconds", /`appRole.tokenTtlSeconds` is required; tokens must expire/],
        ["no max TTL", { tokenTtlSeconds: 600 }, "appRole.tokenMaxTtlSeconds", /`appRole.tokenMaxTtlSeconds` is required/],
        ["TTL over max TTL", { tokenTtlSeconds: 601, tokenMaxTtlSeconds: 600 }, "appRole.tokenTtlSeconds", /\(601\) exceeds `appRole.tokenMaxTtlSeconds` \(600\); lower the TTL or raise the max TTL/],
        ["a max TTL over a day", { tokenTtlSeconds: 600, tokenMaxTtlSeconds: APPROLE_MAX_TTL_SECONDS + 1 }, "appRole.tokenMaxTtlSeconds", /from 1 to 86400/],
        ["a zero TTL", { tokenTtlSeconds: 0, tokenMaxTtlSeconds: 600 }, "appRole.tokenTtlSeconds", /whole number of seconds/],
        ["a fractional TTL", { tokenTtlSeconds: 1.5, tokenMaxTtlSeconds: 600 }, "appRole.tokenTtlSeconds", /whole number of seconds/],
        ["a string TTL", { tokenTtlSeconds: "1h", tokenMaxTtlSeconds: 600 }, "appRole.tokenTtlSeconds", /whole number of seconds/],
        ["a secret ID TTL over a day", { tokenTtlSeconds: 60, tokenMaxTtlSeconds: 60, secretIdTtlSeconds: 10 ** 6 }, "appRole.secretIdTtlSeconds", /from 1 to 86400/],
        ["an unknown field", { tokenTtlSeconds: 60, tokenMaxTtlSeconds: 60, ttl: 5 }, "appRole.ttl", /Unknown field `appRole.ttl`/],
        ["a bad mount path", { tokenTtlSeconds: 60, tokenMaxTtlSeconds: 60, mountPath: "/*" }, "appRole.mountPath", /must be a Vault path/],
    ];
    for (const [what, settings, field, message] of cases) {
        it(field === undefined ? `accepts ${what}` : `reports ${what}`, () => {
            const problems = appRoleProblems(settings as any);
            if (field === undefined) {
                assert.deepStrictEqual(problems, []);
            } else {
                assert.ok(problems.some((p) => p.field === field && message!.test(p.message)), JSON.stringify(problems));
            }
        });
    }

    it("refuses to create a Vault policy that grants no path", () => {
        assert.throws(() => createVaultReadAccess("x", { policyName: "p", mount: "secret", paths: [] }), /would grant nothing/);
    });
});
