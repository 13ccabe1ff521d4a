// Which pack config file a run uses. Chosen ONLY from the command line
// (`--policy-config`, else `--stack`), never from a name found inside the input:
// a stack export or preview file names its own stack, and letting it pick the
// file would let the input choose (or switch off) its own rules. A stack without a
// shipped config gets the strictest shipped one, and the run says so on stderr.
import * as fs from "fs";
import * as path from "path";

/** The strictest config shipped with the pack (policies/config/prod.json). */
export const STRICTEST_PACK_CONFIG = "prod";

export interface PackConfigChoice {
    /** Absolute path, or undefined when the pack ships no config at all (its own defaults apply). */
    file?: string;
    /** Line for stderr when the choice was a fallback. */
    notice?: string;
}

export function choosePackConfig(options: { policyConfigFile?: string; stack?: string; packDir: string; cwd?: string }): PackConfigChoice {
    if (options.policyConfigFile) return { file: path.resolve(options.cwd ?? process.cwd(), options.policyConfigFile) };
    const configDir = path.join(options.packDir, "config");
    if (options.stack !== undefined) {
        const own = path.join(configDir, `${options.stack}.json`);
        if (fs.existsSync(own)) return { file: own };
    }
    const strictest = path.join(configDir, `${STRICTEST_PACK_CONFIG}.json`);
    if (!fs.existsSync(strictest)) return {};
    const why = options.stack === undefined ? "no `--stack` was given" : `the pack ships no config for stack \`${options.stack}\``;
    return {
        file: strictest,
        notice: `notice: ${why}; using the strictest shipped pack config ${path.relative(process.cwd(), strictest) || strictest}. Pass --policy-config <file> to choose another.`,
    };
}
