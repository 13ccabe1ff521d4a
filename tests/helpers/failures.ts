// The error an Output carries when the deployment of what it feeds fails (e.g. a
// check inside `apply`): `promiseOf` never settles then, so read the Output's own promise.
import type * as pulumi from "@pulumi/pulumi";

export async function failureOf(output: pulumi.Output<unknown>): Promise<string> {
    try {
        await (output as unknown as { promise(): Promise<unknown> }).promise();
    } catch (error) {
        return (error as Error).message;
    }
    throw new Error("expected the deployment of this output to fail, but it resolved");
}

/** The message a synchronous call throws. */
export function thrownBy(run: () => unknown): string {
    try {
        run();
    } catch (error) {
        return (error as Error).message;
    }
    throw new Error("expected an error, but none was thrown");
}
