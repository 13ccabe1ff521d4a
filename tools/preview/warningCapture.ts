// Captures `pulumi.log.warn` during the offline preview. Under the SDK's mocks
// there is no engine, so the SDK would only print "warning: [runtime] ..." on
// stderr; a reviewer reading the JSON or markdown report would never see it.
// The log module's `warn` is replaced so each warning is recorded with the URN of
// the resource it names (issue 11: warnings where reviewers look).
import type { ProgramWarning } from "./model";

interface LogModule {
    warn(message: string, resource?: { urn?: { promise?(): Promise<string> } }, streamId?: number, ephemeral?: boolean): Promise<void>;
}

/** Replaces `warn` on the given `@pulumi/pulumi/log` module; returns the list it fills. */
export function captureWarningsOf(log: LogModule, toEngineUrn: (mockUrn: string) => string): Promise<ProgramWarning>[] {
    const captured: Promise<ProgramWarning>[] = [];
    log.warn = (message: string, resource?: { urn?: { promise?(): Promise<string> } }) => {
        const urn = resource?.urn?.promise ? resource.urn.promise().then(toEngineUrn, () => null) : Promise.resolve(null);
        const warning = urn.then((u) => ({ urn: u === "" ? null : u, message: String(message) }));
        captured.push(warning);
        return warning.then(() => undefined);
    };
    return captured;
}
