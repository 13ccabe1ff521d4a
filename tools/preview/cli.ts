// `npm run preview:offline -- --stack dev [...]`: prints the preview in the chosen
// format on stdout, notices on stderr; exit 0 clean, 1 mandatory violations,
// 2 invalid input (one line on stderr, never a stack trace).
// First: every .ts module below loads through the transpile cache.
import "./registerTranspileCache";
import { parseArgs, USAGE } from "./args";
import { formatMarkdown } from "./formatMarkdown";
import { formatTree } from "./formatTree";
import { messageOf } from "./inputError";
import { runOfflinePreview } from "./runPreview";

function failInput(error: unknown): never {
    // One line: multi-line messages (several validation problems) are joined.
    const message = messageOf(error).split("\n").map((l) => l.trim()).filter((l) => l !== "").join(" ");
    process.stderr.write(`error: ${message}\n`);
    process.exit(2);
}

async function main(): Promise<void> {
    const args = parseArgs(process.argv.slice(2));
    if (args.help) {
        process.stdout.write(`${USAGE}\n`);
        return;
    }
    const outcome = await runOfflinePreview(args);
    for (const notice of outcome.notices) process.stderr.write(`${notice}\n`);
    const output =
        args.format === "json"
            ? `${JSON.stringify(outcome.report, null, 2)}\n`
            : args.format === "markdown"
              ? formatMarkdown(outcome.report, outcome.collected)
              : formatTree(outcome.report);
    process.stdout.write(output, () => process.exit(outcome.exitCode));
}

// Anything that escapes is reported the same way: the tool never prints a stack trace.
process.on("uncaughtException", failInput);
process.on("unhandledRejection", failInput);
main().catch(failInput);
