// The default output: a tree of what would be created (type, name, the options
// that matter for secrets), then the violations and a one-line summary.
import type { PreviewReport, ReportResource } from "./report";

function optionFlags(resource: ReportResource): string {
    const flags: string[] = [];
    if (resource.options.protect) flags.push("protect");
    if (resource.options.retainOnDelete) flags.push("retainOnDelete");
    if (resource.options.ignoreChanges.length > 0) flags.push(`ignoreChanges: ${resource.options.ignoreChanges.join(", ")}`);
    if (resource.options.aliases.length > 0) flags.push(`aliases: ${resource.options.aliases.length}`);
    return flags.length > 0 ? `  [${flags.join("; ")}]` : "";
}

export function formatTree(report: PreviewReport): string {
    const lines: string[] = [`Stack ${report.stack}: ${report.summary.resources} resources would be created`];
    const known = new Set(report.resources.map((r) => r.urn));
    const children = new Map<string | null, ReportResource[]>();
    for (const resource of report.resources) {
        const parent = resource.parent !== null && known.has(resource.parent) ? resource.parent : null;
        children.set(parent, [...(children.get(parent) ?? []), resource]);
    }
    const walk = (parent: string | null, depth: number) => {
        for (const resource of children.get(parent) ?? []) {
            lines.push(`${"  ".repeat(depth + 1)}+ ${resource.type}  ${resource.name}${optionFlags(resource)}`);
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
            const where = violation.urn ? violation.urn.split("::").pop() : "(stack)";
            lines.push(`  ${violation.enforcementLevel === "mandatory" ? "MANDATORY" : "advisory "}  ${violation.policyName}  on ${where}`);
            lines.push(`      ${violation.message.replace(/\n/g, "\n      ")}`);
        }
    }
    const outputNames = Object.keys(report.outputs);
    if (outputNames.length > 0) {
        lines.push("", `Outputs: ${outputNames.join(", ")}`);
    }
    lines.push("", `Summary: ${report.summary.resources} resources, ${report.summary.mandatory} mandatory and ${report.summary.advisory} advisory violations`);
    return lines.join("\n") + "\n";
}
