// The fast path of the offline preview: the same reading and validation of the
// stack config that the program does (components/stackConfig.ts), run in the CLI
// before a process is started, so every input problem is exit 2 with one clear
// message. `--validate-only` stops here; the fuzz test drives `validateStackConfigText`.
import { SETTING_KEYS } from "../../components/configKeys";
import { readSecretSetConfig } from "../../components/stackConfig";
import { InputError, messageOf } from "./inputError";
import { parseStackConfig, PROJECT, StackConfig } from "./stackConfig";

/** Throws InputError listing every problem of the config, as the program would report them. */
export function preflightStackConfig(config: StackConfig, stack: string, file: string): void {
    const secretKeys = new Set(config.secretKeys);
    const { problems } = readSecretSetConfig({ values: config.config, isSecret: (key) => secretKeys.has(key), stack });
    if (problems.length === 0) return;
    const count = `${problems.length} problem${problems.length === 1 ? "" : "s"}`;
    throw new InputError(`Stack config ${file} has ${count}:\n${problems.map((p) => `  - ${p.message}`).join("\n")}`);
}

/**
 * Plaintext values in the config that may be secret: values of every `secretset:` key
 * that is not a setting (declared secrets, orphans), and literal `value`s of any
 * declaration that is not plainly public. The scrubber never lets them be printed.
 */
export function possiblySecretConfigValues(config: StackConfig): string[] {
    const values: string[] = [];
    const settings: readonly string[] = SETTING_KEYS;
    for (const [key, value] of Object.entries(config.config)) {
        if (key.startsWith(`${PROJECT}:`) && !settings.includes(key.slice(PROJECT.length + 1))) values.push(value);
        else if (config.secretKeys.includes(key)) values.push(value);
    }
    let declarations: unknown;
    try {
        declarations = JSON.parse(config.config[`${PROJECT}:secrets`] ?? "{}");
    } catch {
        declarations = {};
    }
    if (typeof declarations === "object" && declarations !== null) {
        for (const declaration of Object.values(declarations as Record<string, unknown>)) {
            const d = declaration as Record<string, unknown> | null;
            if (d && typeof d === "object" && d.classification !== "public") collectStrings(d.value, values);
        }
    }
    return values;
}

function collectStrings(value: unknown, into: string[]): void {
    if (typeof value === "string") into.push(value);
    else if (Array.isArray(value)) value.forEach((v) => collectStrings(v, into));
    else if (typeof value === "object" && value !== null) Object.values(value).forEach((v) => collectStrings(v, into));
}

export interface ValidationOutcome {
    exitCode: 0 | 2;
    /** The line the CLI prints on stderr (empty when valid). */
    message: string;
    /** Values the output must never contain. */
    secrets: string[];
}

/** The CLI's `--validate-only` on a config text, in-process. Anything but an InputError is a bug and is rethrown. */
export function validateStackConfigText(text: string, stack: string, file = `Pulumi.${stack}.yaml`): ValidationOutcome {
    let secrets: string[] = [];
    try {
        const config = parseStackConfig(text, file);
        secrets = possiblySecretConfigValues(config);
        preflightStackConfig(config, stack, file);
        return { exitCode: 0, message: "", secrets };
    } catch (error) {
        if (!(error instanceof InputError)) throw error;
        return { exitCode: 2, message: oneLine(messageOf(error)), secrets };
    }
}

/** The CLI prints errors on one line (several problems are joined). */
export function oneLine(message: string): string {
    return message.split("\n").map((l) => l.trim()).filter((l) => l !== "").join(" ");
}
