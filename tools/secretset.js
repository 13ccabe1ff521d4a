#!/usr/bin/env node
// `secretset <command> ...`: dispatches to the project's tools. From a source checkout
// the TypeScript runs through ts-node; a compiled package ships the .js next to it.
"use strict";
const fs = require("fs");
const path = require("path");

const COMMANDS = {
    exec: "tools/exec/cli",
    audit: "tools/audit/cli",
    preview: "tools/preview/cli",
};

const [command, ...rest] = process.argv.slice(2);
const target = COMMANDS[command];
if (target === undefined) {
    process.stderr.write(`usage: secretset <${Object.keys(COMMANDS).join("|")}> [args...]   (secretset <command> --help for its flags)\n`);
    process.exit(2);
}
const root = path.resolve(__dirname, "..");
const compiled = ["dist", "."].map((dir) => path.join(root, dir, `${target}.js`)).find((file) => fs.existsSync(file));
if (compiled === undefined) require("ts-node/register/transpile-only");
const file = compiled ?? path.join(root, `${target}.ts`);
// The tools read their flags from process.argv, as when started on their own.
process.argv = [process.argv[0], file, ...rest];
const cli = require(file);
if (typeof cli.runCli === "function") cli.runCli(rest);
