// `npm run audit -- --stack prod [...]`: the report on stdout; exit 0 clean,
// 1 mandatory findings, 2 invalid input or an unreadable store (one line on stderr).
import { messageOf } from "../preview/inputError";
import { AUDIT_USAGE, parseAuditArgs } from "./args";
import { formatAuditMarkdown, formatAuditTree } from "./auditReport";
import { runAudit } from "./runAudit";

function fail(error: unknown): never {
    const message = messageOf(error).split("\n").map((l) => l.trim()).filter((l) => l !== "").join(" ");
    process.stderr.write(`error: ${message}\n`);
    process.exit(2);
}

async function main(): Promise<void> {
    const args = parseAuditArgs(process.argv.slice(2));
    if (args.help) {
        process.stdout.write(`${AUDIT_USAGE}\n`);
        return;
    }
    const { report, exitCode } = await runAudit(args);
    const output = args.format === "json" ? `${JSON.stringify(report, null, 2)}\n` : args.format === "markdown" ? formatAuditMarkdown(report) : formatAuditTree(report);
    process.stdout.write(output, () => process.exit(exitCode));
}

process.on("uncaughtException", fail);
process.on("unhandledRejection", fail);
main().catch(fail);
