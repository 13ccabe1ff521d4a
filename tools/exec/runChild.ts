// Starts the command with the secrets in its environment only (never in ours, never on
// disk), forwards the signals a runner sends, and hands back how the command ended.
import { spawn } from "child_process";
import { constants } from "os";

/** Signals passed on to the command; it decides how to stop. */
export const FORWARDED_SIGNALS: readonly NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT", "SIGUSR2"];

export type ChildOutcome = { readonly kind: "exited"; readonly code: number } | { readonly kind: "signalled"; readonly signal: NodeJS.Signals } | { readonly kind: "not-started"; readonly message: string };

export function runWithEnvironment(command: readonly string[], secrets: ReadonlyMap<string, string>): Promise<ChildOutcome> {
    return new Promise((resolve) => {
        const env: NodeJS.ProcessEnv = { ...process.env };
        for (const [name, value] of secrets) env[name] = value;
        const child = spawn(command[0], command.slice(1), { stdio: "inherit", env });
        const forward = (signal: NodeJS.Signals) => () => {
            if (child.exitCode === null && child.signalCode === null) child.kill(signal);
        };
        const handlers = FORWARDED_SIGNALS.map((signal) => [signal, forward(signal)] as const);
        for (const [signal, handler] of handlers) process.on(signal, handler);
        const cleanUp = () => {
            for (const [signal, handler] of handlers) process.off(signal, handler);
        };
        child.once("error", (error: NodeJS.ErrnoException) => {
            cleanUp();
            const reason = error.code === "ENOENT" ? "not found on PATH" : error.code === "EACCES" ? "not executable" : error.code ?? "failed to start";
            resolve({ kind: "not-started", message: `Cannot start \`${command[0]}\`: ${reason}.` });
        });
        child.once("exit", (code, signal) => {
            cleanUp();
            resolve(signal !== null ? { kind: "signalled", signal } : { kind: "exited", code: code ?? 1 });
        });
    });
}

/** Ends this process the way the command ended: same exit code, or the same signal. */
export function endLike(outcome: Exclude<ChildOutcome, { kind: "not-started" }>): never {
    if (outcome.kind === "exited") process.exit(outcome.code);
    // Re-raise with the default action so our parent sees the same signal.
    process.removeAllListeners(outcome.signal);
    process.kill(process.pid, outcome.signal);
    // Signals whose default action does not end the process (none of the forwarded ones do so).
    process.exit(128 + (constants.signals[outcome.signal] ?? 0));
}
