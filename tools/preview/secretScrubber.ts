// Last line of defence: every string the tool prints (reports in every format,
// notices, warnings, errors) is scrubbed of every secret value it has seen, in
// case a policy, a program or a file echoes one. Not only whole values: any run of
// WINDOW or more characters taken from a secret (a prefix, a path segment of a
// secret ARN) is replaced, in its plain, JSON-escaped, URL-encoded, base64 and hex
// forms. Values shorter than MIN_SCRUBBED_LENGTH are left alone: scrubbing "true"
// or "1" everywhere would mangle the report while protecting nothing.
import { REDACTED_PLACEHOLDER, SECRET_DISPLAY, UNKNOWN_DISPLAY } from "./wireValues";

export const MIN_SCRUBBED_LENGTH = 4;
/** Shortest piece of a longer secret that counts as "part of" it. */
export const WINDOW = 8;
/** What the tool itself prints for secrets and unknowns; never treated as a secret. */
const DISPLAY_TOKENS = new Set([SECRET_DISPLAY, UNKNOWN_DISPLAY, REDACTED_PLACEHOLDER]);

function base64Forms(secret: string): string[] {
    const forms: string[] = [];
    // Three alignments, so that every substring's encoding is a substring of one of them.
    for (let shift = 0; shift < 3 && shift < secret.length; shift++) {
        const encoded = Buffer.from(secret.slice(shift), "utf8").toString("base64").replace(/=+$/, "");
        // The last character mixes in padding bits; leave it out so a prefix still matches.
        forms.push(encoded.slice(0, -1), encoded.slice(0, -1).replace(/\+/g, "-").replace(/\//g, "_"));
    }
    return forms;
}

/** The forms a secret can take in output: as is, escaped for JSON, URL-encoded, base64, hex. */
export function encodedForms(secret: string): string[] {
    const forms = new Set<string>([secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret), encodeURI(secret), ...base64Forms(secret)]);
    forms.add(Buffer.from(secret, "utf8").toString("hex"));
    return [...forms].filter((f) => f.length >= MIN_SCRUBBED_LENGTH);
}

/** The string and number leaves of a JSON object or array text; undefined for anything else. */
function jsonLeaves(text: string): string[] | undefined {
    const trimmed = text.trim();
    if (!/^[[{]/.test(trimmed)) return undefined;
    let parsed: unknown;
    try {
        parsed = JSON.parse(trimmed);
    } catch {
        return undefined;
    }
    const leaves: string[] = [];
    const walk = (value: unknown): void => {
        if (typeof value === "string" || typeof value === "number") leaves.push(String(value));
        else if (Array.isArray(value)) value.forEach(walk);
        else if (typeof value === "object" && value !== null) Object.values(value).forEach(walk);
    };
    walk(parsed);
    return leaves;
}

export class SecretScrubber {
    /** Short secrets: replaced whole only. */
    private wholeValues: string[] = [];
    /** Every WINDOW-character piece of every longer secret form. */
    private readonly windows = new Set<string>();
    private readonly seen = new Set<string>();

    constructor(secrets: Iterable<string> = []) {
        this.addAll(secrets);
    }

    get size(): number {
        return this.seen.size;
    }

    add(secret: string): void {
        if (typeof secret !== "string" || secret.length < MIN_SCRUBBED_LENGTH || DISPLAY_TOKENS.has(secret) || this.seen.has(secret)) return;
        this.seen.add(secret);
        // A secret JSON document (Vault data, a Secrets Manager key/value string): its
        // leaves are the secret, not its keys and braces (`{"value":` is in every report).
        const leaves = jsonLeaves(secret);
        if (leaves !== undefined) {
            leaves.forEach((leaf) => this.add(leaf));
            return;
        }
        for (const form of encodedForms(secret)) {
            if (form.length < WINDOW) {
                this.wholeValues.push(form);
            } else {
                for (let i = 0; i + WINDOW <= form.length; i++) this.windows.add(form.slice(i, i + WINDOW));
            }
        }
        // Longest first, so a secret that contains another is replaced whole.
        this.wholeValues.sort((a, b) => b.length - a.length);
    }

    addAll(secrets: Iterable<string>): void {
        for (const secret of secrets) this.add(secret);
    }

    scrub(text: string): string {
        if (typeof text !== "string" || this.seen.size === 0) return text;
        let result = text;
        if (this.windows.size > 0 && result.length >= WINDOW) {
            // Mark every character covered by a window of a secret, then replace each covered run.
            const covered = new Uint8Array(result.length);
            let any = false;
            for (let i = 0; i + WINDOW <= result.length; i++) {
                if (this.windows.has(result.slice(i, i + WINDOW))) {
                    covered.fill(1, i, i + WINDOW);
                    any = true;
                }
            }
            if (any) {
                let out = "";
                for (let i = 0; i < result.length; ) {
                    if (covered[i]) {
                        while (i < result.length && covered[i]) i++;
                        out += SECRET_DISPLAY;
                    } else {
                        out += result[i++];
                    }
                }
                result = out;
            }
        }
        for (const secret of this.wholeValues) {
            if (result.includes(secret)) result = result.split(secret).join(SECRET_DISPLAY);
        }
        return result;
    }

    /** A copy of a JSON-like value with every string (and object key) scrubbed. */
    scrubDeep<T>(value: T): T {
        if (typeof value === "string") return this.scrub(value) as T;
        if (Array.isArray(value)) return value.map((item) => this.scrubDeep(item)) as T;
        if (typeof value === "object" && value !== null) {
            const result: Record<string, unknown> = {};
            for (const [key, item] of Object.entries(value)) result[this.scrub(key)] = this.scrubDeep(item);
            return result as T;
        }
        return value;
    }
}
