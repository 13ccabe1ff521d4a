// Preloaded (`node -r`) into the SDK's own policy-pack host
// (`@pulumi/pulumi/cmd/run-policy-pack`). That host registers ts-node with
// `typeCheck: true`, which type-checks the whole pack and @pulumi/aws on every
// start (about 10 s). The offline preview only needs the pack's behaviour, and
// `npm run typecheck` already checks its types, so registration is switched to
// transpile-only; everything else (port printing, gRPC server) stays the SDK's.
"use strict";
const path = require("path");

const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
const tsNode = require(require.resolve("ts-node", { paths: [pulumiDir] }));
const register = tsNode.register;
tsNode.register = (options) => register({ ...options, typeCheck: false, transpileOnly: true });

// Every type-filtered policy (`validateResourceOfType`) throws a NotApplicableError
// for each resource of another type: ~100,000 throws for 1,000 secrets, and
// capturing their stack traces cost ~1.7 s of the pack's CPU. The analyzer reports
// errors by message, so this host records no stack frames.
Error.stackTraceLimit = 0;

// The offline preview holds this process's stdin open; when the preview ends in
// any way (even killed), the pipe closes and the pack must not outlive it.
process.stdin.on("end", () => process.exit(0));
process.stdin.on("error", () => process.exit(0));
process.stdin.resume();
