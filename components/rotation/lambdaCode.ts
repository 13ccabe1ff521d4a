// The code archive of a rotator Lambda that needs npm packages the Node.js runtime
// lacks (the runtime ships the AWS SDK v3, not `pg`): the rotator folder plus each
// package and its runtime dependencies, copied from this project's node_modules.
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { ROTATOR_CODE_DIR } from "./genericRotator";

/** Folder that holds the installed packages (the project's node_modules). */
function nodeModulesDir(): string {
    return path.dirname(path.dirname(require.resolve("pg/package.json")));
}

/** `roots` and every package they depend on at run time (optional ones when installed), sorted. */
export function runtimeDependencyClosure(roots: readonly string[], modulesDir = nodeModulesDir()): string[] {
    const seen = new Set<string>();
    const visit = (name: string, optional: boolean) => {
        if (seen.has(name)) return;
        const manifest = path.join(modulesDir, name, "package.json");
        if (!fs.existsSync(manifest)) {
            if (optional) return;
            throw new Error(`Package \`${name}\` is not installed in ${modulesDir}; run \`npm ci\` before packaging the rotator.`);
        }
        seen.add(name);
        const pkg = JSON.parse(fs.readFileSync(manifest, "utf8")) as { dependencies?: Record<string, string>; optionalDependencies?: Record<string, string>; peerDependencies?: Record<string, string> };
        for (const dependency of Object.keys(pkg.dependencies ?? {})) visit(dependency, false);
        for (const dependency of Object.keys(pkg.optionalDependencies ?? {})) visit(dependency, true);
    };
    roots.forEach((root) => visit(root, false));
    return [...seen].sort();
}

/** The rotator's .js files at the archive root and `node_modules/<package>` for each dependency. */
export function lambdaCodeWithDependencies(packages: readonly string[]): pulumi.asset.AssetArchive {
    const modulesDir = nodeModulesDir();
    const entries: Record<string, pulumi.asset.Asset | pulumi.asset.Archive> = {};
    for (const file of fs.readdirSync(ROTATOR_CODE_DIR).filter((f) => f.endsWith(".js")).sort()) {
        entries[file] = new pulumi.asset.FileAsset(path.join(ROTATOR_CODE_DIR, file));
    }
    for (const name of runtimeDependencyClosure(packages, modulesDir)) {
        entries[`node_modules/${name}`] = new pulumi.asset.FileArchive(path.join(modulesDir, name));
    }
    return new pulumi.asset.AssetArchive(entries);
}
