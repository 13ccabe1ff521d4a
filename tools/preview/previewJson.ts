// Reads a `pulumi preview --json` file: the new state of every step (older CLIs
// call it `resource`), latest step per URN, deletions left out.
import { CONFIG_NAMESPACE, SETTING_KEYS } from "../../components/configKeys";
import { InputError } from "./inputError";
import type { CollectedStack, ProgramWarning } from "./model";
import { readJsonFile } from "./stackExport";
import { collectFromStates } from "./stateResources";
import { fromPreviewForm } from "./wireValues";

const REMOVING_OPS = new Set(["delete", "delete-replaced", "discard", "discard-replaced", "remove-pending-replace"]);

export function collectFromPreview(document: unknown, source: string, stack?: string): CollectedStack {
    const steps = (document as { steps?: unknown } | null)?.steps;
    if (!Array.isArray(steps)) throw new InputError(`${source} is not a \`pulumi preview --json\` file (no \`steps\` list).`);
    const latest = new Map<string, Record<string, unknown>>();
    for (const step of steps as Record<string, unknown>[]) {
        const state = (step?.newState ?? step?.resource) as Record<string, unknown> | undefined;
        const urn = (state?.urn ?? step?.urn) as string | undefined;
        if (typeof urn !== "string") throw new InputError(`${source}: a step has no \`urn\`.`);
        if (REMOVING_OPS.has(String(step.op)) || state === undefined) {
            if (String(step.op) !== "delete-replaced") latest.delete(urn);
            continue;
        }
        latest.set(urn, { ...state, urn });
    }
    const collected = collectFromStates([...latest.values()], fromPreviewForm, source, stack);
    collected.warnings = warningDiagnostics((document as { diagnostics?: unknown }).diagnostics);
    collected.secretValues = possiblySecretConfig((document as { config?: unknown }).config);
    return collected;
}

/**
 * A preview made with `--show-secrets` shows secret config in plain text, unmarked:
 * every `secretset:` value that is not a setting (a secret's value) counts as secret.
 */
function possiblySecretConfig(config: unknown): string[] {
    if (typeof config !== "object" || config === null) return [];
    const settings: readonly string[] = SETTING_KEYS;
    return Object.entries(config as Record<string, unknown>)
        .filter(([key, value]) => key.startsWith(`${CONFIG_NAMESPACE}:`) && !settings.includes(key.slice(CONFIG_NAMESPACE.length + 1)) && typeof value === "string")
        .map(([, value]) => value as string);
}

/** The preview's own warning diagnostics (what the program logged during `pulumi preview`). */
function warningDiagnostics(diagnostics: unknown): ProgramWarning[] {
    if (!Array.isArray(diagnostics)) return [];
    return diagnostics
        .filter((d): d is Record<string, unknown> => typeof d === "object" && d !== null && d.severity === "warning" && typeof d.message === "string")
        .map((d) => ({ urn: typeof d.urn === "string" && d.urn !== "" ? d.urn : null, message: String(d.message).trim() }));
}

export function readPreviewJson(file: string, stack?: string): CollectedStack {
    return collectFromPreview(readJsonFile(file, "preview file"), file, stack);
}
