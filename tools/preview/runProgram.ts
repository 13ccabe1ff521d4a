// Parent side of the program run: forks `programChild.ts` (its own process, so
// the SDK's global runtime state and mocks never leak into the CLI or a test),
// hands it the stack config and collects what the program would create.
import { fork } from "child_process";
import * as path from "path";
import type { Readable } from "stream";
import * as v8 from "v8";
import type { ChildReply, ChildRequest, ProgramWarning, ResourceMessage } from "./programChild";
import { InputError } from "./inputError";
import type { CollectedStack, RecordedResource } from "./model";
import { FRAME_FD } from "./model";

export class ProgramError extends InputError {
    constructor(
        message: string,
        /** What the program printed (console output), for the CLI to show scrubbed. */
        readonly output: string = "",
    ) {
        super(message);
        this.name = "ProgramError";
    }
}

export interface ProgramRun {
    collected: CollectedStack;
    /** Peak resident memory of the program process. */
    maxRssKb: number;
    /** CPU time the program process used (user + system). */
    cpuMs: number;
    /** Every `pulumi.log.warn` of the run, in order. */
    warnings: ProgramWarning[];
    /** What the program printed on stdout/stderr; shown on stderr only after scrubbing. */
    output: string;
}

/** Beyond this, program output is cut (a runaway loop must not exhaust memory). */
const MAX_OUTPUT_CHARS = 1_000_000;

const CHILD = path.join(__dirname, "programChild.ts");
// ts-node transpile-only behind a cache of its output (see transpileCache.js).
const TRANSPILE_PRELOAD = path.join(__dirname, "registerTranspileCache.js");

/** Calls `onMessage` with each v8-serialized value framed by its uint32 LE length (frameWriter.js). */
function readFrames(stream: Readable, onMessage: (message: never) => void): void {
    let pending: Buffer = Buffer.alloc(0);
    stream.on("data", (chunk: Buffer) => {
        pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
        let offset = 0;
        while (pending.length - offset >= 4) {
            const length = pending.readUInt32LE(offset);
            if (pending.length - offset - 4 < length) break;
            onMessage(v8.deserialize(pending.subarray(offset + 4, offset + 4 + length)) as never);
            offset += 4 + length;
        }
        pending = pending.subarray(offset);
    });
}

/** Runs the program; `onResource` sees each resource as soon as it is registered. */
export function runProgram(request: ChildRequest, onResource?: (resource: RecordedResource) => void): Promise<ProgramRun> {
    return new Promise((resolve, reject) => {
        const child = fork(CHILD, [], {
            cwd: path.dirname(request.program),
            // A larger young generation: registering thousands of resources under the mocks
            // allocates short-lived promises and protobufs, and scavenges took ~20% of the CPU.
            execArgv: ["--max-semi-space-size=32", "-r", TRANSPILE_PRELOAD],
            // The child's own output (program console.log) is collected and shown on stderr after
            // scrubbing, never raw. Resources and the reply come back as frames on fd 4 (FRAME_FD).
            stdio: ["ignore", "pipe", "pipe", "ipc", "pipe"],
            serialization: "advanced",
        });
        let reply: ChildReply | undefined;
        let output = "";
        const collect = (chunk: Buffer) => {
            if (output.length < MAX_OUTPUT_CHARS) output += chunk.toString("utf8");
        };
        child.stdout!.on("data", collect);
        child.stderr!.on("data", collect);
        const resources: RecordedResource[] = [];
        readFrames(child.stdio[FRAME_FD] as Readable, (message: ResourceMessage | ChildReply) => {
            if (message.kind === "resource") {
                resources[message.index] = message.resource;
                onResource?.(message.resource);
            } else {
                reply = message;
            }
        });
        child.once("error", (error) => reject(new ProgramError(`cannot start the program process: ${error.message}`)));
        // "close": the process has exited and its frame pipe is read to the end.
        child.once("close", (code, signal) => {
            if (!reply) {
                reject(new ProgramError(`the program process ended without a result (exit ${code ?? signal})`, output));
            } else if (!reply.ok) {
                reject(new ProgramError(reply.message, output));
            } else {
                resolve({
                    // Registration order; the root stack is not listed.
                    collected: { stack: request.stack, project: request.project, resources: resources.filter((r) => r !== undefined), stackUrn: reply.stackUrn, outputs: reply.outputs, warnings: reply.warnings },
                    maxRssKb: reply.maxRssKb,
                    cpuMs: reply.cpuMs,
                    warnings: reply.warnings,
                    output,
                });
            }
        });
        child.send(request);
    });
}
