// `secretset exec --stack <s> [--secrets a,b] -- <command...>`: reads the stack's secrets
// and runs the command with them in its environment. Exit code: the command's own;
// 2 when exec cannot start it (one line on stderr, never a stack trace, never a value).
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { SSMClient } from "@aws-sdk/client-ssm";
import { existsSync, readFileSync } from "fs";
import * as os from "os";
import * as path from "path";
import { InputError, messageOf } from "../preview/inputError";
import { parseExecArgs, USAGE } from "./args";
import { ExecError, type ReaderClients, readSecretValues } from "./readers";
import { endLike, runWithEnvironment } from "./runChild";
import { execTargets, readExecStack, stackFile } from "./targets";

function fail(error: unknown): never {
    const known = error instanceof InputError || error instanceof ExecError;
    const message = known ? messageOf(error) : `unexpected failure (${(error as Error)?.name ?? "error"}); no secret was passed on.`;
    process.stderr.write(`secretset exec: ${message.split("\n").join(" ")}\n`);
    process.exit(2);
}

/** The token `vault login` / `bao login` leaves in ~/.vault-token, when VAULT_TOKEN is not set. */
function tokenHelperFile(): string | undefined {
    const file = path.join(process.env.HOME ?? os.homedir(), ".vault-token");
    return existsSync(file) ? readFileSync(file, "utf8").trim() : undefined;
}

function clients(region: string | undefined): ReaderClients {
    const awsRegion = process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? region;
    return {
        ssm: () => new SSMClient(awsRegion !== undefined ? { region: awsRegion } : {}),
        secretsManager: () => new SecretsManagerClient(awsRegion !== undefined ? { region: awsRegion } : {}),
        vault: () => {
            const address = process.env.VAULT_ADDR;
            const token = process.env.VAULT_TOKEN || tokenHelperFile();
            if (address === undefined || address === "" || token === undefined || token === "") {
                throw new ExecError("A chosen secret is stored only in Vault: set VAULT_ADDR and VAULT_TOKEN (or log in with `bao login`, which writes ~/.vault-token) before `secretset exec`.");
            }
            return { address, token, ...(process.env.VAULT_NAMESPACE ? { namespace: process.env.VAULT_NAMESPACE } : {}) };
        },
    };
}

export async function main(argv: readonly string[]): Promise<void> {
    const args = parseExecArgs(argv);
    if (args.help) {
        process.stdout.write(`${USAGE}\n`);
        return;
    }
    const file = stackFile(args);
    const stack = readExecStack(file, args.stack);
    const targets = execTargets(stack.args, args.secrets, file);
    const values = await readSecretValues(targets, clients(stack.region));
    const environment = new Map(targets.map((t) => [t.envName, values.get(t.secret) ?? ""]));
    const outcome = await runWithEnvironment(args.command, environment);
    if (outcome.kind === "not-started") throw new ExecError(outcome.message);
    endLike(outcome);
}

/** Entry point of `npm run exec` and the `secretset exec` bin. */
export function runCli(argv: readonly string[]): void {
    process.on("uncaughtException", fail);
    process.on("unhandledRejection", fail);
    main(argv).catch(fail);
}

if (require.main === module) runCli(process.argv.slice(2));
