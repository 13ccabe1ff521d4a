// Counts every API call the audit makes, per operation, so the figure can be
// printed and tested: AWS SDK commands through a middleware, Vault requests
// through the one function that sends them.

export class ApiCallCounter {
    private readonly counts = new Map<string, number>();

    record(operation: string): void {
        this.counts.set(operation, (this.counts.get(operation) ?? 0) + 1);
    }

    get total(): number {
        return [...this.counts.values()].reduce((a, b) => a + b, 0);
    }

    /** Operation -> count, sorted by operation. */
    byOperation(): Record<string, number> {
        return Object.fromEntries([...this.counts.entries()].sort(([a], [b]) => a.localeCompare(b)));
    }
}

interface CountableClient {
    middlewareStack: { add(middleware: unknown, options: { step: "initialize"; name: string }): void };
}

/** Adds the counting middleware to an AWS SDK v3 client; `service` prefixes the operation (`ssm:DescribeParameters`). */
export function countCalls<T extends CountableClient>(client: T, service: string, counter: ApiCallCounter): T {
    const middleware = (next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) => async (args: unknown) => {
        counter.record(`${service}:${(context.commandName ?? "Unknown").replace(/Command$/, "")}`);
        return next(args);
    };
    client.middlewareStack.add(middleware, { step: "initialize", name: "secretsetAuditCallCounter" });
    return client;
}
