// Reads a stack's `Pulumi.<stack>.yaml` into what `pulumi.runtime.setAllConfig`
// takes. Values the tool cannot or must not know (encrypted `secure:` values, and
// values of declared secrets that are not set) become a redacted placeholder that
// stays marked secret, so the program runs exactly as it would with real values.
import * as fs from "fs";
import { InputError, messageOf } from "./inputError";
import { REDACTED_PLACEHOLDER } from "./wireValues";

// js-yaml ships without typings; only `load` is used.
const yaml = require("js-yaml") as { load(text: string): unknown };

export const PROJECT = "secretset";

export interface StackConfig {
    /** Fully qualified key (`secretset:app`) to the string form the runtime expects. */
    config: Record<string, string>;
    secretKeys: string[];
    /** Keys whose value was encrypted in the file and is redacted here. */
    encryptedKeys: string[];
    /** Declared secrets with no value anywhere: given the placeholder. */
    unsetSecretKeys: string[];
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isSecureValue(value: unknown): boolean {
    return isPlainObject(value) && Object.keys(value).length === 1 && typeof value.secure === "string";
}

/** Replaces nested `{ secure: ... }` with the placeholder; reports whether any was found. */
function redactSecure(value: unknown): { value: unknown; redacted: boolean } {
    if (isSecureValue(value)) return { value: REDACTED_PLACEHOLDER, redacted: true };
    if (Array.isArray(value)) {
        const items = value.map(redactSecure);
        return { value: items.map((i) => i.value), redacted: items.some((i) => i.redacted) };
    }
    if (isPlainObject(value)) {
        let redacted = false;
        const result: Record<string, unknown> = {};
        for (const [key, item] of Object.entries(value)) {
            const inner = redactSecure(item);
            result[key] = inner.value;
            redacted ||= inner.redacted;
        }
        return { value: result, redacted };
    }
    return { value, redacted: false };
}

function qualify(key: string): string {
    return key.includes(":") ? key : `${PROJECT}:${key}`;
}

function asConfigString(value: unknown): string {
    return typeof value === "string" ? value : JSON.stringify(value);
}

/** A declared secret needs a config value when it has no literal, generator or external source. */
function needsConfigValue(declaration: unknown): boolean {
    if (!isPlainObject(declaration)) return false;
    return declaration.value === undefined && declaration.generate === undefined && declaration.external !== true;
}

export function parseStackConfig(text: string, file: string): StackConfig {
    let document: unknown;
    try {
        document = yaml.load(text);
    } catch (error) {
        throw new InputError(`${file} is not valid YAML: ${messageOf(error).split("\n")[0]}`);
    }
    if (document === undefined || document === null) document = {};
    if (!isPlainObject(document)) throw new InputError(`${file} must be a YAML map with a \`config\` key.`);
    const raw = document.config ?? {};
    if (!isPlainObject(raw)) throw new InputError(`\`config\` in ${file} must be a map of configuration keys.`);

    const result: StackConfig = { config: {}, secretKeys: [], encryptedKeys: [], unsetSecretKeys: [] };
    for (const [key, value] of Object.entries(raw)) {
        const qualified = qualify(key);
        const { value: redacted, redacted: wasSecure } = redactSecure(value);
        result.config[qualified] = asConfigString(redacted);
        if (wasSecure) {
            result.secretKeys.push(qualified);
            result.encryptedKeys.push(qualified);
        }
    }

    const declarations = raw[`${PROJECT}:secrets`] ?? raw.secrets;
    if (isPlainObject(declarations)) {
        for (const [name, declaration] of Object.entries(declarations)) {
            const key = `${PROJECT}:${name}`;
            if (needsConfigValue(declaration) && !(key in result.config)) {
                result.config[key] = REDACTED_PLACEHOLDER;
                result.secretKeys.push(key);
                result.unsetSecretKeys.push(key);
            }
        }
    }
    return result;
}

export function readStackConfig(file: string): StackConfig {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        throw new InputError(code === "ENOENT" ? `Stack config ${file} does not exist; pass --stack <name> for Pulumi.<name>.yaml or --config <file>.` : `Cannot read stack config ${file}: ${messageOf(error)}`);
    }
    return parseStackConfig(text, file);
}

/** The notice printed on stderr: key names only, never values. */
export function redactionNotice(config: StackConfig, stack: string): string[] {
    const lines: string[] = [];
    if (config.encryptedKeys.length > 0) {
        lines.push(`notice: encrypted values are not decrypted offline; using a redacted placeholder (still secret) for: ${config.encryptedKeys.join(", ")}`);
    }
    for (const key of config.unsetSecretKeys) {
        const name = key.slice(PROJECT.length + 1);
        lines.push(`notice: \`${key}\` is not set; using a redacted placeholder (still secret). Set it with: pulumi config set --secret ${name} --stack ${stack}`);
    }
    return lines;
}
