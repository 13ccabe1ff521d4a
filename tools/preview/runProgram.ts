// Parent side of the program run: forks `programChild.ts` (its own process, so
// the SDK's global runtime state and mocks never leak into the CLI or a test),
// hands it the stack config and collects what the program would create.
import { fork } from "child_process";
import * as path from "path";
import type { ChildReply, ChildRequest, ResourceMessage } from "./programChild";
import { InputError } from "./inputError";
import type { CollectedStack, RecordedResource } from "./model";

export class ProgramError extends InputError {
    constructor(message: string) {
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
}

const CHILD = path.join(__dirname, "programChild.ts");

/** Runs the program; `onResource` sees each resource as soon as it is registered. */
export function runProgram(request: ChildRequest, onResource?: (resource: RecordedResource) => void): Promise<ProgramRun> {
    return new Promise((resolve, reject) => {
        const child = fork(CHILD, [], {
            cwd: path.dirname(request.program),
            // A larger young generation: registering thousands of resources under the mocks
            // allocates short-lived promises and protobufs, and scavenges took ~20% of the CPU.
            execArgv: ["--max-semi-space-size=32", "-r", "ts-node/register/transpile-only"],
            // The child's own output (program console.log, SDK warnings) goes to our stderr, never stdout.
            stdio: ["ignore", process.stderr, process.stderr, "ipc"],
            serialization: "advanced",
        });
        let reply: ChildReply | undefined;
        const resources: RecordedResource[] = [];
        child.on("message", (message: ResourceMessage | ChildReply) => {
            if (message.kind === "resource") {
                resources[message.index] = message.resource;
                onResource?.(message.resource);
            } else {
                reply = message;
            }
        });
        child.once("error", (error) => reject(new ProgramError(`cannot start the program process: ${error.message}`)));
        child.once("exit", (code, signal) => {
            if (!reply) {
                reject(new ProgramError(`the program process ended without a result (exit ${code ?? signal})`));
            } else if (!reply.ok) {
                reject(new ProgramError(reply.message));
            } else {
                resolve({
                    // Registration order; the root stack is not listed.
                    collected: { stack: request.stack, project: request.project, resources: resources.filter((r) => r !== undefined), stackUrn: reply.stackUrn, outputs: reply.outputs },
                    maxRssKb: reply.maxRssKb,
                    cpuMs: reply.cpuMs,
                });
            }
        });
        child.send(request);
    });
}
