// Test-side steps shared by the real-engine suites: set up a stack with sentinel
// secret values, preview it through the real CLI with the policy pack, and run
// the offline preview on the same workspace copy.
import { execFile } from "child_process";
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";
import { CliResult, EngineWorkspace } from "./engineHarness";
import { ComparablePreview, fromOfflinePreview, fromRealPreview } from "./previewResults";

/** Declared secrets whose value comes from the config key `secretset:<name>` (set with --secret). */
export function secretConfigKeys(stackFileText: string): string[] {
    const config = ((yaml.load(stackFileText) as { config?: Record<string, unknown> }).config ?? {});
    const secrets = (config["secretset:secrets"] ?? {}) as Record<string, { value?: unknown; generate?: unknown; external?: unknown }>;
    return Object.entries(secrets)
        .filter(([, d]) => d.value === undefined && d.generate === undefined && d.external !== true)
        .map(([name]) => name);
}

/** A recognisable value per key, never a real credential; searched for in outputs and state. */
export function sentinelValues(keys: readonly string[]): Record<string, string> {
    return Object.fromEntries(keys.map((key) => [key, `SENTINEL-${key}-${Math.random().toString(36).slice(2, 10)}`]));
}

/** Creates the stack from the workspace's (or the given) stack file, with sentinel values for its secret config. */
export async function initStackWithSentinels(ws: EngineWorkspace, stack: string, stackFileText?: string): Promise<Record<string, string>> {
    const text = stackFileText ?? fs.readFileSync(path.join(ws.programDir, `Pulumi.${stack}.yaml`), "utf8");
    const sentinels = sentinelValues(secretConfigKeys(text));
    await ws.initStack(stack, sentinels, stackFileText);
    return sentinels;
}

export function packConfigArgs(ws: EngineWorkspace, packConfig: string | undefined): string[] {
    if (packConfig === undefined) return [];
    if (!fs.existsSync(path.join(ws.programDir, packConfig))) throw new Error(`policy pack config ${packConfig} does not exist`);
    return ["--policy-pack-config", packConfig];
}

export interface RealPreview extends CliResult {
    comparable: ComparablePreview;
}

/** `pulumi preview --policy-pack policies [--policy-pack-config <file>] --json --show-sames` (unchanged resources too) with the engine's event log. */
export async function realPreview(ws: EngineWorkspace, stack: string, packConfig: string | undefined, extra: string[] = []): Promise<RealPreview> {
    const eventLog = path.join(ws.programDir, `.events-${stack}-${Date.now()}.jsonl`);
    const result = await ws.pulumi(["preview", "--stack", stack, "--policy-pack", "policies", ...packConfigArgs(ws, packConfig), "--json", "--show-sames", "--event-log", eventLog, ...extra]);
    // With --json a failed preview may print no JSON document; the event log still holds the violations.
    const json = result.stdout.trim().startsWith("{") ? result.stdout : "{}";
    const comparable = fromRealPreview(json, eventLog);
    fs.rmSync(eventLog, { force: true });
    return { ...result, comparable };
}

/** The offline preview of the same stack file and pack config, run in the workspace copy. */
export function offlinePreview(ws: EngineWorkspace, stack: string, packConfig: string | undefined): Promise<CliResult & { comparable: ComparablePreview }> {
    const args = ["-r", "ts-node/register/transpile-only", "tools/preview/cli.ts", "--stack", stack, "--format", "json"];
    if (packConfig !== undefined) args.push("--policy-config", packConfig);
    return new Promise((resolve, reject) => {
        execFile(process.execPath, args, { cwd: ws.programDir, env: process.env, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
            const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
            if (code !== 0 && code !== 1) {
                reject(new Error(`offline preview exited with ${code}:\n${stderr}`));
                return;
            }
            resolve({ code, stdout, stderr, comparable: fromOfflinePreview(stdout) });
        });
    });
}

export function mandatoryCount(preview: ComparablePreview): number {
    return preview.violations.filter((v) => v.enforcementLevel === "mandatory").length;
}
