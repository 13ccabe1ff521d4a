// A cache in front of ts-node's transpile-only `.ts` loader, for the offline preview's
// processes (CLI, program child, pack host). Transpiling the program, the components
// and the pack on every run cost ~1-1.5 s of CPU per process, plus loading ts-node
// and TypeScript in the program process.
//
// On a hit the cached JavaScript is compiled directly and ts-node is never loaded.
// On a miss ts-node itself transpiles (registered lazily with the same options the
// process would have used) and its exact output is stored. An entry is used only when
// the source text and everything that shapes ts-node's output match: ts-node and
// TypeScript versions, register options, TS_NODE_* variables, the tsconfig.json ts-node
// finds and the nearest package.json's "type". Anything unusual (a tsconfig that
// `extends`, custom ignore/scope options) skips the cache: plain ts-node, as before.
"use strict";
const crypto = require("crypto");
const fs = require("fs");
const path = require("path");

const FORMAT = "secretset-transpile-cache-1";
const DEFAULT_DIR = path.join(__dirname, "..", "..", "node_modules", ".cache", "secretset-preview-ts");

function sha1(text) {
    return crypto.createHash("sha1").update(text).digest("hex");
}

function readText(file) {
    try {
        return fs.readFileSync(file, "utf8");
    } catch {
        return undefined;
    }
}

/** "<resolved file>@<version of its package>" of a module, to key entries by the tools that made them. */
function moduleVersion(request, paths) {
    let resolved;
    try {
        resolved = require.resolve(request, { paths });
    } catch {
        return `${request} (not found)`;
    }
    for (let dir = path.dirname(resolved); path.dirname(dir) !== dir; dir = path.dirname(dir)) {
        const text = readText(path.join(dir, "package.json"));
        if (text !== undefined) {
            try {
                return `${resolved}@${JSON.parse(text).version}`;
            } catch {
                break;
            }
        }
    }
    return resolved;
}

/** The tsconfig.json ts-node's `findConfigFile` would load: the nearest one up from `dir`. */
function findTsconfig(dir) {
    for (let current = dir; ; current = path.dirname(current)) {
        const candidate = path.join(current, "tsconfig.json");
        if (fs.existsSync(candidate)) return candidate;
        if (path.dirname(current) === current) return undefined;
    }
}

const packageTypes = new Map();
/** "type" of the package.json nearest to `dir` (module-kind detection can depend on it). */
function packageTypeOf(dir) {
    if (!packageTypes.has(dir)) {
        const text = readText(path.join(dir, "package.json"));
        let type;
        if (text !== undefined) {
            try {
                type = String(JSON.parse(text).type ?? "commonjs");
            } catch {
                type = "unparsable";
            }
        } else {
            type = path.dirname(dir) === dir ? "none" : packageTypeOf(path.dirname(dir));
        }
        packageTypes.set(dir, type);
    }
    return packageTypes.get(dir);
}

/**
 * Puts the cache in front of the `.ts` loader.
 * @param {object} options
 * @param {object} [options.registerOptions] ts-node register options this process uses.
 * @param {string} [options.tsNode] resolved path of the ts-node package to use on a miss.
 * @param {string} [options.cwd] directory ts-node searches for tsconfig.json from.
 * @param {() => void} [options.register] registers ts-node (on the first miss); default: ts-node's register(registerOptions).
 * @param {string} [options.cacheDir]
 */
function install(options = {}) {
    const cwd = path.resolve(options.cwd ?? process.cwd());
    const cacheDir = options.cacheDir ?? DEFAULT_DIR;
    const env = Object.entries(process.env).filter(([key]) => key.startsWith("TS_NODE_")).sort();
    // ts-node registered already (the CLI runs under `-r ts-node/register/...`): misses go to
    // it, and its own options, tsconfig and ignore rule decide what is cacheable.
    const registered = process[Symbol.for("ts-node.register.instance")];
    const registerOptions = registered ? registered.options : (options.registerOptions ?? { transpileOnly: true });
    const tsNode = options.tsNode ?? require.resolve("ts-node", { paths: [cwd, __dirname] });
    const register = options.register ?? (() => require(tsNode).register(registerOptions));

    let delegate = registered ? require.extensions[".ts"] : undefined;
    const tsNodeLoader = () => {
        if (!delegate) {
            // ts-node chains to the `.ts` handler it finds: it must not find this one.
            const ours = require.extensions[".ts"];
            delete require.extensions[".ts"];
            register();
            delegate = require.extensions[".ts"];
            require.extensions[".ts"] = ours;
        }
        return delegate;
    };

    const tsconfig = registered
        ? registered.configFilePath
        : registerOptions.skipProject || env.some(([key]) => key === "TS_NODE_PROJECT" || key === "TS_NODE_SKIP_PROJECT")
          ? undefined
          : findTsconfig(cwd);
    const tsconfigText = (tsconfig && readText(tsconfig)) ?? "";
    const custom = ["ignore", "skipIgnore", "scope", "scopeDir", "project", "projectSearchDir", "cwd", "dir"].some((key) => registerOptions[key] !== undefined);
    const enabled =
        registerOptions.transpileOnly === true &&
        registerOptions.typeCheck !== true &&
        (registered !== undefined || !custom) &&
        !/"extends"/.test(tsconfigText) &&
        !env.some(([key]) => ["TS_NODE_IGNORE", "TS_NODE_SKIP_IGNORE", "TS_NODE_SCOPE", "TS_NODE_SCOPE_DIR", "TS_NODE_CWD", "TS_NODE_DIR"].includes(key));
    const ignoreBase = tsconfig ? path.dirname(tsconfig) : cwd;
    // ts-node's default ignore rule (node_modules, relative to the tsconfig folder).
    const ignored = registered
        ? (filename) => registered.ignored(filename)
        : (filename) => /(?:^|\/)node_modules\//.test(path.relative(ignoreBase, filename).split(path.sep).join("/"));
    const toolchain = JSON.stringify([
        FORMAT,
        moduleVersion(tsNode, [cwd]),
        moduleVersion(registerOptions.compiler ?? "typescript", [ignoreBase, path.dirname(tsNode)]),
        registerOptions,
        env,
        tsconfig ?? null,
        tsconfigText,
    ]);

    require.extensions[".ts"] = function (module, filename) {
        if (!enabled || ignored(filename)) {
            return tsNodeLoader()(module, filename);
        }
        const source = fs.readFileSync(filename, "utf8");
        const key = sha1(`${toolchain}\0${packageTypeOf(path.dirname(filename))}\0${filename}\0${source}`);
        // One entry per file (named by path and toolchain), so edits replace it instead of piling up.
        const entry = path.join(cacheDir, `${sha1(`${toolchain}\0${filename}`)}.js`);
        const cached = readText(entry);
        const header = `// ${key}\n`;
        if (cached !== undefined && cached.startsWith(header)) {
            return module._compile(cached.slice(header.length), filename);
        }
        // Miss: ts-node compiles; catch its output on the way to Module#_compile.
        const compile = module._compile;
        let output;
        module._compile = function (code, name) {
            output = code;
            module._compile = compile;
            return compile.call(this, code, name);
        };
        try {
            return tsNodeLoader()(module, filename);
        } finally {
            if (output !== undefined) store(entry, header + output);
        }
    };
}

function store(entry, text) {
    try {
        fs.mkdirSync(path.dirname(entry), { recursive: true });
        // Written whole, then renamed: a concurrent reader never sees half an entry.
        const temp = `${entry}.${process.pid}.tmp`;
        fs.writeFileSync(temp, text);
        fs.renameSync(temp, entry);
    } catch {
        // an unwritable cache only costs speed
    }
}

module.exports = { install };
