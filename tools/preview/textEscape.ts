// Escaping for names and messages that come from the input (resource and stack
// names, URNs, policy messages that quote them). Printed raw, a name could carry
// ANSI escapes that rewrite the terminal, newlines that forge a line of the
// report, or markup that forges a markdown table row or HTML in a PR comment.

// C0 and C1 control characters, DEL, and the Unicode controls that reorder or hide text
// (bidi overrides and isolates, zero-width characters, line/paragraph separators).
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;

function escapeCode(char: string): string {
    const code = char.charCodeAt(0);
    if (char === "\n") return "\\n";
    if (char === "\r") return "\\r";
    if (char === "\t") return "\\t";
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
}

/** For the terminal (tree output): every control character shown as a visible escape. */
export function plainText(text: string): string {
    return String(text).replace(UNSAFE, escapeCode);
}

/** Inside a markdown code span in a table cell: no backtick can end the span, no pipe the cell. */
export function markdownCode(text: string): string {
    return "`" + plainText(text).replace(/`/g, "'").replace(/\|/g, "\\|") + "`";
}

// Inside a table cell nothing is at the start of a line, so list, heading and quote
// markers are inert; what remains is inline markup, links, HTML and the cell border.
// An underscore between letters never emphasises (GFM), so `docker_password` stays readable.
const MARKDOWN_SPECIALS = /[\\*[\]|~]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])/g;

/** Running markdown text (a message in a table cell): markup and HTML shown literally, on one line. */
export function markdownText(text: string): string {
    return plainText(text)
        .replace(/`/g, "'")
        .replace(MARKDOWN_SPECIALS, (c) => `\\${c}`)
        .replace(/&/g, "&amp;")
        .replace(/</g, "&lt;")
        .replace(/>/g, "&gt;");
}

/** XML text and attribute values (JUnit): the five entities, and no character XML 1.0 forbids. */
export function xmlText(text: string): string {
    return plainText(text)
        .replace(/&/g, "&amp;")
        .replace(/</g, "&lt;")
        .replace(/>/g, "&gt;")
        .replace(/"/g, "&quot;")
        .replace(/'/g, "&apos;");
}
