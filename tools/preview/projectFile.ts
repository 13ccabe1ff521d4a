// The project file next to the program: its `name` is the namespace of every
// unqualified config key and the project part of every URN. If it is not the
// project the stack config is written for, the program would read none of the
// settings (pulumi qualifies `app` as `<name>:app`): an input error, not a silent pass.
import * as fs from "fs";
import * as path from "path";
import { InputError, messageOf } from "./inputError";

const yaml = require("js-yaml") as { load(text: string): unknown };

/** Checks `Pulumi.yaml` (or `.yml`) in the program's folder, when there is one. */
export function checkProjectFile(programDir: string, expectedProject: string): void {
    const file = ["Pulumi.yaml", "Pulumi.yml"].map((f) => path.join(programDir, f)).find((f) => fs.existsSync(f));
    if (file === undefined) return;
    let document: unknown;
    try {
        document = yaml.load(fs.readFileSync(file, "utf8"));
    } catch (error) {
        throw new InputError(`${file} is not valid YAML: ${messageOf(error).split("\n")[0]}`);
    }
    const name = typeof document === "object" && document !== null ? (document as Record<string, unknown>).name : undefined;
    if (typeof name !== "string" || name.trim() === "") {
        throw new InputError(`${file} has no project \`name\`; set \`name: ${expectedProject}\`.`);
    }
    if (name !== expectedProject) {
        throw new InputError(
            `${file} names the project ${JSON.stringify(name)}, but the stack config and the program use the \`${expectedProject}:\` namespace; set \`name: ${expectedProject}\` in ${path.basename(file)} (unqualified config keys would otherwise be read as \`${JSON.stringify(name).slice(1, -1)}:<key>\` and ignored).`,
        );
    }
}
