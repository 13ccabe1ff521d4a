// The `--format json` document, exactly as the DESIGN.md contract gives it:
// stack, resources (urn, type, name, parent, inputs, options), violations,
// outputs and summary, plus the program's warnings (added fields only).
// Secret values are "[secret]"; every string of the report is scrubbed.
import type { CollectedStack, ProgramWarning, RecordedOptions, Violation } from "./model";
import type { SecretScrubber } from "./secretScrubber";
import { toDisplay } from "./wireValues";

export interface ReportResource {
    urn: string;
    type: string;
    name: string;
    parent: string | null;
    inputs: Record<string, unknown>;
    options: RecordedOptions;
}

export interface PreviewReport {
    stack: string;
    resources: ReportResource[];
    violations: Violation[];
    outputs: Record<string, unknown>;
    /** `pulumi.log.warn` messages of the program (a preview file's warning diagnostics). */
    warnings: ProgramWarning[];
    summary: { resources: number; mandatory: number; advisory: number; warnings: number };
}

function uniqueViolations(violations: readonly Violation[], scrubber: SecretScrubber): Violation[] {
    const seen = new Set<string>();
    const result: Violation[] = [];
    for (const v of violations) {
        const violation: Violation = { policyName: v.policyName, enforcementLevel: v.enforcementLevel, urn: v.urn, message: scrubber.scrub(v.message) };
        const key = JSON.stringify(violation);
        if (!seen.has(key)) {
            seen.add(key);
            result.push(violation);
        }
    }
    return result;
}

export function buildReport(collected: CollectedStack, violations: readonly Violation[], scrubber: SecretScrubber): PreviewReport {
    const resources = collected.resources.map((r) => ({
        urn: r.urn,
        type: r.type,
        name: r.name,
        // Top-level resources hang off the root stack, which is not listed: null, as for the stack itself.
        parent: r.parent !== null && r.parent !== collected.stackUrn ? r.parent : null,
        inputs: toDisplay(r.inputs) as Record<string, unknown>,
        options: {
            protect: r.options.protect,
            retainOnDelete: r.options.retainOnDelete,
            ignoreChanges: [...r.options.ignoreChanges],
            additionalSecretOutputs: [...r.options.additionalSecretOutputs],
            aliases: [...r.options.aliases],
        },
    }));
    const unique = uniqueViolations(violations, scrubber);
    const warnings = uniqueWarnings(collected.warnings ?? []);
    // Every string (names, URNs, inputs, outputs, messages) goes through the scrubber.
    return scrubber.scrubDeep({
        stack: collected.stack,
        resources,
        violations: unique,
        outputs: toDisplay(collected.outputs) as Record<string, unknown>,
        warnings,
        summary: {
            resources: resources.length,
            mandatory: unique.filter((v) => v.enforcementLevel === "mandatory").length,
            advisory: unique.filter((v) => v.enforcementLevel === "advisory").length,
            warnings: warnings.length,
        },
    });
}

/** The SDK may log the same warning once per read; a reviewer needs it once. */
function uniqueWarnings(warnings: readonly ProgramWarning[]): ProgramWarning[] {
    const seen = new Set<string>();
    return warnings.filter((w) => {
        const key = `${w.urn}\u0000${w.message}`;
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
    });
}

/** 1 when any mandatory violation is left, else 0 (2 is for invalid input, raised elsewhere). */
export function exitCodeOf(report: PreviewReport): 0 | 1 {
    return report.summary.mandatory > 0 ? 1 : 0;
}
