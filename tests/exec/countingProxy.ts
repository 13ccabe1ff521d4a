// A loopback HTTP proxy in front of moto or OpenBao that counts the requests it
// forwards, by AWS operation (X-Amz-Target) or by Vault method + path, so a test
// can assert how many API calls a tool made.
import * as http from "node:http";

export interface CountingProxy {
    readonly endpoint: string;
    /** Operation -> number of requests, e.g. "AmazonSSM.GetParameters" or "GET /v1/secret/data/...". */
    readonly counts: Map<string, number>;
    total(prefix?: string): number;
    reset(): void;
    stop(): Promise<void>;
}

export async function startCountingProxy(target: string): Promise<CountingProxy> {
    const counts = new Map<string, number>();
    const upstream = new URL(target);
    const server = http.createServer((request, response) => {
        const amzTarget = request.headers["x-amz-target"];
        const operation = typeof amzTarget === "string" ? amzTarget : `${request.method} ${request.url?.split("?")[0]}`;
        counts.set(operation, (counts.get(operation) ?? 0) + 1);
        const forwarded = http.request(
            { host: upstream.hostname, port: upstream.port, method: request.method, path: request.url, headers: { ...request.headers, host: upstream.host } },
            (answer) => {
                response.writeHead(answer.statusCode ?? 502, answer.headers);
                answer.pipe(response);
            },
        );
        forwarded.on("error", () => {
            response.writeHead(502);
            response.end();
        });
        request.pipe(forwarded);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const address = server.address();
    const port = typeof address === "object" && address !== null ? address.port : 0;
    return {
        endpoint: `http://127.0.0.1:${port}`,
        counts,
        total: (prefix = "") => [...counts.entries()].filter(([op]) => op.startsWith(prefix)).reduce((sum, [, n]) => sum + n, 0),
        reset: () => counts.clear(),
        stop: () =>
            new Promise<void>((resolve) => {
                server.closeAllConnections();
                server.close(() => resolve());
            }),
    };
}
