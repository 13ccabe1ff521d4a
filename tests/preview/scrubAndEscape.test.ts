// The two last lines of defence every printed string passes: the secret scrubber
// (whole values, pieces of 8+ characters, encoded forms, JSON documents by their
// leaves) and the escaping of names for the terminal, markdown and XML.
import { strict as assert } from "assert";
import { SecretScrubber } from "../../tools/preview/secretScrubber";
import { markdownCode, markdownText, plainText, xmlText } from "../../tools/preview/textEscape";

const SECRET = "s3cr3t-Value/With+Special&Chars=42";

describe("secret scrubber", () => {
    const scrubber = new SecretScrubber([SECRET, "abcd", "ab", JSON.stringify({ username: "ci", password: "json-leaf-password-1" })]);

    it("replaces the whole value and any piece of 8 or more characters of it", () => {
        assert.equal(scrubber.scrub(`x ${SECRET} y`), "x [secret] y");
        assert.equal(scrubber.scrub(`starts ${SECRET.slice(0, 9)}…`), "starts [secret]…");
        assert.equal(scrubber.scrub(`ends …${SECRET.slice(-8)}`), "ends …[secret]");
        assert.equal(scrubber.scrub(`short ${SECRET.slice(0, 7)}`), `short ${SECRET.slice(0, 7)}`, "7 characters are not judged a piece");
    });

    it("replaces JSON-escaped, URL-encoded, base64 (any alignment) and hex forms", () => {
        for (const form of [JSON.stringify(SECRET), encodeURIComponent(SECRET), Buffer.from(SECRET).toString("base64"), Buffer.from(SECRET.slice(5)).toString("base64"), Buffer.from(SECRET).toString("hex")]) {
            assert.ok(!scrubber.scrub(`v=${form}`).includes(form.slice(2, 12)), form);
        }
    });

    it("short values whole only; values under 4 characters never; a JSON secret by its leaves, not its keys", () => {
        assert.equal(scrubber.scrub("abcd and abcde"), "[secret] and [secret]e");
        assert.equal(scrubber.scrub("ab"), "ab");
        assert.equal(scrubber.scrub('{"username": 1} json-leaf-password-1'), '{"username": 1} [secret]');
    });

    it("scrubs every string and key of a report", () => {
        assert.deepEqual(scrubber.scrubDeep({ [SECRET]: [`a ${SECRET}`, 3, null] }), { "[secret]": ["a [secret]", 3, null] });
    });
});

describe("escaping of names from the input", () => {
    const hostile = "a\u001b[31mb\nc\u202ed|e`f<g>&_h_";

    it("terminal: every control character as a visible escape", () => {
        assert.equal(plainText(hostile), "a\\x1b[31mb\\nc\\u202ed|e`f<g>&_h_");
    });

    it("markdown: code spans cannot be closed nor cells split; text has no markup or HTML", () => {
        assert.equal(markdownCode("x`y|z\n"), "`x'y\\|z\\n`");
        assert.equal(markdownText("*b* [l](u) <i>&x_y_ docker_password |"), "\\*b\\* \\[l\\](u) &lt;i&gt;&amp;x_y\\_ docker_password \\|");
    });

    it("xml: the five entities and no raw control character", () => {
        assert.equal(xmlText(`<a b="c" d='e'>&\u0001`), "&lt;a b=&quot;c&quot; d=&apos;e&apos;&gt;&amp;\\x01");
    });
});
