// The default output: a tree of what would be created (type, name, the options
// that matter for secrets), then the violations, the program's warnings and a
// one-line summary. Every name and message is escaped (textEscape.ts).
import type { PreviewReport, ReportResource } from "./report";
import { plainText } from "./textEscape";

function optionFlags(resource: ReportResource): string {
    const flags: string[] = [];
    if (resource.options.protect) flags.push("protect");
    if (resource.options.retainOnDelete) flags.push("retainOnDelete");
    if (resource.options.ignoreChanges.length > 0) flags.push(`ignoreChanges: ${resource.options.ignoreChanges.map(plainText).join(", ")}`);
    if (resource.options.aliases.length > 0) flags.push(`aliases: ${resource.options.aliases.length}`);
    return flags.length > 0 ? `  [${flags.join("; ")}]` : "";
}

/** The short name of a URN (after its last `::`), escaped. */
export function urnName(urn: string | null): string {
    return urn ? plainText(urn.split("::").pop() ?? urn) : "(stack)";
}

export function formatTree(report: PreviewReport): string {
    const lines: string[] = [`Stack ${plainText(report.stack)}: ${report.summary.resources} resources would be created`];
    const known = new Set(report.resources.map((r) => r.urn));
    const children = new Map<string | null, ReportResource[]>();
    for (const resource of report.resources) {
        const parent = resource.parent !== null && known.has(resource.parent) ? resource.parent : null;
        children.set(parent, [...(children.get(parent) ?? []), resource]);
    }
    const walk = (parent: string | null, depth: number) => {
        for (const resource of children.get(parent) ?? []) {
            lines.push(`${"  ".repeat(depth + 1)}+ ${plainText(resource.type)}  ${plainText(resource.name)}${optionFlags(resource)}`);
            walk(resource.urn, depth + 1);
        }
    };
    walk(null, 0);

    lines.push("");
    if (report.violations.length === 0) {
        lines.push("Policy violations: none");
    } else {
        lines.push("Policy violations:");
        for (const violation of report.violations) {
            lines.push(`  ${violation.enforcementLevel === "mandatory" ? "MANDATORY" : "advisory "}  ${plainText(violation.policyName)}  on ${urnName(violation.urn)}`);
            lines.push(`      ${plainText(violation.message)}`);
        }
    }
    if (report.warnings.length > 0) {
        lines.push("", "Warnings:");
        for (const warning of report.warnings) lines.push(`  warning  on ${urnName(warning.urn)}`, `      ${plainText(warning.message)}`);
    }
    const outputNames = Object.keys(report.outputs);
    if (outputNames.length > 0) {
        lines.push("", `Outputs: ${outputNames.map(plainText).join(", ")}`);
    }
    lines.push("", `Summary: ${report.summary.resources} resources, ${report.summary.mandatory} mandatory and ${report.summary.advisory} advisory violations, ${report.summary.warnings} warnings`);
    return lines.join("\n") + "\n";
}
