// Recognises credential-looking literals. Returns what KIND of credential a value
// looks like, never any part of the value, so callers can report it safely.

export type CredentialKind = "an AWS access key id" | "a private key" | "a provider token" | "a high-entropy string";

const AWS_ACCESS_KEY_ID = /\b(AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}\b/;
const PRIVATE_KEY = /-----BEGIN ([A-Z0-9]+ )*PRIVATE KEY( BLOCK)?-----/;
// GitHub, Slack, Stripe live keys, Google API keys: fixed prefixes, public formats.
const PROVIDER_TOKEN = /\b(gh[pousr]_[A-Za-z0-9]{36,}|xox[abposr]-[A-Za-z0-9-]{10,}|sk_live_[A-Za-z0-9]{16,}|AIza[0-9A-Za-z_-]{35})\b/;
// Values that reference a secret instead of containing one.
const REFERENCE = /^(arn:|\/|\{\{resolve:|https?:\/\/|s3:\/\/|alias\/)/;

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

export function credentialKind(value: string, threshold: EntropyThreshold): CredentialKind | undefined {
    if (PRIVATE_KEY.test(value)) return "a private key";
    if (AWS_ACCESS_KEY_ID.test(value)) return "an AWS access key id";
    if (PROVIDER_TOKEN.test(value)) return "a provider token";
    if (highEntropyToken(value, threshold)) return "a high-entropy string";
    return undefined;
}

// Names that announce a credential, judged word by word (`DB_PASSWORD`, `apiKey`), so
// that `SECRETSET_GENERATION_SPECS` is not a "secret"; names of references (`..._ARN`) are not credentials.
const CREDENTIAL_WORDS = new Set(["password", "passwd", "pwd", "pass", "passphrase", "secret", "token", "credential", "credentials", "apikey", "privatekey", "secretkey", "accesskey", "authkey"]);
const CREDENTIAL_PAIRS = new Set(["api key", "private key", "secret key", "access key", "auth key", "client secret"]);
const REFERENCE_WORDS = new Set(["arn", "arns", "name", "names", "id", "ids", "path", "paths", "parameter", "param", "ref", "uri", "url", "file", "ttl", "length", "version", "rotation", "type"]);

function wordsOf(name: string): string[] {
    return name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase().split(/[^a-z0-9]+/).filter((w) => w !== "");
}

export function isPasswordName(name: string): boolean {
    const words = wordsOf(name);
    if (words.length === 0 || REFERENCE_WORDS.has(words[words.length - 1])) return false;
    if (words.some((w) => CREDENTIAL_WORDS.has(w))) return true;
    return words.slice(1).some((w, i) => CREDENTIAL_PAIRS.has(`${words[i]} ${w}`));
}

/** A literal a password-named field may hold without holding a credential. */
export function isReferenceOrEmpty(value: string): boolean {
    return value.trim() === "" || REFERENCE.test(value.trim());
}
