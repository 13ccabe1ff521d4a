// Runs the Pulumi program in a child process of the offline preview, under the
// SDK's mocks, and sends back every resource exactly as the resource monitor
// received it (inputs in wire form with secrets still wrapped, options, parent,
// dependencies) plus the stack outputs. Started by `runProgram.ts`: the request
// comes over IPC, resources and the reply go back as frames on fd 4 (see frameWriter.js).
import * as path from "path";
import * as v8 from "v8";
import { Worker } from "worker_threads";
import * as pulumi from "@pulumi/pulumi";
import type { RegisterResourceRequest, RegisterResourceResponse, RegisterResourceOutputsRequest } from "@pulumi/pulumi/proto/resource_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { aliasUrn } from "./aliasUrns";
import { messageOf } from "./inputError";
import { DEFAULT_REGION, fakeCall, fakeResource, MockContext } from "./mockOutputs";
import type { ProgramWarning, RecordedResource } from "./model";
import { FRAME_FD, ROOT_STACK_TYPE } from "./model";
import { isSecretWire, wrapSecretProperties } from "./wireValues";
import { captureWarningsOf } from "./warningCapture";

// Every registration captures a stack trace under the mocks; without them it is ~4x faster.
// The SDK (3.276) raises the limit itself to record source positions, and ts-node's
// source-map support then maps every frame: render stacks as the message only. The
// preview never prints a stack, and source positions mean nothing under the mocks.
Error.stackTraceLimit = 0;
Error.prepareStackTrace = (error: Error) => `${error.name}: ${error.message}`;

export interface ChildRequest {
    program: string;
    project: string;
    stack: string;
    config: Record<string, string>;
    secretKeys: string[];
}

/** Sent for each resource as soon as its registration completes, in completion order. */
export interface ResourceMessage {
    kind: "resource";
    /** Position in registration order. */
    index: number;
    resource: RecordedResource;
}

export type { ProgramWarning } from "./model";

export type ChildReply =
    | { kind: "done"; ok: true; stackUrn: string | undefined; outputs: Record<string, unknown>; warnings: ProgramWarning[]; maxRssKb: number; cpuMs: number }
    | { kind: "done"; ok: false; message: string };

type Callback<T> = (error: Error | null, response?: T) => void;
interface MonitorLike {
    registerResource(req: RegisterResourceRequest, callback: Callback<RegisterResourceResponse>): void;
    registerResourceOutputs(req: RegisterResourceOutputsRequest, callback: Callback<unknown>): void;
}

function record(req: RegisterResourceRequest, project: string, stack: string): RecordedResource {
    const inputs = (req.getObject()?.toJavaScript() ?? {}) as Record<string, unknown>;
    const parentUrn = req.getParent();
    const ctx = { stack, project, type: req.getType(), name: req.getName(), parentUrn };
    const propertyDependencies: Record<string, string[]> = {};
    req.getPropertydependenciesMap().forEach((deps, key) => (propertyDependencies[key] = deps.getUrnsList()));
    return {
        urn: "",
        type: req.getType(),
        name: req.getName(),
        parent: parentUrn || null,
        custom: req.getCustom(),
        inputs,
        outputs: {},
        options: {
            protect: req.getProtect() === true,
            retainOnDelete: req.getRetainondelete() === true,
            ignoreChanges: req.getIgnorechangesList(),
            // The SDK repeats names it merges from the provider's defaults; once is enough.
            additionalSecretOutputs: [...new Set(req.getAdditionalsecretoutputsList())],
            aliases: req.getAliasesList().map((alias) => aliasUrn(alias, ctx)),
        },
        dependencies: req.getDependenciesList(),
        propertyDependencies,
    };
}

/**
 * The URN the engine gives a registration: the parent's whole qualified type
 * chain, then the type (`A$B$aws:...`), nothing for children of the root stack.
 * The mock monitor differs twice: it prefixes children of the stack with
 * `pulumi:pulumi:Stack$`, and it keeps only the last type of the parent's chain,
 * so grandchildren of a component got wrong URNs (found by comparing with the
 * real engine, tests/realEngine). Stack exports and policy checkers use engine URNs.
 */
function engineUrn(req: RegisterResourceRequest, project: string, stack: string): string {
    const parentType = req.getParent() ? req.getParent().split("::")[2] : undefined;
    const type = parentType && parentType !== ROOT_STACK_TYPE ? `${parentType}$${req.getType()}` : req.getType();
    return `urn:pulumi:${stack}::${project}::${type}::${req.getName()}`;
}

/** Wraps the mock monitor so each registration is recorded and its state keeps the inputs' secrecy. */
function instrumentMonitor(monitor: MonitorLike, project: string, stack: string) {
    // Sent resources are not kept (less for the garbage collector to trace); only the root stack is.
    let registered = 0;
    const roots: RecordedResource[] = [];
    const mockUrns = new Map<string, string>();
    const stackOutputs: { urn?: string; outputs: Record<string, unknown> } = { outputs: {} };
    const registerResource = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req, callback) => {
        const recorded = record(req, project, stack);
        const index = registered++;
        if (recorded.type === ROOT_STACK_TYPE) roots.push(recorded);
        const secretKeys = new Set([
            ...Object.entries(recorded.inputs).filter(([, v]) => isSecretWire(v)).map(([k]) => k),
            ...recorded.options.additionalSecretOutputs,
        ]);
        registerResource(req, (error, response) => {
            if (response) {
                const mockUrn = response.getUrn();
                recorded.urn = engineUrn(req, project, stack);
                if (mockUrns.has(recorded.urn)) {
                    // The mocks accept a second registration of a URN; the engine refuses the whole deployment.
                    fail(new Error(`Duplicate resource URN '${recorded.urn}'; try giving it a unique name (the Pulumi engine refuses this program).`));
                    return;
                }
                mockUrns.set(recorded.urn, mockUrn);
                response.setUrn(recorded.urn);
                const object = response.getObject();
                const mockState = (object?.toJavaScript() ?? {}) as Record<string, unknown>;
                const state = wrapSecretProperties(mockState, secretKeys);
                recorded.outputs = state;
                // Rebuilt only when a property became secret (the same Struct otherwise).
                if (!object || [...secretKeys].some((key) => state[key] !== mockState[key])) response.setObject(Struct.fromJavaScript(state as never));
                if (recorded.type !== ROOT_STACK_TYPE) send({ kind: "resource", index, resource: recorded });
            }
            callback(error, response);
        });
    };
    const registerOutputs = monitor.registerResourceOutputs.bind(monitor);
    monitor.registerResourceOutputs = (req, callback) => {
        const root = roots.find((r) => r.urn === req.getUrn());
        if (root) {
            stackOutputs.urn = root.urn;
            stackOutputs.outputs = (req.getOutputs()?.toJavaScript() ?? {}) as Record<string, unknown>;
        }
        req.setUrn(mockUrns.get(req.getUrn()) ?? req.getUrn());
        registerOutputs(req, callback);
    };
    return { roots, stackOutputs };
}

/** Warnings through the SDK copy the program itself loads (its own node_modules, if any). */
function captureWarnings(program: string): Promise<ProgramWarning>[] {
    const logModule = require.resolve("@pulumi/pulumi/log", { paths: [path.dirname(program), __dirname] });
    // Resources already hold engine URNs (the instrumented monitor answers with them).
    return captureWarningsOf(require(logModule), (urn) => urn);
}

async function runProgram(request: ChildRequest): Promise<ChildReply> {
    const warnings = captureWarnings(request.program);
    pulumi.runtime.setAllConfig(request.config, request.secretKeys);
    const ctx: MockContext = { region: request.config["aws:region"] ?? DEFAULT_REGION };
    await pulumi.runtime.setMocks(
        {
            newResource: (args) => {
                const { id, outputs } = fakeResource(args.type, args.name, args.inputs, ctx);
                return { id, state: { ...args.inputs, ...outputs } };
            },
            // A data source the mocks cannot answer would leave its dependents unregistered
            // (the SDK drops them silently): the whole run fails instead, naming the token.
            call: (args) => {
                try {
                    return fakeCall(args.token, args.inputs, ctx);
                } catch (error) {
                    fail(error);
                    throw error;
                }
            },
        },
        request.project,
        request.stack,
        false,
    );
    const monitor = pulumi.runtime.getMonitor() as unknown as MonitorLike;
    const captured = instrumentMonitor(monitor, request.project, request.stack);
    await pulumi.runtime.runInPulumiStack(async () => {
        const exported = require(request.program);
        return exported instanceof Function ? await exported() : exported;
    });
    await pulumi.runtime.disconnect();
    return {
        kind: "done",
        ok: true,
        stackUrn: captured.stackOutputs.urn ?? captured.roots[0]?.urn,
        outputs: captured.stackOutputs.outputs,
        warnings: await Promise.all(warnings),
        maxRssKb: process.resourceUsage().maxRSS,
        cpuMs: (process.cpuUsage().user + process.cpuUsage().system) / 1000,
    };
}

const writer = new Worker(path.join(__dirname, "frameWriter.js"), { workerData: { fd: FRAME_FD }, execArgv: [], stdout: false, stderr: false });
writer.on("message", (event: { flushed?: true; failed?: string }) => {
    // Flushed after the reply; failed when the preview is gone (nothing is left to report to).
    process.exit(event.flushed ? 0 : 1);
});
// Without the writer nothing can be reported; the preview says the process ended without a result.
writer.on("error", () => process.exit(1));

// Frames serialized in one run of the microtask queue are handed over together
// (a postMessage costs more than serializing a resource).
let batch: Buffer[] = [];
function flush(): void {
    if (batch.length > 0) writer.postMessage(batch);
    batch = [];
}

function send(message: ResourceMessage | ChildReply): void {
    if (batch.push(v8.serialize(message)) === 1) queueMicrotask(flush);
}

function reply(message: ChildReply): void {
    send(message);
    flush();
    writer.postMessage(null);
}

let settled = false;
function fail(error: unknown): void {
    if (settled) return;
    settled = true;
    // Node appends the whole require stack to a missing-module message; the first line says it.
    const missingModule = (error as NodeJS.ErrnoException)?.code === "MODULE_NOT_FOUND";
    reply({ kind: "done", ok: false, message: missingModule ? messageOf(error).split("\n")[0] : messageOf(error) });
}
// The preview went away (ended or killed): nothing is left to report to.
process.on("disconnect", () => process.exit(1));
process.on("uncaughtException", fail);
process.on("unhandledRejection", fail);
process.once("message", (request: ChildRequest) => {
    runProgram(request).then(
        (result) => {
            if (settled) return;
            settled = true;
            reply(result);
        },
        fail,
    );
});
