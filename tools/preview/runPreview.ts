// The offline preview as a function (the CLI, the tests and the benchmark call
// it): collect what the stack would contain, evaluate the pack over the analyzer
// protocol, and build the report. Throws InputError for invalid input (exit 2).
import * as fs from "fs";
import * as path from "path";
import type { PreviewArgs } from "./args";
import { PolicyEvaluation, PolicySession } from "./evaluatePolicies";
import { InputError } from "./inputError";
import type { CollectedStack } from "./model";
import { readPreviewJson } from "./previewJson";
import { buildReport, exitCodeOf, PreviewReport } from "./report";
import { runProgram } from "./runProgram";
import { SecretScrubber } from "./secretScrubber";
import { readStackExport } from "./stackExport";
import { PROJECT, readStackConfig, redactionNotice, StackConfig } from "./stackConfig";
import { collectSecretStrings } from "./wireValues";

export const REPO_ROOT = path.resolve(__dirname, "..", "..");

export interface PreviewOutcome {
    report: PreviewReport;
    collected: CollectedStack;
    /** Lines for stderr (redaction notices); names only. */
    notices: string[];
    exitCode: 0 | 1;
    evaluation: PolicyEvaluation;
    timings: { programMs: number; totalMs: number };
    programMaxRssKb: number;
    programCpuMs: number;
}

/** Plaintext config values of declared secrets: never printed, even if a program echoes them. */
function declaredSecretValues(config: StackConfig): string[] {
    let names: string[] = [];
    try {
        names = Object.keys(JSON.parse(config.config[`${PROJECT}:secrets`] ?? "{}"));
    } catch {
        // a malformed declaration map is reported by the program itself
    }
    return names.map((name) => config.config[`${PROJECT}:${name}`]).filter((v): v is string => v !== undefined);
}

function resolveFrom(root: string, file: string): string {
    return path.resolve(root, file);
}

function packConfigFor(args: PreviewArgs, packDir: string, stack: string): string | undefined {
    if (args.policyConfigFile) return resolveFrom(process.cwd(), args.policyConfigFile);
    const stackDefault = path.join(packDir, "config", `${stack}.json`);
    return fs.existsSync(stackDefault) ? stackDefault : undefined;
}

/** Runs the program under the mocks while the pack analyzes each resource it registers. */
async function previewProgram(args: PreviewArgs, root: string, packDir: string, notices: string[], knownSecrets: Set<string>) {
    const stack = args.stack!;
    const configFile = args.configFile ? resolveFrom(process.cwd(), args.configFile) : path.join(root, `Pulumi.${stack}.yaml`);
    const config = readStackConfig(configFile);
    notices.push(...redactionNotice(config, stack));
    declaredSecretValues(config).forEach((v) => knownSecrets.add(v));
    const program = resolveFrom(args.program ? process.cwd() : root, args.program ?? "index.ts");
    if (!fs.existsSync(program)) throw new InputError(`Program ${program} does not exist; pass --program <file>.`);
    const session = new PolicySession({ packDir, stack, project: PROJECT, packConfigFile: packConfigFor(args, packDir, stack) });
    const started = Date.now();
    try {
        const run = await runProgram({ program, project: PROJECT, stack, config: config.config, secretKeys: config.secretKeys }, (resource) => session.analyze(resource));
        return { run, session, programMs: Date.now() - started };
    } catch (error) {
        await session.stop();
        if (error instanceof Error) error.message = new SecretScrubber(knownSecrets).scrub(error.message);
        throw error;
    }
}

export async function runOfflinePreview(args: PreviewArgs, root: string = REPO_ROOT): Promise<PreviewOutcome> {
    const started = Date.now();
    const packDir = resolveFrom(root, args.policyPack ?? "policies");
    const notices: string[] = [];
    const knownSecrets = new Set<string>();
    let collected: CollectedStack;
    let session: PolicySession;
    let programMs = 0;
    let programMaxRssKb = 0;
    let programCpuMs = 0;

    if (args.exportFile || args.previewJsonFile) {
        collected = args.exportFile
            ? readStackExport(resolveFrom(process.cwd(), args.exportFile), args.stack)
            : readPreviewJson(resolveFrom(process.cwd(), args.previewJsonFile!), args.stack);
        session = new PolicySession({ packDir, stack: collected.stack, project: collected.project, packConfigFile: packConfigFor(args, packDir, collected.stack) });
    } else {
        const program = await previewProgram(args, root, packDir, notices, knownSecrets);
        ({ collected } = program.run);
        ({ session, programMs } = program);
        programMaxRssKb = program.run.maxRssKb;
        programCpuMs = program.run.cpuMs;
    }

    for (const resource of collected.resources) {
        collectSecretStrings(resource.inputs, knownSecrets);
        collectSecretStrings(resource.outputs, knownSecrets);
    }
    collectSecretStrings(collected.outputs, knownSecrets);
    const scrubber = new SecretScrubber(knownSecrets);

    let evaluation: PolicyEvaluation;
    try {
        evaluation = await session.finish(collected);
    } catch (error) {
        if (error instanceof Error) error.message = scrubber.scrub(error.message);
        throw error;
    }
    const report = buildReport(collected, evaluation.violations, scrubber);
    return { report, collected, notices, exitCode: exitCodeOf(report), evaluation, timings: { programMs, totalMs: Date.now() - started }, programMaxRssKb, programCpuMs };
}
