// `--format markdown`: a summary fit for a pull-request comment — the inventory
// of secrets (class, store, rotation, consumers, cost), then the violations.
import type { CollectedStack } from "./model";
import type { PreviewReport } from "./report";
import { secretInventory } from "./secretInventory";
import { markdownCode, markdownText } from "./textEscape";

function usd(amount: number): string {
    return `$${amount.toFixed(2)}`;
}

export function formatMarkdown(report: PreviewReport, collected: CollectedStack): string {
    const { rows, totalMonthlyUsd } = secretInventory(collected);
    const status = report.summary.mandatory > 0 ? ":x: blocked" : ":white_check_mark: passes";
    const lines = [
        `## Offline preview of stack ${markdownCode(report.stack)} — ${status}`,
        "",
        `${report.summary.resources} resources, ${rows.length} secrets, **${report.summary.mandatory} mandatory** and ${report.summary.advisory} advisory policy violations, ${report.summary.warnings} warnings. Estimated storage cost: ${usd(totalMonthlyUsd)}/month.`,
        "",
        "### Secrets",
        "",
    ];
    if (rows.length === 0) {
        lines.push("No secrets in this stack.");
    } else {
        lines.push("| Secret | Class | Store | Rotation | Consumers | Cost/month |", "|---|---|---|---|---|---|");
        for (const row of rows) {
            const consumers = row.consumers.length > 0 ? row.consumers.map(markdownCode).join(", ") : "—";
            lines.push(`| ${markdownCode(row.name)} | ${markdownText(row.classification)} | ${markdownText(row.store)} | ${markdownText(row.rotation)} | ${consumers} | ${usd(row.monthlyUsd)} |`);
        }
    }
    lines.push("", "### Policy violations", "");
    if (report.violations.length === 0) {
        lines.push("None.");
    } else {
        lines.push("| Level | Policy | Resource | Message |", "|---|---|---|---|");
        const ordered = [...report.violations].sort((a, b) => (a.enforcementLevel === b.enforcementLevel ? 0 : a.enforcementLevel === "mandatory" ? -1 : 1));
        for (const v of ordered) {
            const resource = v.urn ? markdownCode(v.urn.split("::").pop() ?? v.urn) : "(stack)";
            lines.push(`| ${v.enforcementLevel} | ${markdownCode(v.policyName)} | ${resource} | ${markdownText(v.message)} |`);
        }
    }
    lines.push("", "### Warnings", "");
    if (report.warnings.length === 0) {
        lines.push("None.");
    } else {
        lines.push("| Resource | Warning |", "|---|---|");
        for (const w of report.warnings) lines.push(`| ${w.urn ? markdownCode(w.urn.split("::").pop() ?? w.urn) : "(stack)"} | ${markdownText(w.message)} |`);
    }
    return lines.join("\n") + "\n";
}
