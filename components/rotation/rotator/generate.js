"use strict";
// Generation and checking of secret values for the generic rotator.
// The spec has the GenerateSpec shape of components/types.ts. Nothing here
// ever puts a value into an error message: messages name the rule broken.
const { randomInt } = require("node:crypto");

const LOWER = "abcdefghijklmnopqrstuvwxyz";
const UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const NUMERIC = "0123456789";
// The default special set of `random.RandomPassword`, so both generators agree.
const DEFAULT_SPECIAL = "!@#$%&*()-_=+[]{}<>:?";
const DEFAULT_LENGTH = 32;
const MAX_LENGTH = 4096;

/** The character classes a spec enables, each with its alphabet and minimum count. */
function characterClasses(spec) {
    const classes = [
        { name: "lower", flag: "lower", min: "minLower", alphabet: LOWER },
        { name: "upper", flag: "upper", min: "minUpper", alphabet: UPPER },
        { name: "numeric", flag: "numeric", min: "minNumeric", alphabet: NUMERIC },
        { name: "special", flag: "special", min: "minSpecial", alphabet: spec.overrideSpecial ?? DEFAULT_SPECIAL },
    ];
    return classes.map((c) => ({
        name: c.name,
        minField: c.min,
        flagField: c.flag,
        enabled: spec[c.flag] !== false,
        minimum: spec[c.min] ?? 0,
        // Code points, so an `overrideSpecial` outside the BMP is not split in halves.
        alphabet: [...new Set(c.alphabet)],
    }));
}

/** Throws when a spec cannot be satisfied; `label` names the secret for the message. */
function checkSpec(spec, label) {
    const length = spec.length ?? DEFAULT_LENGTH;
    if (!Number.isInteger(length) || length < 1 || length > MAX_LENGTH) {
        throw new Error(`Generation spec of ${label}: \`length\` must be an integer from 1 to ${MAX_LENGTH}.`);
    }
    if (spec.jsonKey !== undefined && (typeof spec.jsonKey !== "string" || spec.jsonKey === "")) {
        throw new Error(`Generation spec of ${label}: \`jsonKey\` must be a non-empty string.`);
    }
    if (spec.overrideSpecial !== undefined && typeof spec.overrideSpecial !== "string") {
        throw new Error(`Generation spec of ${label}: \`overrideSpecial\` must be a string of characters.`);
    }
    const classes = characterClasses(spec);
    let minimumTotal = 0;
    for (const c of classes) {
        if (!Number.isInteger(c.minimum) || c.minimum < 0) {
            throw new Error(`Generation spec of ${label}: \`${c.minField}\` must be a non-negative integer.`);
        }
        if (!c.enabled && c.minimum > 0) {
            throw new Error(`Generation spec of ${label}: \`${c.minField}\` is set but \`${c.flagField}\` is false; enable the class or drop the minimum.`);
        }
        if (c.enabled && c.alphabet.length === 0) {
            throw new Error(`Generation spec of ${label}: \`overrideSpecial\` is empty; give characters or set \`special\` to false.`);
        }
        if (c.enabled) minimumTotal += c.minimum;
    }
    if (!classes.some((c) => c.enabled)) {
        throw new Error(`Generation spec of ${label}: every character class is disabled; enable at least one of \`lower\`, \`upper\`, \`numeric\`, \`special\`.`);
    }
    if (minimumTotal > length) {
        throw new Error(`Generation spec of ${label}: the minimums add up to ${minimumTotal}, more than \`length\` ${length}; raise \`length\` or lower the minimums.`);
    }
}

function pick(alphabet) {
    return alphabet[randomInt(alphabet.length)];
}

/** A fresh random value honouring length, classes and minimums (crypto.randomInt is unbiased). */
function generateValue(spec = {}) {
    checkSpec(spec, "the secret");
    const length = spec.length ?? DEFAULT_LENGTH;
    const classes = characterClasses(spec).filter((c) => c.enabled);
    const chars = [];
    for (const c of classes) {
        for (let i = 0; i < c.minimum; i++) chars.push(pick(c.alphabet));
    }
    const everything = [...new Set(classes.flatMap((c) => c.alphabet))];
    while (chars.length < length) chars.push(pick(everything));
    // Fisher-Yates, so the guaranteed minimums do not sit at the start.
    for (let i = chars.length - 1; i > 0; i--) {
        const j = randomInt(i + 1);
        [chars[i], chars[j]] = [chars[j], chars[i]];
    }
    return chars.join("");
}

/** The rules a value breaks (empty when it matches the spec). Never includes the value. */
function specViolations(value, spec = {}) {
    if (typeof value !== "string") return ["the value is not a string"];
    const problems = [];
    const length = spec.length ?? DEFAULT_LENGTH;
    const chars = [...value];
    if (chars.length !== length) problems.push(`length is ${chars.length}, expected ${length}`);
    const classes = characterClasses(spec).filter((c) => c.enabled);
    const allowed = new Set(classes.flatMap((c) => c.alphabet));
    const outside = chars.filter((ch) => !allowed.has(ch)).length;
    if (outside > 0) problems.push(`${outside} character(s) outside the enabled classes`);
    for (const c of classes) {
        const count = chars.filter((ch) => c.alphabet.includes(ch)).length;
        if (count < c.minimum) problems.push(`${count} ${c.name} character(s), \`${c.minField}\` is ${c.minimum}`);
    }
    return problems;
}

/** Parses a JSON secret document without letting JSON.parse echo the text into an error. */
function parseJsonDocument(text, label) {
    let parsed;
    try {
        parsed = JSON.parse(text);
    } catch {
        throw new Error(`${label} is not a JSON document, but its generation spec sets \`jsonKey\`; store a JSON object or drop \`jsonKey\`.`);
    }
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
        throw new Error(`${label} is not a JSON object, but its generation spec sets \`jsonKey\`; store a JSON object or drop \`jsonKey\`.`);
    }
    return parsed;
}

/**
 * The next SecretString: the bare generated value, or, with `jsonKey`, the current
 * JSON document with only that key replaced (other keys are kept).
 */
function nextSecretString(spec, currentString, label) {
    const value = generateValue(spec);
    if (spec.jsonKey === undefined) return value;
    const document = currentString === undefined ? {} : parseJsonDocument(currentString, `The current value of ${label}`);
    return JSON.stringify({ ...document, [spec.jsonKey]: value });
}

/** The part of a SecretString the spec governs: the string itself or its `jsonKey` member. */
function governedValue(spec, secretString, label) {
    if (spec.jsonKey === undefined) return secretString;
    const document = parseJsonDocument(secretString, `The pending value of ${label}`);
    return document[spec.jsonKey];
}

/** Parses SECRETSET_GENERATION_SPECS: a JSON object keyed by secret name. */
function parseGenerationSpecs(text) {
    if (text === undefined || text.trim() === "") return {};
    let specs;
    try {
        specs = JSON.parse(text);
    } catch {
        throw new Error("SECRETSET_GENERATION_SPECS is not valid JSON; it must be an object keyed by secret name.");
    }
    if (specs === null || typeof specs !== "object" || Array.isArray(specs)) {
        throw new Error("SECRETSET_GENERATION_SPECS must be a JSON object keyed by secret name.");
    }
    for (const [name, spec] of Object.entries(specs)) {
        if (spec === null || typeof spec !== "object" || Array.isArray(spec)) {
            throw new Error(`SECRETSET_GENERATION_SPECS entry \`${name}\` must be an object (a GenerateSpec).`);
        }
        checkSpec(spec, `secret \`${name}\``);
    }
    return specs;
}

module.exports = {
    DEFAULT_LENGTH,
    DEFAULT_SPECIAL,
    checkSpec,
    generateValue,
    specViolations,
    nextSecretString,
    governedValue,
    parseGenerationSpecs,
};
