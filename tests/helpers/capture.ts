// Captures everything a piece of code prints, for "never printed" assertions.

/**
 * Runs `fn` while capturing everything written to stdout, stderr and the console,
 * so a test can assert that a value was never printed.
 */
export async function capturePrinted<T>(fn: () => Promise<T>): Promise<{ result?: T; error?: unknown; printed: string }> {
    const chunks: string[] = [];
    const stdoutWrite = process.stdout.write.bind(process.stdout);
    const stderrWrite = process.stderr.write.bind(process.stderr);
    const consoleMethods = ["log", "info", "warn", "error", "debug"] as const;
    const saved = consoleMethods.map((m) => console[m]);
    const collect = (chunk: unknown): boolean => {
        chunks.push(typeof chunk === "string" ? chunk : String(chunk));
        return true;
    };
    process.stdout.write = collect as typeof process.stdout.write;
    process.stderr.write = collect as typeof process.stderr.write;
    consoleMethods.forEach((m) => (console[m] = (...args: unknown[]) => chunks.push(args.map(String).join(" "))));
    try {
        const result = await fn();
        return { result, printed: chunks.join("") };
    } catch (error) {
        return { error, printed: chunks.join("") };
    } finally {
        process.stdout.write = stdoutWrite;
        process.stderr.write = stderrWrite;
        consoleMethods.forEach((m, i) => (console[m] = saved[i]));
    }
}
