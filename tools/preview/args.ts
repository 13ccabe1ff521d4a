// Command-line flags of `npm run preview:offline -- ...`.
import { InputError } from "./inputError";

export type OutputFormat = "tree" | "json" | "markdown" | "sarif" | "junit";
const FORMATS: readonly OutputFormat[] = ["tree", "json", "markdown", "sarif", "junit"];

export interface PreviewArgs {
    /** Stack name: selects Pulumi.<stack>.yaml and policies/config/<stack>.json; the default environment. */
    stack?: string;
    format: OutputFormat;
    configFile?: string;
    policyConfigFile?: string;
    exportFile?: string;
    previewJsonFile?: string;
    program?: string;
    policyPack?: string;
    /** Only read and validate the stack config (the fast path); no program, no pack. */
    validateOnly?: boolean;
    help: boolean;
}

export const USAGE = `usage: npm run preview:offline -- --stack <name> [options]

  --stack <name>           stack to preview (reads Pulumi.<name>.yaml; the default environment)
  --format tree|json|markdown|sarif|junit
                           output format (default: tree); sarif = SARIF 2.1.0 for GitHub code
                           scanning, junit = JUnit XML for CI test reports
  --config <file>          read this file as the stack's configuration instead of Pulumi.<name>.yaml
  --policy-config <file>   policy pack config (default: policies/config/<name>.json; a stack without
                           one gets the strictest shipped config, policies/config/prod.json)
  --export <file>          check a \`pulumi stack export\` file (deployment v3) instead of running the program
  --preview-json <file>    check a \`pulumi preview --json\` file instead of running the program
  --program <file>         program to run (default: index.ts)
  --policy-pack <dir>      policy pack folder (default: policies)
  --validate-only          only read and validate the stack config (exit 0 valid, 2 invalid)
  --help                   show this help

exit codes: 0 no mandatory violation, 1 mandatory violations, 2 invalid input`;

const VALUE_FLAGS: Record<string, keyof PreviewArgs> = {
    "--stack": "stack",
    "--format": "format",
    "--config": "configFile",
    "--policy-config": "policyConfigFile",
    "--export": "exportFile",
    "--preview-json": "previewJsonFile",
    "--program": "program",
    "--policy-pack": "policyPack",
};

export function parseArgs(argv: readonly string[]): PreviewArgs {
    const values: Record<string, string> = {};
    let help = false;
    let validateOnly = false;
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        if (arg === "--help" || arg === "-h") {
            help = true;
            continue;
        }
        if (arg === "--validate-only") {
            validateOnly = true;
            continue;
        }
        const [flag, inline] = arg.startsWith("--") && arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
        const key = VALUE_FLAGS[flag];
        if (!key) throw new InputError(`Unknown argument \`${arg}\`; run with --help for the flags.`);
        const value = inline ?? argv[++i];
        if (value === undefined || value === "" || (inline === undefined && value.startsWith("--"))) {
            throw new InputError(`\`${flag}\` needs a value.`);
        }
        if (key in values) throw new InputError(`\`${flag}\` is given twice.`);
        values[key] = value;
    }
    const format = (values.format ?? "tree") as OutputFormat;
    if (!FORMATS.includes(format)) throw new InputError(`\`--format\` must be one of ${FORMATS.join(", ")}; got "${values.format}".`);
    const args: PreviewArgs = { ...values, format, help, validateOnly } as PreviewArgs;
    if (help) return args;
    if (args.exportFile && args.previewJsonFile) throw new InputError("Give only one of `--export` and `--preview-json`.");
    const checksFile = args.exportFile !== undefined || args.previewJsonFile !== undefined;
    if (checksFile && (args.configFile || args.program)) {
        throw new InputError("`--config` and `--program` run the program; they cannot be combined with `--export` or `--preview-json`.");
    }
    if (validateOnly && checksFile) throw new InputError("`--validate-only` checks a stack config; it cannot be combined with `--export` or `--preview-json`.");
    if (!checksFile && args.stack === undefined) throw new InputError("`--stack <name>` is required (e.g. --stack dev).");
    if (args.stack !== undefined && !/^[A-Za-z0-9_.-]+$/.test(args.stack)) {
        throw new InputError(`\`--stack\` "${args.stack}" is not a stack name (letters, digits, \`-\`, \`_\`, \`.\`).`);
    }
    return args;
}
