// The Vault read policy renderer (pure; tests/realServers/vaultPolicy.test.ts loads it into OpenBao).
import * as assert from "node:assert/strict";
import { renderVaultReadPolicy } from "../../components/vaultPolicyDocument";

const rule = (path: string) => `path "${path}" {\n  capabilities = ["read"]\n}\n`;
const rulesOf = (hcl: string) => [...hcl.matchAll(/^path "([^"]+)"/gm)].map((m) => m[1]);

describe("renderVaultReadPolicy", () => {
    it("grants read on the data path of each exact secret path", () => {
        const hcl = renderVaultReadPolicy({ mount: "secret", paths: ["dev/ci-pipeline/partner-token"] });
        assert.ok(hcl.includes(rule("secret/data/dev/ci-pipeline/partner-token")));
        assert.deepEqual(rulesOf(hcl), ["secret/data/dev/ci-pipeline/partner-token"]);
        assert.ok(!hcl.includes("metadata"));
    });

    it("adds the metadata path only when asked", () => {
        const hcl = renderVaultReadPolicy({ mount: "kv/team", paths: ["dev/app/b", "dev/app/a"], includeMetadata: true });
        assert.deepEqual(rulesOf(hcl), ["kv/team/data/dev/app/a", "kv/team/metadata/dev/app/a", "kv/team/data/dev/app/b", "kv/team/metadata/dev/app/b"]);
    });

    it("renders the same document for the same grant in any order, without duplicates", () => {
        const a = renderVaultReadPolicy({ mount: "secret", paths: ["dev/app/y", "dev/app/x", "dev/app/y"] });
        const b = renderVaultReadPolicy({ mount: "secret", paths: ["dev/app/x", "dev/app/y"] });
        assert.equal(a, b);
        assert.equal(rulesOf(a).length, 2);
    });

    it("grants read and nothing else", () => {
        const hcl = renderVaultReadPolicy({ mount: "secret", paths: ["dev/app/x", "dev/app/y"], includeMetadata: true });
        const capabilities = [...hcl.matchAll(/capabilities = (\[.*\])/g)].map((m) => m[1]);
        assert.equal(capabilities.length, 4);
        assert.ok(capabilities.every((c) => c === '["read"]'));
    });

    const refused: Array<[string, { mount: string; paths: string[] }, RegExp]> = [
        ["a `*` in a path", { mount: "secret", paths: ["dev/app/*"] }, /path `dev\/app\/\*` contains a wildcard/],
        ["a `+` segment", { mount: "secret", paths: ["dev/+/token"] }, /contains a wildcard/],
        ["a `*` in the mount", { mount: "sec*", paths: ["dev/app/x"] }, /`mount` `sec\*` contains a wildcard/],
        ["a `..` segment", { mount: "secret", paths: ["dev/app/../../prod/app/x"] }, /contains a `\.` or `\.\.` segment/],
        ["a leading slash", { mount: "secret", paths: ["/dev/app/x"] }, /no leading or trailing `\/`/],
        ["a trailing slash (a whole folder)", { mount: "secret", paths: ["dev/app/"] }, /is not a plain path/],
        ["an empty segment", { mount: "secret", paths: ["dev//x"] }, /is not a plain path/],
        ["a quote (HCL injection)", { mount: "secret", paths: ['dev/app/x" {}\npath "secret/data/prod'] }, /is not a plain path/],
        ["an empty mount", { mount: "", paths: ["dev/app/x"] }, /is not a plain path/],
        ["no paths", { mount: "secret", paths: [] }, /`paths` is empty/],
    ];
    for (const [label, args, message] of refused) {
        it(`refuses ${label}`, () => assert.throws(() => renderVaultReadPolicy(args), message));
    }
});
