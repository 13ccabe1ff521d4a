// Evaluates a policy pack through the analyzer protocol, as the engine does:
// start the pack process, GetAnalyzerInfo, Configure (reconciled pack config),
// ConfigureStack, Analyze per resource, AnalyzeStack; the pack is stopped on every
// path. A session accepts resources while the program is still registering them,
// so the pack analyzes on one core while the program runs on the other.
import * as analyzerproto from "@pulumi/pulumi/proto/analyzer_pb";
import { AnalyzerConnection } from "./analyzerClient";
import { encodeAnalyzeRequest, encodeAnalyzerResource, encodeAnalyzeStackRequest } from "./analyzerRequests";
import { InputError, messageOf } from "./inputError";
import type { CollectedStack, RecordedResource, Violation } from "./model";
import { PROVIDER_TYPE_PREFIX } from "./model";
import { configureRequest, readPackConfigFile, reconcilePackConfig, PolicyConfigEntry } from "./packConfig";
import { PackProcess, startPolicyPack } from "./packProcess";

/** A policy of the pack as configured for this run (SARIF rules, JUnit test cases). */
export interface PackPolicy {
    name: string;
    description: string;
    enforcementLevel: string;
}

export interface PolicyEvaluation {
    packName: string;
    packVersion: string;
    policies: PackPolicy[];
    config: Map<string, PolicyConfigEntry>;
    violations: Violation[];
    timings: { packStartMs: number; analyzeMs: number; analyzeStackMs: number; analyzedResources: number };
    packMaxRssKb: number;
    packCpuMs: number;
}

export interface EvaluateOptions {
    packDir: string;
    stack: string;
    project: string;
    /** Pack config JSON file; none = the pack's own levels and defaults. */
    packConfigFile?: string;
    /** Concurrent Analyze calls in flight. @default 32 */
    concurrency?: number;
}

interface Ready {
    connection: AnalyzerConnection;
    info: analyzerproto.AnalyzerInfo;
    config: Map<string, PolicyConfigEntry>;
    descriptions: Map<string, string>;
}

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** The policy SDK prefixes every message with the policy's description; the report keeps only the finding. */
function withoutDescription(message: string, description: string | undefined): string {
    return description && message.startsWith(`${description}\n`) ? message.slice(description.length + 1) : message;
}

function toViolations(diagnostics: analyzerproto.AnalyzeDiagnostic[], fallbackUrn: string | null, descriptions: Map<string, string>): Violation[] {
    return diagnostics
        .filter((d) => d.getEnforcementlevel() !== analyzerproto.EnforcementLevel.DISABLED)
        .map((d) => ({
            policyName: d.getPolicyname(),
            enforcementLevel: d.getEnforcementlevel() === analyzerproto.EnforcementLevel.ADVISORY ? "advisory" : "mandatory",
            urn: d.getUrn() || fallbackUrn,
            message: withoutDescription(d.getMessage(), descriptions.get(d.getPolicyname())),
        }));
}

/** Default providers are engine plumbing, not something a stack author declared. */
function isAnalyzed(resource: RecordedResource): boolean {
    return !resource.type.startsWith(PROVIDER_TYPE_PREFIX);
}

function settle<T>(promise: Promise<T>): Promise<Settled<T>> {
    return promise.then(
        (value) => ({ ok: true as const, value }),
        (error) => ({ ok: false as const, error }),
    );
}

export class PolicySession {
    private readonly started = Date.now();
    private readonly pack: Promise<PackProcess>;
    private readonly ready: Promise<Settled<Ready>>;
    private readonly results = new Map<string, Promise<Settled<Violation[]>>>();
    /** AnalyzeStack entries, encoded as resources arrive (while the pack is busy) rather than at the end. */
    private readonly stackEntries = new WeakMap<RecordedResource, Uint8Array>();
    private readonly waiting: (() => void)[] = [];
    private inFlight = 0;
    private packStartMs = 0;
    private firstAnalyzeAt: number | undefined;
    private lastAnalyzeAt = 0;

    constructor(private readonly options: EvaluateOptions) {
        this.pack = startPolicyPack(options.packDir);
        this.ready = settle(this.open());
    }

    private async open(): Promise<Ready> {
        const pack = await this.pack;
        this.packStartMs = Date.now() - this.started;
        const connection = new AnalyzerConnection(pack.address);
        const info = await connection.getAnalyzerInfo();
        const file = this.options.packConfigFile ? readPackConfigFile(this.options.packConfigFile) : undefined;
        const config = reconcilePackConfig(info, file, this.options.packConfigFile ?? "(no policy config)");
        await connection.configure(configureRequest(config));
        const stackConfig = new analyzerproto.AnalyzerStackConfigureRequest();
        stackConfig.setStack(this.options.stack);
        stackConfig.setProject(this.options.project);
        stackConfig.setOrganization("organization");
        stackConfig.setDryRun(true);
        await connection.configureStack(stackConfig);
        return { connection, info, config, descriptions: new Map(info.getPoliciesList().map((p) => [p.getName(), p.getDescription()])) };
    }

    private async slot<T>(work: () => Promise<T>): Promise<T> {
        while (this.inFlight >= (this.options.concurrency ?? 32)) await new Promise<void>((resolve) => this.waiting.push(resolve));
        this.inFlight++;
        try {
            return await work();
        } finally {
            this.inFlight--;
            this.waiting.shift()?.();
        }
    }

    /** Queues a resource for Analyze; it runs as soon as the pack is configured. The resource must not change afterwards. */
    analyze(resource: RecordedResource): void {
        if (!this.stackEntries.has(resource)) this.stackEntries.set(resource, encodeAnalyzerResource(resource));
        if (!isAnalyzed(resource) || this.results.has(resource.urn)) return;
        const analysis = this.ready.then((ready) => {
            if (!ready.ok) throw ready.error;
            return this.slot(async () => {
                this.firstAnalyzeAt ??= Date.now();
                try {
                    return toViolations(await ready.value.connection.analyzeEncoded(encodeAnalyzeRequest(resource)), resource.urn, ready.value.descriptions);
                } catch (error) {
                    throw new InputError(`policy pack failed on ${resource.urn}: ${messageOf(error).split("\n")[0]}`);
                } finally {
                    this.lastAnalyzeAt = Date.now();
                }
            });
        });
        this.results.set(resource.urn, settle(analysis));
    }

    /** Analyzes what is left, runs AnalyzeStack and stops the pack. */
    async finish(stack: CollectedStack): Promise<PolicyEvaluation> {
        try {
            const ready = await this.ready;
            if (!ready.ok) throw ready.error;
            stack.resources.forEach((resource) => this.analyze(resource));
            const perResource: Violation[] = [];
            // Reported in resource order, whatever order the answers came in.
            for (const resource of stack.resources) {
                const result = await this.results.get(resource.urn);
                if (result && !result.ok) throw result.error;
                if (result?.ok) perResource.push(...result.value);
            }
            const stackStarted = Date.now();
            let stackViolations: Violation[];
            try {
                stackViolations = toViolations(await ready.value.connection.analyzeStackEncoded(encodeAnalyzeStackRequest(stack.resources, (resource) => this.stackEntries.get(resource))), null, ready.value.descriptions);
            } catch (error) {
                throw new InputError(`policy pack failed in AnalyzeStack: ${messageOf(error).split("\n")[0]}`);
            }
            const evaluation = {
                packName: ready.value.info.getName(),
                packVersion: ready.value.info.getVersion(),
                policies: ready.value.info.getPoliciesList().map((p) => ({ name: p.getName(), description: p.getDescription(), enforcementLevel: ready.value.config.get(p.getName())?.enforcementLevel ?? "advisory" })),
                config: ready.value.config,
                violations: [...perResource, ...stackViolations],
                timings: {
                    packStartMs: this.packStartMs,
                    analyzeMs: this.firstAnalyzeAt === undefined ? 0 : this.lastAnalyzeAt - this.firstAnalyzeAt,
                    analyzeStackMs: Date.now() - stackStarted,
                    analyzedResources: this.results.size,
                },
            };
            const usage = await this.stop(ready.value.connection);
            return { ...evaluation, packMaxRssKb: usage.maxRssKb, packCpuMs: usage.cpuMs };
        } finally {
            const ready = await this.ready;
            if (ready.ok) ready.value.connection.close();
            await this.stop();
        }
    }

    private stopped: Promise<{ maxRssKb: number; cpuMs: number }> | undefined;

    /** Stops the pack (idempotent); safe to call when the program failed. */
    stop(connection?: AnalyzerConnection): Promise<{ maxRssKb: number; cpuMs: number }> {
        connection?.close();
        this.stopped ??= this.pack.then(
            (pack) => pack.stop(),
            () => ({ maxRssKb: 0, cpuMs: 0 }),
        );
        return this.stopped;
    }
}

/** Evaluates a stack that is already collected (stack export, preview file). */
export function evaluatePolicies(stack: CollectedStack, options: Omit<EvaluateOptions, "stack" | "project">): Promise<PolicyEvaluation> {
    return new PolicySession({ ...options, stack: stack.stack, project: stack.project }).finish(stack);
}
