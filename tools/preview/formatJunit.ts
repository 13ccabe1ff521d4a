// `--format junit`: JUnit XML for CI test reports. One <testsuite> per policy;
// in it, one <testcase> per resource the policy reported on (mandatory -> a
// <failure>, advisory -> passes with the finding in <system-out>), or a single
// passing "all resources" case when the policy found nothing. The program's
// warnings form one more suite of passing cases. Every text is XML-escaped.
import type { PreviewReport } from "./report";
import type { MachineFormatContext } from "./formatSarif";
import { xmlText } from "./textEscape";
import type { Violation } from "./model";

function attrs(values: Record<string, string | number>): string {
    return Object.entries(values).map(([k, v]) => ` ${k}="${xmlText(String(v))}"`).join("");
}

function resourceLabel(urn: string | null): string {
    return urn ? `${urn.split("::").pop() ?? urn} (${urn})` : "stack";
}

function violationCase(policy: string, v: Violation, classname: string): string {
    const open = `    <testcase${attrs({ classname, name: `${policy} on ${resourceLabel(v.urn)}` })}>`;
    const body =
        v.enforcementLevel === "mandatory"
            ? `      <failure${attrs({ type: "mandatory", message: v.message })}>${xmlText(v.message)}</failure>`
            : `      <system-out>${xmlText(`advisory: ${v.message}`)}</system-out>`;
    return `${open}\n${body}\n    </testcase>`;
}

export function formatJunit(report: PreviewReport, context: MachineFormatContext): string {
    const classname = `${context.packName}.${report.stack}`;
    const byPolicy = new Map<string, Violation[]>(context.policies.map((p) => [p.name, []]));
    for (const v of report.violations) byPolicy.set(v.policyName, [...(byPolicy.get(v.policyName) ?? []), v]);
    const suites: string[] = [];
    let tests = 0;
    let failures = 0;
    for (const [policy, violations] of byPolicy) {
        const cases = violations.length > 0 ? violations.map((v) => violationCase(policy, v, classname)) : [`    <testcase${attrs({ classname, name: `${policy} on all resources` })}/>`];
        const suiteFailures = violations.filter((v) => v.enforcementLevel === "mandatory").length;
        tests += cases.length;
        failures += suiteFailures;
        suites.push(`  <testsuite${attrs({ name: policy, tests: cases.length, failures: suiteFailures, errors: 0, skipped: 0 })}>\n${cases.join("\n")}\n  </testsuite>`);
    }
    if (report.warnings.length > 0) {
        const cases = report.warnings.map(
            (w, i) => `    <testcase${attrs({ classname, name: `warning ${i + 1} on ${resourceLabel(w.urn)}` })}>\n      <system-out>${xmlText(`warning: ${w.message}`)}</system-out>\n    </testcase>`,
        );
        tests += cases.length;
        suites.push(`  <testsuite${attrs({ name: "program-warnings", tests: cases.length, failures: 0, errors: 0, skipped: 0 })}>\n${cases.join("\n")}\n  </testsuite>`);
    }
    const header = `<testsuites${attrs({ name: `${context.packName} offline preview of ${report.stack}`, tests, failures, errors: 0 })}>`;
    return `<?xml version="1.0" encoding="UTF-8"?>\n${header}\n${suites.join("\n")}\n</testsuites>\n`;
}
