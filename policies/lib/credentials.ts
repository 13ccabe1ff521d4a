// Recognises credential-looking literals. Returns what KIND of credential a value
// looks like, never any part of the value, so callers can report it safely.
// Fixed-format tokens come from secretlint (secretlintScan.ts); this module holds the
// shapes secretlint does not judge: names that announce a credential (`PASSWORD`,
// `db_pass`, `signingKey`) holding a literal, hex and random-looking keys under such
// names, `name=value` and `--password value` inside scripts and build specifications.

export type CredentialKind = string;

const AWS_ACCESS_KEY_ID = /\b(AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}\b/;
const PRIVATE_KEY = /-----BEGIN ([A-Z0-9]+ )*PRIVATE KEY( BLOCK)?-----/;
// GitHub, Slack, Stripe live keys, Google API keys: fixed prefixes, public formats.
const PROVIDER_TOKEN = /\b(gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{40,}|xox[abposr]-[A-Za-z0-9-]{10,}|sk_live_[A-Za-z0-9]{16,}|AIza[0-9A-Za-z_-]{35})\b/;
// A URL or connection string with a password in its user info (`scheme://user:pass@host`).
const URL_PASSWORD = /\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@"']*:([^\s@/"']+)@[^\s"']+/i;
// Values that reference a secret instead of containing one.
const REFERENCE = /^(arn:|\/|\{\{resolve:|\$\{|\$\(|\$[A-Za-z_{]|%[A-Za-z_]|<[^>]*>$|alias\/|s3:\/\/|ssm:|secretsmanager:|vault:|https?:\/\/(?![^/\s]*@))/i;

export interface EntropyThreshold {
    /** Shortest token judged by entropy. */
    readonly minLength: number;
    /** Shannon entropy in bits per character at or above which a token looks random. */
    readonly minBitsPerChar: number;
}

export function shannonBitsPerChar(token: string): number {
    const counts = new Map<string, number>();
    for (const char of token) counts.set(char, (counts.get(char) ?? 0) + 1);
    let bits = 0;
    for (const count of counts.values()) {
        const p = count / token.length;
        bits -= p * Math.log2(p);
    }
    return bits;
}

function highEntropyToken(value: string, threshold: EntropyThreshold): boolean {
    return value
        .split(/[\s"'`,;:=()[\]{}<>]+/)
        .filter((token) => token.length >= threshold.minLength && !REFERENCE.test(token))
        // Mixed character classes: random keys mix cases and digits; words and slugs do not.
        .filter((token) => /[a-z]/.test(token) && /[A-Z]/.test(token) && /[0-9]/.test(token))
        .some((token) => shannonBitsPerChar(token) >= threshold.minBitsPerChar);
}

// Names of fields that hold hashes and digests: random-looking by design, never credentials.
const DIGEST_NAME = /(hash|digest|checksum|etag|fingerprint|sha\d*|md5|nonce|salt|signature|thumbprint)$/i;
// Fields that carry encoded payloads (gzip user data, zip files, object bodies): random-looking as a whole.
const PAYLOAD_NAME = /(base64|userdata|zipfile|binary|blob|content|body|image|payload|template)$/i;

/** An unnamed value that is one long random token (an API key's value, a secret access key). */
export function randomTokenKind(name: string | undefined, value: string): CredentialKind | undefined {
    const v = value.trim();
    if (v.length < 24 || v.length > 512 || /\s/.test(v) || isReferenceOrEmpty(v)) return undefined;
    if (name !== undefined) {
        const words = wordsOf(name.includes(":") ? name.slice(name.lastIndexOf(":") + 1) : name);
        // Digests, and names of references (`sts:ExternalId`, `keyId`): random by design, not credentials.
        const plainName = name.replace(/[^A-Za-z0-9]/g, "");
        if (DIGEST_NAME.test(plainName) || PAYLOAD_NAME.test(plainName) || REFERENCE_WORDS.has(words[words.length - 1] ?? "")) return undefined;
    }
    if (!/[a-z]/.test(v) || !/[A-Z]/.test(v) || !/[0-9]/.test(v)) return undefined;
    return shannonBitsPerChar(v) >= 4.2 ? "a high-entropy token" : undefined;
}

/** Fixed-format credentials anywhere in a value (no name needed). */
export function fixedFormatKind(value: string): CredentialKind | undefined {
    if (PRIVATE_KEY.test(value)) return "a private key";
    if (AWS_ACCESS_KEY_ID.test(value)) return "an AWS access key id";
    if (PROVIDER_TOKEN.test(value)) return "a provider token";
    const url = URL_PASSWORD.exec(value);
    if (url && !REFERENCE.test(url[1]) && !/^\*+$/.test(url[1])) return "a URL or connection string with a password";
    return undefined;
}

export function credentialKind(value: string, threshold: EntropyThreshold): CredentialKind | undefined {
    const fixed = fixedFormatKind(value);
    if (fixed || isReferenceOrEmpty(value)) return fixed; // an ARN's random suffix is not a key
    return highEntropyToken(value, threshold) ? "a high-entropy string" : undefined;
}

// Names that announce a credential, judged word by word (`DB_PASSWORD`, `apiKey`), so
// that `SECRETSET_GENERATION_SPECS` is not a "secret"; names of references (`..._ARN`) are not credentials.
const CREDENTIAL_WORDS = new Set(["password", "passwd", "pwd", "pass", "passphrase", "passcode", "secret", "secrets", "token", "credential", "credentials", "creds", "apikey", "privatekey", "secretkey", "accesskey", "authkey", "bearer", "auth", "authorization", "pw", "pword", "plaintext"]);
/** Words that make a key-ish name public material, not a credential (`publicKey`, `pgpKey`, `sshPublicKey`). */
const PUBLIC_WORDS = new Set(["public", "pub", "pgp", "gpg", "cert", "certificate"]);
const CREDENTIAL_PAIRS = new Set(["api key", "private key", "secret key", "access key", "auth key", "client secret", "signing key", "encryption key", "master key", "hmac key", "session key", "shared key", "license key", "app key", "account key", "storage key"]);
/** Words that announce a key only when the value also looks random (`KEY=3f9a...`, not `CACHE_KEY=users`). */
const KEY_WORDS = new Set(["key", "salt", "hmac", "signature", "seed", "nonce"]);
const REFERENCE_WORDS = new Set([
    "arn", "arns", "name", "names", "id", "ids", "path", "paths", "parameter", "param", "ref", "uri", "url", "urls", "file", "ttl", "length",
    "version", "rotation", "type", "enabled", "policy", "header", "field", "endpoint", "region", "format", "mode", "alias", "stdin", "count",
    "min", "max", "expiry", "expires", "expiration", "timeout", "location", "hash", "digest", "checksum", "etag", "fingerprint", "size", "required",
    "prompt", "label", "description", "template", "pattern", "source", "store", "provider", "method", "scope", "scopes", "lifetime", "duration",
    "policies", "role", "roles", "cidr", "cidrs", "period", "uses", "kind", "class", "level", "strategy", "algorithm", "audience", "issuer",
    "subject", "usage", "spec", "encoding", "display", "hint", "owner", "group", "groups", "bucket", "table", "queue", "topic", "stage",
    "backend", "mount", "engine", "days", "interval", "schedule", "lambda", "function", "set", "sets", "manager", "arn_suffix",
]);

export function wordsOf(name: string): string[] {
    return name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase().split(/[^a-z0-9]+/).filter((w) => w !== "");
}

/** "strong": a credential whatever its value; "key": a credential when the value looks random; undefined otherwise. */
export function credentialNameStrength(fullName: string): "strong" | "key" | undefined {
    // `token.actions.githubusercontent.com:aud`: a condition key is named by its last part.
    const name = fullName.includes(":") ? fullName.slice(fullName.lastIndexOf(":") + 1) : fullName;
    const words = wordsOf(name);
    if (words.length === 0 || REFERENCE_WORDS.has(words[words.length - 1])) return undefined;
    if (words.some((w) => PUBLIC_WORDS.has(w)) && !words.some((w) => /password|secret|token/.test(w))) return undefined;
    if (words.some((w) => CREDENTIAL_WORDS.has(w))) return "strong";
    if (words.slice(1).some((w, i) => CREDENTIAL_PAIRS.has(`${words[i]} ${w}`))) return "strong";
    // `SECRETKEY`, `dbpassword`: one word that ends in a credential word.
    if (words.some((w) => /(password|passwd|secret|token|apikey)$/.test(w))) return "strong";
    if (words.some((w) => KEY_WORDS.has(w) || /key$/.test(w))) return "key";
    return undefined;
}

export function isPasswordName(name: string): boolean {
    return credentialNameStrength(name) === "strong";
}

const PLACEHOLDER = /^(\s*|\*+|x+|X+|\.+|-+|null|nil|none|true|false|yes|no|on|off|undefined|required|optional|redacted|placeholder|\d{1,3})$/i;

/** A literal a password-named field may hold without holding a credential. */
export function isReferenceOrEmpty(value: string): boolean {
    const trimmed = value.trim();
    return PLACEHOLDER.test(trimmed) || REFERENCE.test(trimmed);
}

/** Random-looking: long hex, or a long token with mixed character classes and some entropy. */
export function looksRandom(value: string): boolean {
    const v = value.trim();
    if (/^(0x)?[0-9a-fA-F]{24,}$/.test(v)) return true;
    if (v.length < 16 || /\s/.test(v)) return false;
    const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((r) => r.test(v)).length;
    return classes >= 2 && shannonBitsPerChar(v) >= 3.2;
}

/** What a named literal holds, judged by its name and shape; undefined when it is fine. */
export function namedValueKind(name: string, value: string): CredentialKind | undefined {
    const strength = credentialNameStrength(name);
    if (strength === undefined || isReferenceOrEmpty(value)) return undefined;
    if (strength === "strong") return value.trim().length >= 4 ? "a literal under a credential name" : undefined;
    return looksRandom(value) ? (/^(0x)?[0-9a-fA-F]+$/.test(value.trim()) ? "a hex key" : "a random-looking key") : undefined;
}

// `NAME=value`, `NAME: value`, `export NAME="value"`, `"name": "value"` inside scripts and documents.
const ASSIGNMENT = /(?:^|[\s;&|({,:?])(?:export\s+|set\s+|ENV\s+|ARG\s+|\$env:)?["']?([A-Za-z_][A-Za-z0-9_.-]*)["']?\s*(:=|=|:)[ \t]*(?:"([^"\n]*)"|'([^'\n]*)'|([^\s"',;&|)}]+))/gm;
// `--password value`, `--db-password=value`, `-p value` after `docker login`.
const FLAG = /(?:^|\s)--([A-Za-z][A-Za-z0-9_-]*)(?:=|[ \t]+)(?:"([^"\n]*)"|'([^'\n]*)'|([^\s"'-][^\s"']*))/gm;
const LOGIN_SHORT_FLAG = /\b(?:docker|podman|helm|oras|crane|buildah|skopeo)\b[^\n]*?\blogin\b[^\n]*?\s-p[ \t]+(?:"([^"\n]*)"|'([^'\n]*)'|(\S+))/gm;
const CURL_USER = /(?:^|\s)(?:-u|--user)[ \t]+["']?[^\s:"']+:([^\s"']+)/gm;
const CHPASSWD = /\b[a-z_][a-z0-9_-]*:([^\s:'"|]{4,})['"]?\s*\|\s*(?:sudo\s+)?chpasswd\b/gm;
const MYSQL_INLINE = /\bmysql(?:dump|admin)?\b[^\n]*?\s-p(?!\s)([^\s"']+)/gm;

/** The text without comment lines (`#`, `//`, `;`, `REM`): prose there says "Secret: ..." without holding one. */
function withoutCommentLines(text: string): string {
    return text
        .split("\n")
        .map((line) => (/^\s*(#(?!!)|\/\/|;|REM\s|--\s)/i.test(line) ? "" : line))
        .join("\n");
}

/** Credentials assigned or passed inside free text (user data, build commands); kinds only. */
export function textCredentialKinds(fullText: string): CredentialKind[] {
    if (fullText.length < 6) return [];
    const text = withoutCommentLines(fullText);
    const kinds = new Set<CredentialKind>();
    for (const match of text.matchAll(ASSIGNMENT)) {
        const value = match[3] ?? match[4] ?? match[5] ?? "";
        // `Password: rotated every 30 days` is prose: after a colon, one plain word is not taken for a password.
        if (match[2] === ":" && match[5] !== undefined && /^[A-Za-z][a-z]*$/.test(value)) continue;
        const kind = namedValueKind(match[1], value);
        if (kind) kinds.add(kind);
    }
    for (const match of text.matchAll(FLAG)) {
        const kind = namedValueKind(match[1], match[2] ?? match[3] ?? match[4] ?? "");
        if (kind) kinds.add("a credential passed on a command line");
    }
    for (const pattern of [LOGIN_SHORT_FLAG, CURL_USER, MYSQL_INLINE, CHPASSWD]) {
        for (const match of text.matchAll(pattern)) {
            const value = match.slice(1).find((v) => v !== undefined) ?? "";
            if (!isReferenceOrEmpty(value)) kinds.add("a credential passed on a command line");
        }
    }
    return [...kinds];
}
