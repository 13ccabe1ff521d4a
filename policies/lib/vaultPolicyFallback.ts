// A second reader for Vault policies that HashiCorp's HCL2 parser refuses but Vault's own
// (HCL1) parser accepts, e.g. several attributes in a one-line block or `path "x" = {...}`.
// A tokenizer, not a regular expression: strings (with escapes), `#`, `//` and `/* */`
// comments and nested braces are tokens, so a comment marker or a brace inside a quoted
// path cannot hide or end a block. Returns undefined when the text does not tokenize.

type Token = { kind: "string" | "word" | "punct"; text: string };

function tokenize(text: string): Token[] | undefined {
    const tokens: Token[] = [];
    let i = 0;
    while (i < text.length) {
        const c = text[i];
        if (/\s/.test(c)) i += 1;
        else if (c === "#" || (c === "/" && text[i + 1] === "/")) while (i < text.length && text[i] !== "\n") i += 1;
        else if (c === "/" && text[i + 1] === "*") {
            const end = text.indexOf("*/", i + 2);
            if (end < 0) return undefined;
            i = end + 2;
        } else if (c === '"') {
            let value = "";
            i += 1;
            while (i < text.length && text[i] !== '"') {
                if (text[i] === "\\" && i + 1 < text.length) i += 1;
                value += text[i];
                i += 1;
            }
            if (i >= text.length) return undefined;
            tokens.push({ kind: "string", text: value });
            i += 1;
        } else if (/[A-Za-z0-9_.-]/.test(c)) {
            const start = i;
            while (i < text.length && /[A-Za-z0-9_.-]/.test(text[i])) i += 1;
            tokens.push({ kind: "word", text: text.slice(start, i) });
        } else {
            tokens.push({ kind: "punct", text: c });
            i += 1;
        }
    }
    return tokens;
}

export interface FallbackRule {
    readonly path: string;
    readonly capabilities: readonly string[];
    readonly policy: readonly string[];
}

/** `path "<p>" [=] { capabilities = [...] policy = "..." ... }` blocks; nested blocks are skipped whole. */
export function parseVaultPolicyTokens(text: string): FallbackRule[] | undefined {
    const tokens = tokenize(text);
    if (tokens === undefined) return undefined;
    const rules: FallbackRule[] = [];
    let i = 0;
    while (i < tokens.length) {
        if (tokens[i].kind !== "word" || tokens[i].text !== "path" || tokens[i + 1]?.kind !== "string") return rules.length > 0 ? rules : undefined;
        const path = tokens[i + 1].text;
        i += 2;
        if (tokens[i]?.text === "=") i += 1;
        if (tokens[i]?.text !== "{") return undefined;
        i += 1;
        const capabilities: string[] = [];
        const policy: string[] = [];
        let depth = 1;
        while (i < tokens.length && depth > 0) {
            const token = tokens[i];
            if (token.text === "{") depth += 1;
            if (token.text === "}") depth -= 1;
            if (depth === 1 && token.kind === "word" && (token.text === "capabilities" || token.text === "policy") && tokens[i + 1]?.text === "=") {
                const target = token.text === "capabilities" ? capabilities : policy;
                i += 2;
                if (tokens[i]?.text === "[") {
                    i += 1;
                    while (i < tokens.length && tokens[i].text !== "]") {
                        if (tokens[i].kind === "string") target.push(tokens[i].text);
                        i += 1;
                    }
                } else if (tokens[i]?.kind === "string") target.push(tokens[i].text);
            }
            i += 1;
        }
        if (depth !== 0) return undefined;
        rules.push({ path, capabilities, policy });
    }
    return rules;
}
