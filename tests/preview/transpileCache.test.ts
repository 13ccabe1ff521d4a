// The transpile cache in front of ts-node (tools/preview/transpileCache.js): a hit
// loads ts-node's own earlier output without starting ts-node, and any change to the
// source or the tsconfig is transpiled afresh.
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { REPO } from "./previewHelpers";

const CACHE_MODULE = path.join(REPO, "tools", "preview", "transpileCache.js");

interface Load {
    value: unknown;
    tsNodeStarted: boolean;
}

/** Loads `main.ts` from `dir` in a fresh process through the cache, the way the preview's processes do. */
function load(dir: string, cacheDir: string): Load {
    const script = `
        require(${JSON.stringify(CACHE_MODULE)}).install({ registerOptions: { transpileOnly: true }, cacheDir: ${JSON.stringify(cacheDir)} });
        const value = require(${JSON.stringify(path.join(dir, "main.ts"))}).value;
        process.stdout.write(JSON.stringify({ value, tsNodeStarted: process[Symbol.for("ts-node.register.instance")] !== undefined }));
    `;
    const result = spawnSync(process.execPath, ["-e", script], { cwd: dir, encoding: "utf8" });
    assert.equal(result.status, 0, result.stderr);
    return JSON.parse(result.stdout) as Load;
}

describe("transpile cache for the offline preview's processes", function () {
    this.timeout(60_000);
    let dir: string;
    let cacheDir: string;

    beforeEach(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "transpile-cache-"));
        cacheDir = path.join(dir, "cache");
        fs.writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: { target: "ES2022", module: "commonjs", strict: true } }));
        fs.writeFileSync(path.join(dir, "helper.ts"), "export const double = (n: number): number => n * 2;\n");
        fs.writeFileSync(path.join(dir, "main.ts"), 'import { double } from "./helper";\nexport const value: number = double(21);\n');
    });

    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("transpiles with ts-node once, then loads the stored output without ts-node", () => {
        assert.deepEqual(load(dir, cacheDir), { value: 42, tsNodeStarted: true });
        assert.equal(fs.readdirSync(cacheDir).length, 2);
        assert.deepEqual(load(dir, cacheDir), { value: 42, tsNodeStarted: false });
    });

    it("transpiles a changed source again, replacing its entry", () => {
        load(dir, cacheDir);
        fs.writeFileSync(path.join(dir, "helper.ts"), "export const double = (n: number): number => n * 3;\n");
        assert.deepEqual(load(dir, cacheDir), { value: 63, tsNodeStarted: true });
        assert.equal(fs.readdirSync(cacheDir).length, 2);
        assert.deepEqual(load(dir, cacheDir), { value: 63, tsNodeStarted: false });
    });

    it("starts over when the tsconfig changes", () => {
        load(dir, cacheDir);
        fs.writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: { target: "ES2020", module: "commonjs", strict: true } }));
        assert.deepEqual(load(dir, cacheDir), { value: 42, tsNodeStarted: true });
    });

    it("leaves a tsconfig that extends another to ts-node every time", () => {
        fs.writeFileSync(path.join(dir, "base.json"), JSON.stringify({ compilerOptions: { target: "ES2022", module: "commonjs" } }));
        fs.writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify({ extends: "./base.json" }));
        assert.deepEqual(load(dir, cacheDir), { value: 42, tsNodeStarted: true });
        assert.deepEqual(load(dir, cacheDir), { value: 42, tsNodeStarted: true });
        assert.ok(!fs.existsSync(cacheDir));
    });
});
