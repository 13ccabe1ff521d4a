// Checks the names of a stack's configuration keys before anything else reads
// them: every `secretset:` key must be a setting or the value of a declared
// secret. A misspelt setting or an orphaned value would otherwise be ignored in
// silence (the program never reads it), so each is an error with a "did you mean".

/** The config namespace of the SecretSet program (the project name in Pulumi.yaml). */
export const CONFIG_NAMESPACE = "secretset";

/** Keys that hold settings; a secret may not be named after one (its value would share the key). */
export const SETTING_KEYS = ["app", "owner", "environment", "disposable", "classifications", "vault", "secrets", "consumers", "audit", "kmsKeys", "crossAccountReaders"] as const;

export interface KeyProblem {
    /** The fully qualified key (`secretset:clasifications`). */
    readonly key: string;
    readonly message: string;
}

/** Edit distance (insertions, deletions, substitutions), for "did you mean". */
export function levenshtein(a: string, b: string): number {
    let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
    for (let i = 1; i <= a.length; i++) {
        const current = [i];
        for (let j = 1; j <= b.length; j++) {
            current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        }
        previous = current;
    }
    return previous[b.length];
}

/** The closest candidate within a distance that still reads as a typo, if any. */
export function closestMatch(word: string, candidates: readonly string[]): string | undefined {
    const limit = Math.max(1, Math.min(3, Math.floor(word.length / 3)));
    let best: { candidate: string; distance: number } | undefined;
    for (const candidate of candidates) {
        const distance = levenshtein(word.toLowerCase(), candidate.toLowerCase());
        if (distance <= limit && (best === undefined || distance < best.distance)) best = { candidate, distance };
    }
    return best?.candidate;
}

/** Printable form of a key taken from a file: control characters shown as escapes. */
export function printableKey(key: string): string {
    return JSON.stringify(key).slice(1, -1).replace(/`/g, "'");
}

/**
 * Problems with the keys of a stack config (fully qualified keys, e.g. `aws:region`).
 * `declared` are the secret names under `secretset:secrets`.
 */
export function configKeyProblems(keys: readonly string[], declared: readonly string[]): KeyProblem[] {
    const problems: KeyProblem[] = [];
    const settings: readonly string[] = SETTING_KEYS;
    const candidates = [...settings, ...declared];
    for (const key of keys) {
        const colon = key.indexOf(":");
        const namespace = colon < 0 ? CONFIG_NAMESPACE : key.slice(0, colon);
        const name = colon < 0 ? key : key.slice(colon + 1);
        const shown = printableKey(key);
        if (namespace !== CONFIG_NAMESPACE) {
            // `secretsett:app` is read by nobody: a misspelt namespace, not another provider's setting.
            if (levenshtein(namespace.toLowerCase(), CONFIG_NAMESPACE) <= 2) {
                problems.push({ key, message: `Config key \`${shown}\` is in namespace \`${printableKey(namespace)}\`, which nothing reads; did you mean \`${CONFIG_NAMESPACE}:${printableKey(name)}\`?` });
            }
            continue;
        }
        if (settings.includes(name) || declared.includes(name)) continue;
        const suggestion = closestMatch(name, candidates);
        if (suggestion !== undefined) {
            problems.push({ key, message: `Unknown config key \`${shown}\`; did you mean \`${CONFIG_NAMESPACE}:${suggestion}\`? (Rename it with \`pulumi config rm ${printableKey(name)}\` and set the right key.)` });
        } else {
            problems.push({
                key,
                message: `Config key \`${shown}\` holds a value but no secret \`${printableKey(name)}\` is declared in \`${CONFIG_NAMESPACE}:secrets\` (settings are ${settings.map((s) => `\`${s}\``).join(", ")}); declare the secret or remove the orphaned value with \`pulumi config rm ${printableKey(name)}\`.`,
            });
        }
    }
    return problems;
}
