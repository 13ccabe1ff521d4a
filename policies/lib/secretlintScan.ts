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

/** secretlint findings over `texts` (each scanned as its own line block). */
export async function scanWithSecretlint(texts: readonly string[]): Promise<SecretlintFinding[]> {
    if (texts.length === 0) return [];
    const starts: number[] = [];
    let content = "";
    for (const text of texts) {
        starts.push(content.length);
        content += `${text}\n\n`;
    }
    const result = await lintSource({
        source: { content, filePath: "/resource-inputs.txt", ext: ".txt", contentType: "text" },
        options: { config: CONFIG as never, maskSecrets: true, noPhysicFilePath: true },
    });
    const findings: SecretlintFinding[] = [];
    for (const message of result.messages) {
        const offset = message.range[0];
        let index = 0;
        while (index + 1 < starts.length && starts[index + 1] <= offset) index += 1;
        findings.push({ index, kind: kindOfRule(message.ruleId) });
    }
    return findings;
}
