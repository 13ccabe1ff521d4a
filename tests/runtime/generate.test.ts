// Value generation and checking of the generic rotator (pure, no server).
import * as assert from "node:assert/strict";
import {
    DEFAULT_SPECIAL,
    generateValue,
    nextSecretString,
    parseGenerationSpecs,
    specViolations,
} from "../../components/rotation/rotator/generate";
import type { GenerateSpec } from "../../components/types";

const SENTINEL = "SENTINEL-gen-91c2";
const count = (value: string, pattern: RegExp) => (value.match(pattern) ?? []).length;

describe("rotator value generation", () => {
    it("defaults to 32 characters from all four classes", () => {
        const value = generateValue();
        assert.equal(value.length, 32);
        const allowed = new Set(`abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789${DEFAULT_SPECIAL}`);
        assert.ok([...value].every((ch) => allowed.has(ch)));
    });

    it("honours every minimum, even when they fill the whole length", () => {
        const spec: GenerateSpec = { length: 8, minLower: 2, minUpper: 2, minNumeric: 2, minSpecial: 2, overrideSpecial: "%^" };
        for (let i = 0; i < 200; i++) {
            const value = generateValue(spec);
            assert.equal(value.length, 8);
            assert.equal(count(value, /[a-z]/g), 2);
            assert.equal(count(value, /[A-Z]/g), 2);
            assert.equal(count(value, /[0-9]/g), 2);
            assert.equal(count(value, /[%^]/g), 2);
        }
    });

    it("uses only the enabled classes", () => {
        for (let i = 0; i < 50; i++) assert.match(generateValue({ length: 64, upper: false, special: false }), /^[a-z0-9]{64}$/);
        assert.match(generateValue({ length: 64, lower: false, upper: false, special: false }), /^[0-9]{64}$/);
    });

    it("spreads characters evenly over the alphabet (no modulo bias)", () => {
        const digits = generateValue({ length: 4096, lower: false, upper: false, special: false }) + generateValue({ length: 4096, lower: false, upper: false, special: false });
        // Expected 819.2 per digit, standard deviation about 27: 20% is more than 6 deviations.
        for (const digit of "0123456789") {
            const n = count(digits, new RegExp(digit, "g"));
            assert.ok(n > 655 && n < 983, `digit ${digit} appeared ${n} times`);
        }
    });

    it("does not put the guaranteed minimums first", () => {
        const firstIsDigit = Array.from({ length: 300 }, () => generateValue({ length: 20, minNumeric: 1 })).filter((v) => /^[0-9]/.test(v)).length;
        assert.ok(firstIsDigit < 150, `a digit came first ${firstIsDigit} of 300 times`);
    });

    const badSpecs: Array<[string, GenerateSpec, RegExp]> = [
        ["zero length", { length: 0 }, /`length` must be an integer from 1/],
        ["fractional length", { length: 10.5 }, /`length` must be an integer/],
        ["minimums over the length", { length: 4, minLower: 3, minNumeric: 3 }, /add up to 6, more than `length` 4/],
        ["minimum of a disabled class", { special: false, minSpecial: 1 }, /`minSpecial` is set but `special` is false/],
        ["negative minimum", { minUpper: -1 }, /`minUpper` must be a non-negative integer/],
        ["every class disabled", { lower: false, upper: false, numeric: false, special: false }, /every character class is disabled/],
        ["empty special set", { overrideSpecial: "" }, /`overrideSpecial` is empty/],
        ["empty JSON key", { jsonKey: "" }, /`jsonKey` must be a non-empty string/],
    ];
    for (const [label, spec, message] of badSpecs) {
        it(`rejects a spec with ${label}`, () => assert.throws(() => generateValue(spec), message));
    }
});

describe("rotator value checking", () => {
    const spec: GenerateSpec = { length: 12, special: false, minNumeric: 3 };

    it("accepts a value generated from the same spec", () => {
        for (let i = 0; i < 100; i++) assert.deepEqual(specViolations(generateValue(spec), spec), []);
    });

    it("names each broken rule without echoing the value", () => {
        const problems = specViolations(`${SENTINEL}!`, spec);
        assert.ok(problems.some((p) => /length is 18, expected 12/.test(p)));
        assert.ok(problems.some((p) => /outside the enabled classes/.test(p)));
        assert.ok(problems.every((p) => !p.includes(SENTINEL)));
        assert.deepEqual(specViolations("abcdefghij12", spec), ["2 numeric character(s), `minNumeric` is 3"]);
        assert.deepEqual(specViolations(42, spec), ["the value is not a string"]);
    });
});

describe("rotator JSON documents", () => {
    it("replaces only the JSON key and keeps the other keys", () => {
        const next = JSON.parse(nextSecretString({ length: 16, jsonKey: "password" }, JSON.stringify({ username: "ci", password: "old" }), "x"));
        assert.equal(next.username, "ci");
        assert.equal(next.password.length, 16);
    });

    it("starts a document when there is no current value", () => {
        assert.deepEqual(Object.keys(JSON.parse(nextSecretString({ jsonKey: "token" }, undefined, "x"))), ["token"]);
    });

    it("refuses a current value that is not a JSON object, without echoing it", () => {
        for (const current of [SENTINEL, JSON.stringify([SENTINEL]), "null"]) {
            assert.throws(() => nextSecretString({ jsonKey: "password" }, current, "secret dev/app/x"), (error: Error) => {
                assert.match(error.message, /secret dev\/app\/x is not a JSON (document|object)/);
                assert.ok(!error.message.includes(SENTINEL));
                return true;
            });
        }
    });
});

describe("SECRETSET_GENERATION_SPECS parsing", () => {
    it("reads an object keyed by secret name, and nothing as no specs", () => {
        assert.deepEqual(parseGenerationSpecs('{"dev/app/key":{"length":64}}'), { "dev/app/key": { length: 64 } });
        assert.deepEqual(parseGenerationSpecs(undefined), {});
        assert.deepEqual(parseGenerationSpecs(" "), {});
    });

    it("names the variable, the secret and the field when it is wrong", () => {
        assert.throws(() => parseGenerationSpecs("{not json"), /SECRETSET_GENERATION_SPECS is not valid JSON/);
        assert.throws(() => parseGenerationSpecs("[]"), /must be a JSON object keyed by secret name/);
        assert.throws(() => parseGenerationSpecs('{"dev/app/key":5}'), /entry `dev\/app\/key` must be an object/);
        assert.throws(() => parseGenerationSpecs('{"dev/app/key":{"length":0}}'), /secret `dev\/app\/key`: `length`/);
    });
});
