// Installs the stand-ins where the real CLI looks for plugins, in a throw-away
// PULUMI_HOME: each pass-through provider as an installed plugin
// (`$PULUMI_HOME/plugins/resource-<name>-v<version>/pulumi-resource-<name>`, the
// layout `pulumi plugin install` writes, at the version the npm package asks for)
// and the language host as `pulumi-language-nodejs` in a bin folder put first on
// PATH (the CLI looks for language hosts next to itself or on PATH).
import * as fs from "fs";
import * as path from "path";
import { requiredProviderPackages } from "./standins/requiredPackages";

const STANDINS = path.join(__dirname, "standins");
const REPO_ROOT = path.resolve(__dirname, "..", "..");

/** The providers SecretSet's program needs; each must have a stand-in. */
export const STANDIN_PROVIDERS = ["aws", "random", "time", "vault"] as const;

function launcher(script: string, args: string[]): string {
    const tsNode = require.resolve("ts-node/register/transpile-only", { paths: [REPO_ROOT] });
    const quoted = [process.execPath, "-r", tsNode, script, ...args].map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(" ");
    // TS_NODE_PROJECT: the stand-ins compile with the repository's tsconfig wherever the CLI starts them.
    return `#!/bin/sh\nTS_NODE_PROJECT='${path.join(REPO_ROOT, "tsconfig.json")}' exec ${quoted} "$@"\n`;
}

function writeExecutable(file: string, text: string): void {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text, { mode: 0o755 });
}

/**
 * Writes the stand-in plugins for the providers installed for `programDir`.
 * Returns the bin folder to put first on PATH and the installed provider versions.
 */
export function installStandins(pulumiHome: string, binDir: string, programDir: string): { providers: { name: string; version: string }[] } {
    writeExecutable(path.join(binDir, "pulumi-language-nodejs"), launcher(path.join(STANDINS, "languageHost.ts"), []));
    const providers = requiredProviderPackages(programDir).filter((p) => (STANDIN_PROVIDERS as readonly string[]).includes(p.name));
    for (const p of providers) {
        const dir = path.join(pulumiHome, "plugins", `resource-${p.name}-${p.version}`);
        writeExecutable(path.join(dir, `pulumi-resource-${p.name}`), launcher(path.join(STANDINS, "passThroughProvider.ts"), [p.name, p.version]));
    }
    return { providers: providers.map((p) => ({ name: p.name, version: p.version })) };
}
