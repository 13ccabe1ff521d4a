// Where each chosen secret of a stack lives, derived exactly as SecretSet derives it:
// the stack file gives the declarations, `planSecret` (components/secretPlan.ts) picks
// the store and the name through policies/lib/naming.ts. No second copy of either rule.
import * as fs from "fs";
import * as path from "path";
import { CLASSIFICATIONS } from "../../policies/lib/classification";
import { planSecret, effectiveRules } from "../../components/secretPlan";
import type { SecretSetArgs } from "../../components/secretSetArgs";
import type { ClassificationTightenings, SecretDeclaration, VaultSettings } from "../../components/types";
import { InputError, messageOf } from "../preview/inputError";
import { defaultEnvName, type SecretSelection } from "./args";

const yaml = require("js-yaml") as { load(text: string): unknown };
const PROJECT = "secretset";

export type SecretLocation =
    | { readonly store: "ssm"; readonly name: string }
    | { readonly store: "secretsmanager"; readonly name: string }
    | { readonly store: "vault"; readonly mount: string; readonly path: string };

export interface ExecTarget {
    readonly secret: string;
    readonly envName: string;
    readonly location: SecretLocation;
    /** Generated JSON documents (`generate.jsonKey`): the variable gets that key's value, as CodeBuild does. */
    readonly jsonKey?: string;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

function setting(config: Record<string, unknown>, key: string): unknown {
    return config[`${PROJECT}:${key}`] ?? config[key];
}

export interface ExecStack {
    /** What the stack file declares (values are not needed to locate secrets). */
    readonly args: SecretSetArgs;
    /** `aws:region` of the stack, the default when AWS_REGION is not set. */
    readonly region?: string;
}

export function readExecStack(file: string, stack: string | undefined): ExecStack {
    let document: unknown;
    try {
        document = yaml.load(fs.readFileSync(file, "utf8"));
    } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        throw new InputError(code === "ENOENT" ? `Stack config ${file} does not exist; pass --stack <name> for Pulumi.<name>.yaml or --config <file>.` : `Cannot read stack config ${file}: ${messageOf(error).split("\n")[0]}`);
    }
    const config = isPlainObject(document) && isPlainObject(document.config) ? document.config : undefined;
    if (config === undefined) throw new InputError(`${file} must be a YAML map with a \`config\` map.`);
    const app = setting(config, "app");
    if (typeof app !== "string" || app === "") throw new InputError(`${file} has no \`${PROJECT}:app\`; it is required to derive the secrets' names.`);
    const environment = setting(config, "environment") ?? stack;
    if (typeof environment !== "string" || environment === "") {
        throw new InputError(`${file} has no \`${PROJECT}:environment\`; pass --stack <name> (the environment defaults to the stack name).`);
    }
    const secrets = setting(config, "secrets") ?? {};
    if (!isPlainObject(secrets)) throw new InputError(`\`${PROJECT}:secrets\` in ${file} must be a map of secret name to declaration.`);
    for (const [name, declaration] of Object.entries(secrets)) {
        if (!isPlainObject(declaration) || !(CLASSIFICATIONS as readonly unknown[]).includes(declaration.classification)) {
            throw new InputError(`Secret \`${name}\` in ${file} needs \`classification\` (one of ${CLASSIFICATIONS.join(", ")}); run the offline preview for the full check.`);
        }
    }
    const region = config["aws:region"];
    const args: SecretSetArgs = {
        app,
        environment,
        secrets: secrets as Record<string, SecretDeclaration>,
        vault: setting(config, "vault") as VaultSettings | undefined,
        classifications: setting(config, "classifications") as ClassificationTightenings | undefined,
    };
    return typeof region === "string" ? { args, region } : { args };
}

/**
 * The chosen secrets (all when `selection` is undefined), each with its variable name
 * and store. AWS first when a secret is in both AWS and Vault: the runner's IAM
 * identity is the usual credential; Vault-only secrets are read from Vault.
 */
export function execTargets(args: SecretSetArgs, selection: readonly SecretSelection[] | undefined, source: string): ExecTarget[] {
    const declared = Object.keys(args.secrets).sort();
    const chosen: readonly SecretSelection[] = selection ?? declared.map((secret) => ({ secret }));
    const unknown = chosen.filter((s) => args.secrets[s.secret] === undefined).map((s) => `\`${s.secret}\``);
    if (unknown.length > 0) {
        throw new InputError(`Unknown secret${unknown.length === 1 ? "" : "s"} ${unknown.join(", ")} in --secrets; ${source} declares ${declared.map((d) => `\`${d}\``).join(", ") || "no secrets"}.`);
    }
    if (chosen.length === 0) throw new InputError(`${source} declares no secrets; nothing to hand to the command.`);
    const rules = effectiveRules(args);
    const targets = chosen.map((selected): ExecTarget => {
        const plan = planSecret(selected.secret, args, rules);
        const location: SecretLocation | undefined =
            plan.ssm !== undefined
                ? { store: "ssm", name: plan.ssm.name }
                : plan.secretsManager !== undefined
                  ? { store: "secretsmanager", name: plan.secretsManager.name }
                  : plan.vault !== undefined
                    ? { store: "vault", mount: plan.vault.mount, path: plan.vault.path }
                    : undefined;
        if (location === undefined) throw new InputError(`Secret \`${selected.secret}\` has no store (check its \`backends\`).`);
        const jsonKey = plan.declaration.generate?.jsonKey;
        return { secret: selected.secret, envName: selected.envName ?? defaultEnvName(selected.secret), location, ...(jsonKey !== undefined ? { jsonKey } : {}) };
    });
    const byEnv = new Map<string, string>();
    for (const target of targets) {
        const other = byEnv.get(target.envName);
        if (other !== undefined) {
            throw new InputError(`Secrets \`${other}\` and \`${target.secret}\` would both set \`${target.envName}\`; give one another name with \`--secrets ${target.secret}=OTHER_NAME\`.`);
        }
        byEnv.set(target.envName, target.secret);
    }
    return targets;
}

export function stackFile(args: { stack?: string; configFile?: string }, cwd = process.cwd()): string {
    return args.configFile ?? path.join(cwd, `Pulumi.${args.stack}.yaml`);
}
