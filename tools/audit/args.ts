// Command-line flags of `npm run audit -- ...`.
import { InputError } from "../preview/inputError";

export type AuditFormat = "tree" | "json" | "markdown";
const FORMATS: readonly AuditFormat[] = ["tree", "json", "markdown"];
/** Security Hub SecretsManager.3's default `unusedForDays`. */
export const DEFAULT_NOT_ACCESSED_DAYS = 90;

export interface AuditArgs {
    readonly stack: string;
    readonly format: AuditFormat;
    readonly configFile?: string;
    readonly stateFile?: string;
    readonly notAccessedDays: number;
    /** Evaluate dates as of this instant instead of now (e.g. "what is overdue in two weeks"). */
    readonly asOf?: Date;
    readonly help: boolean;
}

export const AUDIT_USAGE = `usage: npm run audit -- --stack <name> [options]

Read-only: compares the secrets a stack declares with what exists in AWS and Vault.

  --stack <name>             stack to audit (reads Pulumi.<name>.yaml; the default environment)
  --format tree|json|markdown
                             output format (default: tree)
  --config <file>            read this stack file instead of Pulumi.<name>.yaml
  --state <file>             a \`pulumi stack export\` file: report values changed outside Pulumi (by version id)
  --not-accessed-days <N>    report secrets not read for more than N days (default: ${DEFAULT_NOT_ACCESSED_DAYS})
  --as-of <date>             judge intervals as of this date (ISO 8601) instead of now
  --help                     show this help

environment: AWS credentials and region as for the AWS CLI (AWS_REGION, AWS_PROFILE,
AWS_ENDPOINT_URL, ...); VAULT_ADDR and VAULT_TOKEN (and VAULT_NAMESPACE) for Vault.

exit codes: 0 no mandatory finding, 1 mandatory findings, 2 invalid input or a store that cannot be read`;

const VALUE_FLAGS = ["--stack", "--format", "--config", "--state", "--not-accessed-days", "--as-of"] as const;

export function parseAuditArgs(argv: readonly string[]): AuditArgs {
    const values: Record<string, string> = {};
    let help = false;
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        if (arg === "--help" || arg === "-h") {
            help = true;
            continue;
        }
        const [flag, inline] = arg.startsWith("--") && arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
        if (!(VALUE_FLAGS as readonly string[]).includes(flag)) throw new InputError(`Unknown argument \`${arg}\`; run with --help for the flags.`);
        const value = inline ?? argv[++i];
        if (value === undefined || value === "" || (inline === undefined && value.startsWith("--"))) throw new InputError(`\`${flag}\` needs a value.`);
        if (flag in values) throw new InputError(`\`${flag}\` is given twice.`);
        values[flag] = value;
    }
    const format = (values["--format"] ?? "tree") as AuditFormat;
    if (help) return { stack: values["--stack"] ?? "", format, notAccessedDays: DEFAULT_NOT_ACCESSED_DAYS, help };
    if (!FORMATS.includes(format)) throw new InputError(`\`--format\` must be one of ${FORMATS.join(", ")}; got "${values["--format"]}".`);
    const stack = values["--stack"];
    if (stack === undefined) throw new InputError("`--stack <name>` is required (e.g. --stack prod).");
    if (!/^[A-Za-z0-9_.-]+$/.test(stack)) throw new InputError(`\`--stack\` "${stack}" is not a stack name (letters, digits, \`-\`, \`_\`, \`.\`).`);
    const daysText = values["--not-accessed-days"];
    const notAccessedDays = daysText === undefined ? DEFAULT_NOT_ACCESSED_DAYS : Number(daysText);
    if (!Number.isInteger(notAccessedDays) || notAccessedDays < 1) throw new InputError(`\`--not-accessed-days\` must be a whole number of days, 1 or more; got "${daysText}".`);
    let asOf: Date | undefined;
    if (values["--as-of"] !== undefined) {
        asOf = new Date(values["--as-of"]);
        if (Number.isNaN(asOf.getTime())) throw new InputError(`\`--as-of\` must be an ISO 8601 date such as 2027-01-31; got "${values["--as-of"]}".`);
    }
    return {
        stack,
        format,
        notAccessedDays,
        help,
        ...(values["--config"] !== undefined ? { configFile: values["--config"] } : {}),
        ...(values["--state"] !== undefined ? { stateFile: values["--state"] } : {}),
        ...(asOf !== undefined ? { asOf } : {}),
    };
}
