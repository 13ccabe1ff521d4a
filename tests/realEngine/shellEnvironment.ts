// Prints shell `export` lines that let you (or a reviewer) run the project's
// real Pulumi CLI by hand with the stand-ins, offline, exactly as the tests do:
//
//   eval "$(npm run -s engine:env)"           # or: ... -- <folder> to keep state somewhere else
//   pulumi stack init dev
//   pulumi config set --secret docker-username ... ; pulumi config set --secret docker-password ...
//   pulumi preview --stack dev --policy-pack policies --policy-pack-config policies/config/dev.json
//
// It installs the stand-ins into <folder> (default: .cache/engine/shell) and never
// touches anything else. The passphrase is only set when PULUMI_CONFIG_PASSPHRASE is unset.
import * as fs from "fs";
import * as path from "path";
import { offlineEngineEnvironment, PULUMI_CLI, REPO_ROOT, requirePulumiCli } from "./engineHarness";
import { installStandins } from "./pluginInstall";

const root = path.resolve(process.argv[2] ?? path.join(REPO_ROOT, ".cache", "engine", "shell"));
const folders = { pulumiHome: path.join(root, "pulumi-home"), binDir: path.join(root, "bin"), stateDir: path.join(root, "state") };
try {
    requirePulumiCli();
} catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(1);
}
fs.mkdirSync(folders.stateDir, { recursive: true });
installStandins(folders.pulumiHome, folders.binDir, REPO_ROOT);
// The project's CLI first on PATH, then the stand-in language host.
fs.symlinkSync(PULUMI_CLI, path.join(folders.binDir, "pulumi.tmp"));
fs.renameSync(path.join(folders.binDir, "pulumi.tmp"), path.join(folders.binDir, "pulumi"));

const env = offlineEngineEnvironment(folders);
const keys = ["PATH", "PULUMI_HOME", "PULUMI_BACKEND_URL", "PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION", "PULUMI_SKIP_UPDATE_CHECK", "PULUMI_DEBUG_COMMANDS", "PULUMI_NODEJS_TRANSPILE_ONLY"];
if (process.env.PULUMI_CONFIG_PASSPHRASE === undefined) keys.push("PULUMI_CONFIG_PASSPHRASE");
const quote = (value: string) => `'${value.replace(/'/g, "'\\''")}'`;
for (const key of keys) process.stdout.write(`export ${key}=${quote(env[key] ?? "")}\n`);
for (const key of ["AWS_REGION", "AWS_DEFAULT_REGION", "AWS_PROFILE", "VAULT_ADDR", "VAULT_TOKEN"]) process.stdout.write(`unset ${key}\n`);
