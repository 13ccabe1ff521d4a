// The generation spec travels from the component to the rotator in one tag value:
// the component's encoder and the Lambda's decoder must agree, and the value must stay
// within AWS's tag rules and not look like a credential to secret scanners.
import * as assert from "assert";
import { credentialKind } from "../../policies/lib/credentials";
import { tagQuotaProblems } from "../../policies/lib/awsQuotas";
import { DATABASE_STRATEGY_KEY, generationSpecFitsTag, generationSpecTag, GENERATION_SPEC_KEY } from "../../components/rotation/rotationTags";
import { STRATEGY_TAG } from "../../components/rotation/rotator/postgres";
import { GENERATION_SPEC_TAG, specFromTags } from "../../components/rotation/rotator";
import type { GenerateSpec } from "../../components/types";

const SPECS: GenerateSpec[] = [
    {},
    { length: 64 },
    { length: 40, minUpper: 3, minNumeric: 3, minSpecial: 2, overrideSpecial: "!#", jsonKey: "password" },
    { length: 24, lower: true, upper: false, numeric: true, special: false, minLower: 1, minNumeric: 4 },
    { overrideSpecial: "+= \"'\\%&*()[]{}<>?~^|`$", jsonKey: "api key+value=é" },
];
const TAG_VALUE_CHARS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

describe("rotator: generation spec tag", () => {
    it("uses the same tag keys on both sides", () => {
        assert.strictEqual(GENERATION_SPEC_TAG, GENERATION_SPEC_KEY);
        assert.strictEqual(STRATEGY_TAG, DATABASE_STRATEGY_KEY);
    });

    for (const spec of SPECS) {
        it(`round-trips ${JSON.stringify(spec)} within AWS's tag rules`, () => {
            const value = generationSpecTag({ ...spec, keepOutOfState: true });
            assert.match(value, TAG_VALUE_CHARS);
            assert.deepStrictEqual(tagQuotaProblems({ [GENERATION_SPEC_KEY]: value }), []);
            assert.deepStrictEqual(specFromTags([{ Key: GENERATION_SPEC_KEY, Value: value }], "s") ?? {}, spec);
        });
    }

    it("reads as plain words, not as a credential", () => {
        const value = generationSpecTag({ length: 48, minUpper: 4, minNumeric: 4, minSpecial: 2, overrideSpecial: "!#%+-=", jsonKey: "clientSecretValue" });
        assert.strictEqual(credentialKind(value, { minLength: 20, minBitsPerChar: 4 }), undefined, value);
    });

    it("refuses a spec too long for one tag value, and a tag it cannot read", () => {
        assert.strictEqual(generationSpecFitsTag({ overrideSpecial: "!".repeat(90) }), false);
        assert.throws(() => specFromTags([{ Key: GENERATION_SPEC_KEY, Value: "length=forty" }], "dev/app/x"), /dev\/app\/x: its `secretset:generate` tag has an unreadable field `length`/);
        assert.strictEqual(specFromTags([{ Key: "other", Value: "x" }], "s"), undefined);
    });
});
