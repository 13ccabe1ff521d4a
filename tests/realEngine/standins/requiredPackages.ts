// The provider packages a Node.js program needs, found the way the official
// language host finds them: every package in node_modules whose package.json has
// `"pulumi": { "resource": true }`. Name: `@pulumi/` dropped, other scopes keep
// their name without the `@` unless `pulumi.name` says otherwise (pulumiverse's
// `time`); version with a leading `v`. Only top-level packages (and scoped
// ones) are read: nested copies of a provider SDK are not expected here.
import * as fs from "fs";
import * as path from "path";

export interface ProviderPackage {
    name: string;
    version: string;
    server?: string;
    /** The npm package the plugin serves, e.g. `@pulumi/aws`. */
    npmName: string;
}

function readPackage(dir: string): ProviderPackage | undefined {
    let json: { name?: string; version?: string; pulumi?: { resource?: boolean; name?: string; version?: string; server?: string } };
    try {
        json = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"));
    } catch {
        return undefined;
    }
    if (!json.pulumi?.resource || !json.name) return undefined;
    const name = json.pulumi.name ?? (json.name.startsWith("@pulumi/") ? json.name.slice("@pulumi/".length) : json.name.replace(/^@/, ""));
    const version = json.pulumi.version ?? json.version ?? "";
    return { name, version: version.startsWith("v") ? version : `v${version}`, server: json.pulumi.server, npmName: json.name };
}

/** Provider packages installed for the program in `programDir` (its node_modules or an ancestor's). */
export function requiredProviderPackages(programDir: string): ProviderPackage[] {
    let dir = path.resolve(programDir);
    for (;;) {
        const modules = path.join(dir, "node_modules");
        if (fs.existsSync(modules)) return packagesIn(modules);
        const parent = path.dirname(dir);
        if (parent === dir) return [];
        dir = parent;
    }
}

function packagesIn(modules: string): ProviderPackage[] {
    const found: ProviderPackage[] = [];
    for (const entry of fs.readdirSync(modules)) {
        const dirs = entry.startsWith("@") ? fs.readdirSync(path.join(modules, entry)).map((sub) => path.join(modules, entry, sub)) : [path.join(modules, entry)];
        for (const dir of dirs) {
            const pkg = readPackage(dir);
            if (pkg) found.push(pkg);
        }
    }
    return found.sort((a, b) => a.name.localeCompare(b.name));
}
