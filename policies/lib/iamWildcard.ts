// IAM's wildcard matching for action names: `*` is any run of characters (none
// included), `?` exactly one, and the comparison ignores letter case, as IAM does.
// Written here (a few lines) rather than taken from a package, so the pack keeps
// only permissively licensed dependencies.

const compiled = new Map<string, RegExp>();
const MAX_COMPILED = 10_000;

function regexFor(pattern: string): RegExp {
    let regex = compiled.get(pattern);
    if (regex === undefined) {
        const body = Array.from(pattern, (char) => (char === "*" ? ".*" : char === "?" ? "." : char.replace(/[\\^$.|+()[\]{}]/g, "\\$&"))).join("");
        regex = new RegExp(`^${body}$`, "is");
        if (compiled.size >= MAX_COMPILED) compiled.clear();
        compiled.set(pattern, regex);
    }
    return regex;
}

/** True when the IAM pattern (which may hold `*` and `?`) matches the literal action name. */
export function iamPatternMatches(pattern: string, action: string): boolean {
    return regexFor(pattern).test(action);
}
