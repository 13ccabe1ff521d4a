// `--format sarif`: SARIF 2.1.0 for GitHub code scanning (`github/codeql-action/upload-sarif`).
// Rules are the pack's policies (id = policy name, descriptions from the pack,
// default level from its configured enforcement); results are the violations
// (mandatory -> error, advisory -> warning) and the program's warnings (note).
// A resource has no source line: its URN is the logical location, and the stack
// file (or the checked export / preview file) the physical one GitHub requires.
import { createHash } from "crypto";
import type { PackPolicy } from "./evaluatePolicies";
import type { PreviewReport } from "./report";

export const SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
/** Rule id of the program's own warnings (`pulumi.log.warn`). */
export const WARNING_RULE_ID = "secretset-program-warning";

export interface MachineFormatContext {
    packName: string;
    packVersion: string;
    policies: readonly PackPolicy[];
    /** Repository-relative path of the file the stack came from (URI with `/`). */
    sourceFile: string;
}

type SarifLevel = "error" | "warning" | "note" | "none";

function levelOf(enforcementLevel: string): SarifLevel {
    if (enforcementLevel === "mandatory" || enforcementLevel === "remediate") return "error";
    if (enforcementLevel === "advisory") return "warning";
    return "none";
}

function fingerprint(...parts: (string | null)[]): string {
    return createHash("sha256").update(parts.map((p) => p ?? "").join("\u0000")).digest("hex");
}

function location(urn: string | null, context: MachineFormatContext) {
    return {
        physicalLocation: { artifactLocation: { uri: context.sourceFile, uriBaseId: "%SRCROOT%" }, region: { startLine: 1 } },
        logicalLocations: [urn ? { name: urn.split("::").pop() ?? urn, fullyQualifiedName: urn, kind: "resource" } : { name: "stack", kind: "module" }],
    };
}

export function sarifDocument(report: PreviewReport, context: MachineFormatContext) {
    const rules = context.policies.map((p) => ({
        id: p.name,
        name: p.name,
        shortDescription: { text: p.description || p.name },
        fullDescription: { text: p.description || p.name },
        help: { text: `${p.description || p.name} Enforcement: ${p.enforcementLevel} (policy pack ${context.packName}).` },
        defaultConfiguration: { level: levelOf(p.enforcementLevel) },
        properties: { tags: ["security", "pulumi", "policy-as-code"], enforcementLevel: p.enforcementLevel },
    }));
    if (report.warnings.length > 0) {
        rules.push({
            id: WARNING_RULE_ID,
            name: WARNING_RULE_ID,
            shortDescription: { text: "A warning the Pulumi program logged during the preview." },
            fullDescription: { text: "A warning the Pulumi program logged (pulumi.log.warn) during the offline preview, e.g. a rotation that would overwrite an external value." },
            help: { text: "Read the warning; it is not a policy violation." },
            defaultConfiguration: { level: "note" },
            properties: { tags: ["pulumi"], enforcementLevel: "advisory" },
        });
    }
    const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
    // A policy a pack reports without listing it still needs a rule entry.
    for (const v of report.violations) {
        if (!ruleIndex.has(v.policyName)) {
            ruleIndex.set(v.policyName, rules.length);
            rules.push({ id: v.policyName, name: v.policyName, shortDescription: { text: v.policyName }, fullDescription: { text: v.policyName }, help: { text: v.policyName }, defaultConfiguration: { level: levelOf(v.enforcementLevel) }, properties: { tags: ["security"], enforcementLevel: v.enforcementLevel } });
        }
    }
    const results = [
        ...report.violations.map((v) => ({
            ruleId: v.policyName,
            ruleIndex: ruleIndex.get(v.policyName)!,
            level: levelOf(v.enforcementLevel),
            message: { text: v.message },
            locations: [location(v.urn, context)],
            partialFingerprints: { "secretsetFinding/v1": fingerprint(v.policyName, v.urn, v.message) },
            properties: { enforcementLevel: v.enforcementLevel, urn: v.urn },
        })),
        ...report.warnings.map((w) => ({
            ruleId: WARNING_RULE_ID,
            ruleIndex: ruleIndex.get(WARNING_RULE_ID)!,
            level: "note" as SarifLevel,
            message: { text: w.message },
            locations: [location(w.urn, context)],
            partialFingerprints: { "secretsetFinding/v1": fingerprint(WARNING_RULE_ID, w.urn, w.message) },
            properties: { enforcementLevel: "advisory", urn: w.urn },
        })),
    ];
    return {
        $schema: SARIF_SCHEMA,
        version: "2.1.0",
        runs: [
            {
                tool: { driver: { name: context.packName, version: context.packVersion, informationUri: "https://www.pulumi.com/docs/using-pulumi/crossguard/", rules } },
                automationDetails: { id: `secretset-offline-preview/${report.stack}/` },
                originalUriBaseIds: { "%SRCROOT%": { description: { text: "The repository root." } } },
                results,
                properties: { stack: report.stack, summary: report.summary },
            },
        ],
    };
}

export function formatSarif(report: PreviewReport, context: MachineFormatContext): string {
    return `${JSON.stringify(sarifDocument(report, context), null, 2)}\n`;
}
