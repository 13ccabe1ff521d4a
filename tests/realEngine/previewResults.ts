// Brings the real CLI's preview (`pulumi preview --json` + the engine's event
// log) and the offline preview (`--format json`) into one comparable shape:
// resources by URN with type, parent, protect, ignoreChanges and aliases, and
// violations by policy, URN, level and message. `differences` lists every
// mismatch in words, so a failing test says what disagrees.
import * as fs from "fs";
import { ALL_POLICIES } from "../../policies/allPolicies";

export interface ComparableResource {
    type: string;
    parent: string | null;
    protect: boolean;
    retainOnDelete: boolean;
    ignoreChanges: string[];
    aliases: string[];
}

export interface ComparableViolation {
    policyName: string;
    urn: string | null;
    enforcementLevel: string;
    message: string;
}

export interface ComparablePreview {
    resources: Map<string, ComparableResource>;
    violations: ComparableViolation[];
}

const ENGINE_OWNED_TYPES = (type: string) => type === "pulumi:pulumi:Stack" || type.startsWith("pulumi:providers:");

interface EngineState {
    urn: string; type: string; parent?: string; protect?: boolean; retainOnDelete?: boolean; ignoreChanges?: string[]; aliases?: string[];
}

/** Real preview: resources from `pulumi preview --json` steps, violations from the `--event-log` file. */
export function fromRealPreview(previewJson: string, eventLogFile: string): ComparablePreview {
    const preview = JSON.parse(previewJson) as { steps?: { newState?: EngineState; oldState?: EngineState }[] };
    const states = (preview.steps ?? []).map((s) => s.newState ?? s.oldState).filter((s): s is EngineState => s !== undefined);
    const stackUrn = states.find((s) => s.type === "pulumi:pulumi:Stack")?.urn;
    const resources = new Map<string, ComparableResource>();
    for (const s of states) {
        if (ENGINE_OWNED_TYPES(s.type)) continue;
        resources.set(s.urn, {
            type: s.type,
            // The offline preview reports top-level resources with no parent; the engine parents them to the stack.
            parent: !s.parent || s.parent === stackUrn ? null : s.parent,
            protect: s.protect === true,
            retainOnDelete: s.retainOnDelete === true,
            ignoreChanges: [...(s.ignoreChanges ?? [])].sort(),
            aliases: [...(s.aliases ?? [])].sort(),
        });
    }
    return { resources, violations: violationsFromEventLog(eventLogFile, stackUrn) };
}

/**
 * Policy violations the engine reported. Two presentation differences from the offline
 * JSON contract are undone: the engine prefixes each message with the policy's
 * description line, and it attributes stack-policy violations to the Stack resource
 * (the contract says `urn: null` for those).
 */
export function violationsFromEventLog(eventLogFile: string, stackUrn?: string): ComparableViolation[] {
    const violations: ComparableViolation[] = [];
    for (const line of fs.readFileSync(eventLogFile, "utf8").split("\n")) {
        if (!line.trim()) continue;
        const event = JSON.parse(line) as { policyEvent?: { resourceUrn?: string; policyName: string; enforcementLevel: string; message: string } };
        const p = event.policyEvent;
        if (!p) continue;
        const description = ALL_POLICIES.find((policy) => policy.name === p.policyName)?.description;
        const message = description && p.message.startsWith(`${description}\n`) ? p.message.slice(description.length + 1).trim() : p.message.trim();
        const urn = !p.resourceUrn || p.resourceUrn === stackUrn || p.resourceUrn.includes("::pulumi:pulumi:Stack::") ? null : p.resourceUrn;
        violations.push({ policyName: p.policyName, urn, enforcementLevel: p.enforcementLevel, message });
    }
    return sortViolations(violations);
}

/** Offline preview: the `--format json` contract (docs/offline-preview.md). */
export function fromOfflinePreview(json: string): ComparablePreview {
    const report = JSON.parse(json) as {
        resources: { urn: string; type: string; parent: string | null; options: { protect: boolean; retainOnDelete: boolean; ignoreChanges: string[]; aliases: string[] } }[];
        violations: ComparableViolation[];
    };
    const resources = new Map<string, ComparableResource>();
    for (const r of report.resources) {
        resources.set(r.urn, {
            type: r.type,
            parent: r.parent,
            protect: r.options.protect,
            retainOnDelete: r.options.retainOnDelete,
            ignoreChanges: [...r.options.ignoreChanges].sort(),
            aliases: [...r.options.aliases].sort(),
        });
    }
    const violations = report.violations.map((v) => ({ policyName: v.policyName, urn: v.urn, enforcementLevel: v.enforcementLevel, message: v.message.trim() }));
    return { resources, violations: sortViolations(violations) };
}

function sortViolations(list: ComparableViolation[]): ComparableViolation[] {
    const key = (v: ComparableViolation) => `${v.policyName}|${v.urn ?? ""}|${v.message}`;
    return list.sort((a, b) => key(a).localeCompare(key(b)));
}

/**
 * Every way the two previews disagree, one line each; empty when they agree.
 * Aliases: the engine records only the alias it used, i.e. a declared alias that
 * names a resource already in the state (`priorUrns`, empty for a new stack);
 * the offline preview lists every declared alias. So the real aliases must be
 * exactly the offline ones found in the prior state.
 */
export function differences(offline: ComparablePreview, real: ComparablePreview, priorUrns: ReadonlySet<string> = new Set()): string[] {
    const found: string[] = [];
    for (const urn of offline.resources.keys()) if (!real.resources.has(urn)) found.push(`only offline: ${urn}`);
    for (const urn of real.resources.keys()) if (!offline.resources.has(urn)) found.push(`only real: ${urn}`);
    for (const [urn, o] of offline.resources) {
        const r = real.resources.get(urn);
        if (!r) continue;
        const expected: ComparableResource = { ...o, aliases: o.aliases.filter((alias) => priorUrns.has(alias)) };
        for (const field of Object.keys(expected) as (keyof ComparableResource)[]) {
            if (JSON.stringify(expected[field]) !== JSON.stringify(r[field])) {
                found.push(`${urn}: ${field} offline ${JSON.stringify(expected[field])} vs real ${JSON.stringify(r[field])}`);
            }
        }
    }
    const text = (v: ComparableViolation) => `${v.enforcementLevel} ${v.policyName} on ${v.urn ?? "the stack"}: ${v.message}`;
    const offlineViolations = offline.violations.map(text), realViolations = real.violations.map(text);
    for (const v of offlineViolations) if (!realViolations.includes(v)) found.push(`violation only offline: ${v}`);
    for (const v of realViolations) if (!offlineViolations.includes(v)) found.push(`violation only real: ${v}`);
    return found;
}
