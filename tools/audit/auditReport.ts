// The audit's JSON document and the two text renderings (tree, markdown). Only
// names, tags, dates, version ids and counts: the audit never reads a value.
import type { ApiCallCounter } from "./apiCalls";
import type { DeclaredSet } from "./declaredSet";
import { FINDING_KINDS, type Finding } from "./findings";

export interface AuditReport {
    stack: string;
    app: string;
    environment: string;
    asOf: string;
    checked: { secrets: number; stores: string[]; notAccessedDays: number; drift: boolean };
    findings: Finding[];
    apiCalls: { total: number; perSecret: number; byOperation: Record<string, number> };
    summary: { findings: number; mandatory: number; advisory: number };
}

export function buildAuditReport(args: { set: DeclaredSet; findings: readonly Finding[]; counter: ApiCallCounter; now: Date; checkedStores: string[]; notAccessedDays: number; driftChecked: boolean }): AuditReport {
    const order = Object.keys(FINDING_KINDS);
    const findings = [...args.findings].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === "mandatory" ? -1 : 1) || order.indexOf(a.kind) - order.indexOf(b.kind) || a.name.localeCompare(b.name));
    const secrets = args.set.plans.length;
    return {
        stack: args.set.stack,
        app: args.set.app,
        environment: args.set.environment,
        asOf: args.now.toISOString(),
        checked: { secrets, stores: args.checkedStores, notAccessedDays: args.notAccessedDays, drift: args.driftChecked },
        findings,
        apiCalls: { total: args.counter.total, perSecret: secrets === 0 ? 0 : Math.round((args.counter.total / secrets) * 100) / 100, byOperation: args.counter.byOperation() },
        summary: { findings: findings.length, mandatory: findings.filter((f) => f.severity === "mandatory").length, advisory: findings.filter((f) => f.severity === "advisory").length },
    };
}

function callsLine(report: AuditReport): string {
    const parts = Object.entries(report.apiCalls.byOperation).map(([op, n]) => `${op} ${n}`);
    return `API calls: ${report.apiCalls.total} for ${report.checked.secrets} secrets (${parts.join(", ")})`;
}

export function formatAuditTree(report: AuditReport): string {
    const lines = [`Audit of stack ${report.stack} (${report.environment}/${report.app}) as of ${report.asOf}: ${report.checked.secrets} declared secrets, stores checked: ${report.checked.stores.join(", ") || "none"}`];
    if (!report.checked.drift) lines.push("  (value drift not checked: pass --state <pulumi stack export file>)");
    const byName = new Map<string, Finding[]>();
    for (const f of report.findings) byName.set(`${f.store}  ${f.name}`, [...(byName.get(`${f.store}  ${f.name}`) ?? []), f]);
    lines.push("");
    if (byName.size === 0) lines.push("Findings: none");
    else {
        lines.push("Findings:");
        for (const [where, list] of byName) {
            lines.push(`  ${where}${list[0].secret ? `  (secret ${list[0].secret})` : ""}`);
            for (const f of list) lines.push(`    ${f.severity === "mandatory" ? "MANDATORY" : "advisory "}  ${f.kind}: ${f.message}`);
        }
    }
    lines.push("", callsLine(report), `Summary: ${report.summary.mandatory} mandatory and ${report.summary.advisory} advisory findings`);
    return lines.join("\n") + "\n";
}

function cell(text: string): string {
    return text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ").replace(/`/g, "'");
}

export function formatAuditMarkdown(report: AuditReport): string {
    const status = report.summary.mandatory > 0 ? ":x: drift found" : ":white_check_mark: matches the declaration";
    const lines = [
        `## Audit of stack \`${report.stack}\` — ${status}`,
        "",
        `${report.checked.secrets} declared secrets in ${report.checked.stores.join(", ") || "no store"}, as of ${report.asOf}. **${report.summary.mandatory} mandatory** and ${report.summary.advisory} advisory findings.${report.checked.drift ? "" : " Value drift not checked (no `--state`)."}`,
        "",
        "### Findings",
        "",
    ];
    if (report.findings.length === 0) lines.push("None.");
    else {
        lines.push("| Level | Finding | Store | Name | Message |", "|---|---|---|---|---|");
        for (const f of report.findings) lines.push(`| ${f.severity} | \`${f.kind}\` | ${f.store} | \`${cell(f.name)}\` | ${cell(f.message)} |`);
    }
    lines.push("", `${callsLine(report)}.`);
    return lines.join("\n") + "\n";
}
