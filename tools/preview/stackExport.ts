// Reads a `pulumi stack export` file (deployment version 3) so an existing
// stack can be audited with the same pack, without running its program.
import * as fs from "fs";
import { InputError, messageOf } from "./inputError";
import type { CollectedStack } from "./model";
import { collectFromStates } from "./stateResources";
import { fromExportForm } from "./wireValues";

const SUPPORTED_DEPLOYMENT_VERSION = 3;

export function readJsonFile(file: string, what: string): unknown {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (error) {
        throw new InputError(`Cannot read ${what} ${file}: ${(error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : messageOf(error)}`);
    }
    try {
        return JSON.parse(text);
    } catch (error) {
        throw new InputError(`${what} ${file} is not valid JSON: ${messageOf(error)}`);
    }
}

export function collectFromExport(document: unknown, source: string, stack?: string): CollectedStack {
    const root = document as { version?: unknown; deployment?: { resources?: unknown } } | null;
    if (typeof root !== "object" || root === null || Array.isArray(root) || root.deployment === undefined) {
        throw new InputError(`${source} is not a \`pulumi stack export\` file (no \`deployment\`).`);
    }
    if (root.version !== SUPPORTED_DEPLOYMENT_VERSION) {
        throw new InputError(`${source} is deployment version ${JSON.stringify(root.version)}; only version ${SUPPORTED_DEPLOYMENT_VERSION} is supported (export it with a current Pulumi CLI).`);
    }
    const resources = root.deployment.resources ?? [];
    if (!Array.isArray(resources)) throw new InputError(`${source}: \`deployment.resources\` must be a list.`);
    return collectFromStates(resources as Record<string, unknown>[], fromExportForm, source, stack);
}

export function readStackExport(file: string, stack?: string): CollectedStack {
    return collectFromExport(readJsonFile(file, "stack export"), file, stack);
}
