// `npm run preview:offline -- --stack dev [...]`: prints the preview in the chosen
// format on stdout, notices and warnings on stderr; exit 0 clean, 1 mandatory
// violations, 2 invalid input (one line on stderr, never a stack trace). Every
// byte written, on stdout and stderr, goes through one secret scrubber.
// First: every .ts module below loads through the transpile cache.
import "./registerTranspileCache";
import * as path from "path";
import { parseArgs, PreviewArgs, USAGE } from "./args";
import { oneLine } from "./configPreflight";
import { formatJunit } from "./formatJunit";
import { formatMarkdown } from "./formatMarkdown";
import { formatSarif, MachineFormatContext } from "./formatSarif";
import { formatTree } from "./formatTree";
import { messageOf } from "./inputError";
import { PreviewOutcome, readAndCheckStackConfig, REPO_ROOT, runOfflinePreview } from "./runPreview";
import { SecretScrubber } from "./secretScrubber";
import { plainText } from "./textEscape";

const scrubber = new SecretScrubber();

/** One line per notice: scrubbed, and control characters from the input shown as escapes. */
function writeStderr(line: string): void {
    process.stderr.write(`${plainText(scrubber.scrub(line))}\n`);
}

function failInput(error: unknown): never {
    for (const notice of (error as { notices?: string[] } | null)?.notices ?? []) writeStderr(notice);
    // One line: multi-line messages (several validation problems) are joined.
    writeStderr(`error: ${oneLine(messageOf(error))}`);
    process.exit(2);
}

/** Repository-relative path (with `/`) of the file the stack came from, for SARIF locations. */
function sourceFileOf(args: PreviewArgs): string {
    const file = args.exportFile ?? args.previewJsonFile ?? args.configFile ?? `Pulumi.${args.stack}.yaml`;
    const absolute = path.resolve(args.exportFile || args.previewJsonFile || args.configFile ? process.cwd() : REPO_ROOT, file);
    return path.relative(REPO_ROOT, absolute).split(path.sep).join("/");
}

function render(args: PreviewArgs, outcome: PreviewOutcome): string {
    const context: MachineFormatContext = {
        packName: outcome.evaluation.packName,
        packVersion: outcome.evaluation.packVersion,
        policies: outcome.evaluation.policies,
        sourceFile: sourceFileOf(args),
    };
    switch (args.format) {
        case "json":
            return `${JSON.stringify(scrubber.scrubDeep(outcome.report), null, 2)}\n`;
        case "sarif":
            return formatSarif(scrubber.scrubDeep(outcome.report), scrubber.scrubDeep(context));
        case "junit":
            return scrubber.scrub(formatJunit(outcome.report, context));
        case "markdown":
            return scrubber.scrub(formatMarkdown(outcome.report, outcome.collected));
        default:
            return scrubber.scrub(formatTree(outcome.report));
    }
}

async function main(): Promise<void> {
    const args = parseArgs(process.argv.slice(2));
    if (args.help) {
        process.stdout.write(`${USAGE}\n`);
        return;
    }
    if (args.validateOnly) {
        const { file } = readAndCheckStackConfig(args, REPO_ROOT, scrubber);
        writeStderr(`Stack config ${file} is valid.`);
        return;
    }
    const outcome = await runOfflinePreview(args, REPO_ROOT, scrubber);
    for (const notice of outcome.notices) writeStderr(notice);
    process.stdout.write(render(args, outcome), () => process.exit(outcome.exitCode));
}

// Anything that escapes is reported the same way: the tool never prints a stack trace.
process.on("uncaughtException", failInput);
process.on("unhandledRejection", failInput);
main().catch(failInput);
