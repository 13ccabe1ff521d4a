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
import { choosePackConfig } from "./packConfigChoice";
import { possiblySecretConfigValues, preflightStackConfig } from "./configPreflight";
import { checkProjectFile } from "./projectFile";
import { ProgramError, runProgram } from "./runProgram";
import { SecretScrubber } from "./secretScrubber";
import { readStackExport } from "./stackExport";
import { PROJECT, readStackConfig, redactionNotice, StackConfig } from "./stackConfig";
import { collectSecretStrings, secretWire } from "./wireValues";

export const REPO_ROOT = path.resolve(__dirname, "..", "..");

export interface PreviewOutcome {
    report: PreviewReport;
    collected: CollectedStack;
    /** Lines for stderr (notices, program output, warnings); already scrubbed. */
    notices: string[];
    exitCode: 0 | 1;
    evaluation: PolicyEvaluation;
    /** Every secret value seen; the CLI scrubs whatever else it prints with it. */
    scrubber: SecretScrubber;
    timings: { programMs: number; totalMs: number };
    programMaxRssKb: number;
    programCpuMs: number;
}

function resolveFrom(root: string, file: string): string {
    return path.resolve(root, file);
}

function programPath(args: PreviewArgs, root: string): string {
    return resolveFrom(args.program ? process.cwd() : root, args.program ?? "index.ts");
}

/** The program's stack config, read and validated (the fast path) before any process starts. */
export function readAndCheckStackConfig(args: PreviewArgs, root: string, scrubber: SecretScrubber): { config: StackConfig; file: string } {
    const stack = args.stack!;
    const file = args.configFile ? resolveFrom(process.cwd(), args.configFile) : path.join(root, `Pulumi.${stack}.yaml`);
    const config = readStackConfig(file);
    scrubber.addAll(possiblySecretConfigValues(config));
    checkProjectFile(path.dirname(programPath(args, root)), PROJECT);
    // The SecretSet checks apply to the SecretSet program (however it is named on the
    // command line); another --program reads its own keys.
    if (programPath(args, root) === path.join(root, "index.ts")) preflightStackConfig(config, stack, file);
    return { config, file };
}

/** Runs the program under the mocks while the pack analyzes each resource it registers. */
async function previewProgram(args: PreviewArgs, root: string, packDir: string, notices: string[], scrubber: SecretScrubber) {
    const stack = args.stack!;
    const { config } = readAndCheckStackConfig(args, root, scrubber);
    notices.push(...redactionNotice(config, stack));
    const program = programPath(args, root);
    if (!fs.existsSync(program)) throw new InputError(`Program ${program} does not exist; pass --program <file>.`);
    const packConfig = choosePackConfig({ policyConfigFile: args.policyConfigFile, stack, packDir });
    if (packConfig.notice) notices.push(packConfig.notice);
    const session = new PolicySession({ packDir, stack, project: PROJECT, packConfigFile: packConfig.file });
    const started = Date.now();
    try {
        const run = await runProgram({ program, project: PROJECT, stack, config: config.config, secretKeys: config.secretKeys }, (resource) => session.analyze(resource));
        return { run, session, programMs: Date.now() - started };
    } catch (error) {
        await session.stop();
        if (error instanceof ProgramError && error.output.trim() !== "") notices.push(...outputLines(error.output));
        throw error;
    }
}

/** Program console output as stderr lines (scrubbed later, with everything else). */
function outputLines(output: string): string[] {
    return output.split("\n").filter((line) => line.trim() !== "").map((line) => `program: ${line}`);
}

export async function runOfflinePreview(args: PreviewArgs, root: string = REPO_ROOT, scrubber: SecretScrubber = new SecretScrubber()): Promise<PreviewOutcome> {
    const started = Date.now();
    const packDir = resolveFrom(root, args.policyPack ?? "policies");
    const notices: string[] = [];
    let collected: CollectedStack;
    let session: PolicySession;
    let programMs = 0;
    let programMaxRssKb = 0;
    let programCpuMs = 0;

    try {
        if (args.exportFile || args.previewJsonFile) {
            collected = args.exportFile
                ? readStackExport(resolveFrom(process.cwd(), args.exportFile), args.stack)
                : readPreviewJson(resolveFrom(process.cwd(), args.previewJsonFile!), args.stack);
            collectStackSecrets(collected, scrubber);
            // The pack config comes from the command line only, never from the stack name inside the file.
            const packConfig = choosePackConfig({ policyConfigFile: args.policyConfigFile, stack: args.stack, packDir });
            if (packConfig.notice) notices.push(packConfig.notice);
            session = new PolicySession({ packDir, stack: collected.stack, project: collected.project, packConfigFile: packConfig.file });
        } else {
            const program = await previewProgram(args, root, packDir, notices, scrubber);
            ({ collected } = program.run);
            ({ session, programMs } = program);
            programMaxRssKb = program.run.maxRssKb;
            programCpuMs = program.run.cpuMs;
            collectStackSecrets(collected, scrubber);
            notices.push(...outputLines(program.run.output));
        }
        const evaluation = await session.finish(collected);
        const report = buildReport(collected, evaluation.violations, scrubber);
        for (const warning of report.warnings) notices.push(`warning: ${warning.urn ? `${warning.urn}: ` : ""}${warning.message}`);
        return {
            report,
            collected,
            notices: notices.map((n) => scrubber.scrub(n)),
            exitCode: exitCodeOf(report),
            evaluation,
            scrubber,
            timings: { programMs, totalMs: Date.now() - started },
            programMaxRssKb,
            programCpuMs,
        };
    } catch (error) {
        if (error instanceof Error) error.message = scrubber.scrub(error.message);
        if (error instanceof InputError) (error as InputError & { notices?: string[] }).notices = notices.map((n) => scrubber.scrub(n));
        throw error;
    }
}

/**
 * Every string inside a secret, in any resource's inputs or outputs or the stack
 * outputs; the values of properties a resource declares secret
 * (`additionalSecretOutputs`, which a `--show-secrets` file shows unmarked); and
 * what the input marks as possibly secret elsewhere (a preview file's config).
 */
function collectStackSecrets(collected: CollectedStack, scrubber: SecretScrubber): void {
    const known = new Set<string>(collected.secretValues ?? []);
    for (const resource of collected.resources) {
        collectSecretStrings(resource.inputs, known);
        collectSecretStrings(resource.outputs, known);
        for (const property of resource.options.additionalSecretOutputs) {
            collectSecretStrings(secretWire(resource.inputs[property] ?? null), known);
            collectSecretStrings(secretWire(resource.outputs[property] ?? null), known);
        }
    }
    collectSecretStrings(collected.outputs, known);
    scrubber.addAll(known);
}
