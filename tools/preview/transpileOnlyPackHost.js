// Preloaded (`node -r`) into the SDK's own policy-pack host
// (`@pulumi/pulumi/cmd/run-policy-pack`). That host registers ts-node with
// `typeCheck: true`, which type-checks the whole pack and @pulumi/aws on every
// start (about 10 s). The offline preview only needs the pack's behaviour, and
// `npm run typecheck` already checks its types, so registration is switched to
// transpile-only; everything else (port printing, gRPC server) stays the SDK's.
"use strict";
const path = require("path");

// The SDK copy whose host is running (`<sdk>/cmd/run-policy-pack/index.js`).
const pulumiDir = path.resolve(path.dirname(process.argv[1]), "..", "..");
// A third-party pack may bring its own SDK but no ts-node: then ours is used.
const tsNodePath = require.resolve("ts-node", { paths: [pulumiDir, __dirname] });
const tsNode = require(tsNodePath);
const register = tsNode.register;
// Through the transpile cache: on a hit ts-node does not even start (see transpileCache.js).
tsNode.register = (options) => {
    const registerOptions = { ...options, typeCheck: false, transpileOnly: true };
    require("./transpileCache").install({ registerOptions, tsNode: tsNodePath, register: () => register(registerOptions) });
};

// Every type-filtered policy (`validateResourceOfType`) throws a NotApplicableError
// for each resource of another type: ~100,000 throws for 1,000 secrets, and
// capturing their stack traces cost ~1.7 s of the pack's CPU. The analyzer reports
// errors by message, so this host records no stack frames.
Error.stackTraceLimit = 0;

// Before loading the pack, the host opens an inspector session with the debugger
// enabled, for function serialization (which maps script ids to files). An enabled
// debugger slows every throw and every compiled script: ~20% of the pack's CPU,
// mostly on the not-applicable throws above. Policies never serialize functions, so
// the session is opened on first use instead; enabling the debugger then still
// reports every script loaded so far, so the map is complete either way.
try {
    const v8Hooks = require(path.join(pulumiDir, "runtime", "closure", "v8Hooks.js"));
    if (typeof v8Hooks.isInitializedAsync === "function" && typeof v8Hooks.getSessionAsync === "function") {
        v8Hooks.isInitializedAsync = async () => {};
    }
} catch {
    // another SDK layout: leave the host as it is
}

// The offline preview holds this process's stdin open; when the preview ends in
// any way (even killed), the pipe closes and the pack must not outlive it.
process.stdin.on("end", () => process.exit(0));
process.stdin.on("error", () => process.exit(0));
process.stdin.resume();
