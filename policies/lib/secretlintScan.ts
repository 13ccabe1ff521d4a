// Runs secretlint's recommended rules (AWS, GCP, private keys, basic auth, database
// connection strings, GitHub, GitLab, Slack, npm, Stripe, SendGrid, OpenAI, Vault tokens,
// ...) over many strings in one call, and says which string each finding is in.
// The comment-filter rule of the preset is left out: a `secretlint-disable` comment
// inside user data must not switch the check off. Only rule ids reach the caller,
// never secretlint's messages (they quote the secret).
import { lintSource } from "@secretlint/core";
import { rules as recommendedRules } from "@secretlint/secretlint-rule-preset-recommend";

const FILTER_RULE = "@secretlint/secretlint-rule-filter-comments";

const CONFIG = {
    rules: recommendedRules
        .filter((rule) => rule.meta.id !== FILTER_RULE)
        .map((rule) => ({ id: rule.meta.id, rule: rule as never, options: {} })),
};

// What each rule finds, in words for messages (ids are secretlint's, never input text).
const KIND_BY_RULE: Record<string, string> = {
    aws: "an AWS credential",
    gcp: "a GCP credential",
    privatekey: "a private key",
    npm: "an npm token",
    basicauth: "a password in a URL (basic auth)",
    slack: "a Slack token or webhook",
    sendgrid: "a SendGrid API key",
    shopify: "a Shopify token",
    stripe: "a Stripe key",
    github: "a GitHub token",
    gitlab: "a GitLab token",
    grafana: "a Grafana token",
    openai: "an OpenAI API key",
    anthropic: "an Anthropic API key",
    "database-connection-string": "a database connection string with a password",
    "hashicorp-vault": "a Vault token",
    docker: "a Docker registry credential",
};

export function kindOfRule(ruleId: string): string {
    const short = ruleId.replace(/^@secretlint\/secretlint-rule-/, "");
    return KIND_BY_RULE[short] ?? `a ${short.replace(/[^a-z0-9-]/gi, "")} credential`;
}

export interface SecretlintFinding {
    /** Index into the strings given. */
    readonly index: number;
    readonly kind: string;
}

// The same strings come back for every resource of a stack (tag values, names, ARNs):
// each distinct string is scanned once. Bounded, so a huge stack cannot grow it forever.
const kindsByText = new Map<string, readonly string[]>();
const CACHE_LIMIT = 20_000;

/** secretlint's findings (rule kinds) in each text, scanning only texts not seen before, in one call. */
async function kindsOf(texts: readonly string[]): Promise<(readonly string[])[]> {
    const unseen = [...new Set(texts.filter((text) => !kindsByText.has(text)))];
    if (unseen.length > 0) {
        const starts: number[] = [];
        let content = "";
        for (const text of unseen) {
            starts.push(content.length);
            content += `${text}\n\n`;
        }
        const result = await lintSource({
            source: { content, filePath: "/resource-inputs.txt", ext: ".txt", contentType: "text" },
            options: { config: CONFIG as never, maskSecrets: true, noPhysicFilePath: true },
        });
        const found = unseen.map(() => new Set<string>());
        for (const message of result.messages) {
            let index = 0;
            while (index + 1 < starts.length && starts[index + 1] <= message.range[0]) index += 1;
            found[index].add(kindOfRule(message.ruleId));
        }
        if (kindsByText.size + unseen.length > CACHE_LIMIT) kindsByText.clear();
        unseen.forEach((text, index) => kindsByText.set(text, [...found[index]]));
    }
    return texts.map((text) => kindsByText.get(text) ?? []);
}

// Shorter than any credential secretlint knows.
const MIN_LENGTH = 8;

/** secretlint findings over `texts`: the index of the text each finding is in, and its kind. */
export async function scanWithSecretlint(texts: readonly string[]): Promise<SecretlintFinding[]> {
    const candidates = texts.map((text, index) => ({ text, index })).filter(({ text }) => text.length >= MIN_LENGTH);
    if (candidates.length === 0) return [];
    const kinds = await kindsOf(candidates.map((c) => c.text));
    return candidates.flatMap((candidate, i) => kinds[i].map((kind) => ({ index: candidate.index, kind })));
}
