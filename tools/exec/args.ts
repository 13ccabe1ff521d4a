// Command-line flags of `secretset exec` / `npm run exec -- ...`.
import { InputError } from "../preview/inputError";

/** One secret to hand to the command, and the environment variable it lands in. */
export interface SecretSelection {
    readonly secret: string;
    /** Explicit `secret=VAR` name; undefined = the default derived name. */
    readonly envName?: string;
}

export interface ExecArgs {
    /** Stack name: selects Pulumi.<stack>.yaml and is the default environment. */
    readonly stack?: string;
    /** Read this stack config file instead of Pulumi.<stack>.yaml. */
    readonly configFile?: string;
    /** Undefined = every declared secret. */
    readonly secrets?: readonly SecretSelection[];
    /** The command and its arguments (everything after `--`). */
    readonly command: readonly string[];
    readonly help: boolean;
}

export const USAGE = `usage: secretset exec --stack <name> [--secrets a,b=VAR_NAME] -- <command> [args...]
       npm run exec -- --stack <name> [--secrets ...] -- <command> [args...]

Reads the stack's declared secrets from where SecretSet stores them (SSM Parameter
Store, Secrets Manager, Vault KV v2) and starts <command> with each one in its
environment. Values are never printed and never written to disk.

  --stack <name>         stack whose Pulumi.<name>.yaml declares the secrets (also the default environment)
  --config <file>        read this stack config file instead of Pulumi.<name>.yaml
  --secrets <list>       comma-separated secret names (default: every declared secret);
                         \`name=VAR\` sets the variable name, otherwise it is the name in
                         UPPER_SNAKE_CASE (docker-password -> DOCKER_PASSWORD)
  --help                 show this help

credentials: AWS from the SDK's default chain (env, profile, web identity, instance role);
             AWS_ENDPOINT_URL(_SSM / _SECRETS_MANAGER) is honoured.
             Vault from VAULT_ADDR and VAULT_TOKEN (or ~/.vault-token), only when a chosen secret is Vault-only.
exit codes:  the command's own exit code (128 + n when it died of signal n);
             2 when exec itself cannot start it (bad flag, unknown secret, missing credentials, access denied)`;

const ENV_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;

function parseSecretList(value: string): SecretSelection[] {
    const selections: SecretSelection[] = [];
    for (const item of value.split(",").map((s) => s.trim())) {
        if (item === "") throw new InputError("`--secrets` has an empty entry; give names separated by commas, e.g. --secrets docker-username,docker-password.");
        const [secret, envName, extra] = item.split("=");
        if (extra !== undefined || secret === "") throw new InputError(`\`--secrets\` entry \`${item}\` must be \`name\` or \`name=ENV_VAR\`.`);
        if (envName !== undefined && !ENV_NAME_PATTERN.test(envName)) {
            throw new InputError(`\`--secrets\` entry \`${item}\`: \`${envName}\` is not an environment variable name (letters, digits and _, not starting with a digit).`);
        }
        if (selections.some((s) => s.secret === secret)) throw new InputError(`\`--secrets\` lists \`${secret}\` twice; remove the duplicate.`);
        selections.push(envName === undefined ? { secret } : { secret, envName });
    }
    return selections;
}

export function parseExecArgs(argv: readonly string[]): ExecArgs {
    const separator = argv.indexOf("--");
    const flags = separator === -1 ? argv : argv.slice(0, separator);
    const command = separator === -1 ? [] : argv.slice(separator + 1);
    const values: { stack?: string; configFile?: string; secrets?: string } = {};
    let help = false;
    const names: Record<string, keyof typeof values> = { "--stack": "stack", "--config": "configFile", "--secrets": "secrets" };
    for (let i = 0; i < flags.length; i++) {
        const arg = flags[i];
        if (arg === "--help" || arg === "-h") {
            help = true;
            continue;
        }
        const eq = arg.startsWith("--") ? arg.indexOf("=") : -1;
        const flag = eq === -1 ? arg : arg.slice(0, eq);
        const key = names[flag];
        if (key === undefined) {
            throw new InputError(`Unknown argument \`${arg}\`; put the command after \`--\` (e.g. \`-- ./deploy.sh\`), or run with --help.`);
        }
        const value = eq === -1 ? flags[++i] : arg.slice(eq + 1);
        if (value === undefined || value === "" || (eq === -1 && value.startsWith("--"))) throw new InputError(`\`${flag}\` needs a value.`);
        if (values[key] !== undefined) throw new InputError(`\`${flag}\` is given twice.`);
        values[key] = value;
    }
    if (help) return { help, command };
    if (values.stack === undefined && values.configFile === undefined) throw new InputError("`--stack <name>` is required (e.g. --stack dev).");
    if (values.stack !== undefined && !/^[A-Za-z0-9_.-]+$/.test(values.stack)) {
        throw new InputError(`\`--stack\` "${values.stack}" is not a stack name (letters, digits, \`-\`, \`_\`, \`.\`).`);
    }
    if (command.length === 0) throw new InputError("No command to run; give it after `--`, e.g. `secretset exec --stack dev -- ./build.sh`.");
    return {
        help,
        command,
        ...(values.stack !== undefined ? { stack: values.stack } : {}),
        ...(values.configFile !== undefined ? { configFile: values.configFile } : {}),
        ...(values.secrets !== undefined ? { secrets: parseSecretList(values.secrets) } : {}),
    };
}

/** Default variable name: `docker-password` -> `DOCKER_PASSWORD`. */
export function defaultEnvName(secret: string): string {
    return secret.toUpperCase().replace(/[^A-Z0-9]+/g, "_");
}
