// One mocks helper for every test that runs Pulumi code under `pulumi.runtime.setMocks`.
//
// It records every resource registration as the engine would see it: type, name, URN,
// inputs (with the paths that were Pulumi secrets), and the resource options that the
// SDK's mock `newResource` hook does not pass on (protect, retainOnDelete, ignoreChanges,
// additionalSecretOutputs, aliases, parent). Those are read from the RegisterResource
// request itself by wrapping the mock monitor.
//
// Usage in a mocha file (mocks are process-wide, so each file installs its own in `before`):
//   const mocks = useMocks();            // registers before(install) and beforeEach(reset)
//   new SecretSet(...); await mocks.settled(); mocks.find("aws:ssm/parameter:Parameter", "x-ssm-y");
// Outside mocha (tools, benchmarks): `setupMocks()` installs at once.
import * as pulumi from "@pulumi/pulumi";
import { defaultCall, defaultOutputs } from "./mockProviders";

export { MOCK_ACCOUNT_ID, MOCK_PARTITION, MOCK_REGION } from "./mockProviders";
export { capturePrinted } from "./capture";
// Internal SDK modules: the secret marker and the monitor are not in the public typings.
// eslint-disable-next-line @typescript-eslint/no-var-requires
const rpc = require("@pulumi/pulumi/runtime/rpc") as {
    deserializeProperties(struct: unknown, keepUnknowns?: boolean): Record<string, unknown>;
    specialSigKey: string;
    specialSecretSig: string;
};
// eslint-disable-next-line @typescript-eslint/no-var-requires
const settings = require("@pulumi/pulumi/runtime/settings") as { getMonitor(): MonitorLike };

interface MonitorLike {
    registerResource(req: RegisterRequestLike, callback: (err: unknown, resp: { getUrn(): string } | undefined) => void): void;
}

interface AliasSpecLike {
    getName(): string;
    getType(): string;
    getStack(): string;
    getProject(): string;
    getParenturn(): string;
    getNoparent(): boolean;
}

interface RegisterRequestLike {
    getType(): string;
    getName(): string;
    getParent(): string;
    getCustom(): boolean;
    getObject(): unknown;
    getProtect(): boolean;
    getRetainondelete(): boolean;
    getImportid(): string;
    getIgnorechangesList(): string[];
    getAdditionalsecretoutputsList(): string[];
    getDependenciesList(): string[];
    getAliasesList(): { getUrn(): string; getSpec(): AliasSpecLike | undefined }[];
}

export interface RecordedAlias {
    readonly urn?: string;
    readonly name?: string;
    readonly type?: string;
    readonly parentUrn?: string;
    readonly noParent?: boolean;
}

export interface RecordedOptions {
    readonly protect: boolean;
    readonly retainOnDelete: boolean;
    readonly ignoreChanges: string[];
    readonly additionalSecretOutputs: string[];
    readonly aliases: RecordedAlias[];
    /** URN of the parent, undefined for a root resource. */
    readonly parent: string | undefined;
    readonly dependsOn: string[];
    /** The `import` option: id of an existing resource to adopt; undefined when the resource is created. */
    readonly importId: string | undefined;
}

export interface RecordedResource {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    /** False for component resources. */
    readonly custom: boolean;
    /** Inputs with every secret unwrapped to its plain value. */
    readonly inputs: Record<string, any>;
    /** Dotted paths of the inputs that arrived as Pulumi secrets ("value", "tags.x", "replicas.0"). */
    readonly secretPaths: string[];
    readonly options: RecordedOptions;
}

export interface RecordedCall {
    readonly token: string;
    readonly inputs: Record<string, unknown>;
}

/** Extra outputs per resource: return a partial state to merge over the defaults. */
export type OutputStub = (args: pulumi.runtime.MockResourceArgs) => Record<string, unknown> | undefined;

export interface MockEnvironment {
    /** Makes these mocks the process's Pulumi runtime (again). */
    install(): void;
    readonly resources: RecordedResource[];
    readonly calls: RecordedCall[];
    /** Forget everything recorded so far (call in beforeEach). */
    reset(): void;
    /** Waits until every registration started so far has been recorded. */
    settled(): Promise<void>;
    byType(type: string): RecordedResource[];
    /** The one resource of this type and name; throws with the known names when absent. */
    find(type: string, name: string): RecordedResource;
    /** Input paths that hold `needle` while not marked secret, as "type name path". */
    plainOccurrences(needle: string): string[];
}

function isRpcSecret(value: unknown): value is { value: unknown } {
    return typeof value === "object" && value !== null && (value as Record<string, unknown>)[rpc.specialSigKey] === rpc.specialSecretSig;
}

/** Strips secret markers, collecting the paths where they were. */
function unwrapSecrets(value: unknown, path: string, secretPaths: string[]): unknown {
    if (isRpcSecret(value)) {
        secretPaths.push(path);
        return unwrapSecrets(value.value, path, []);
    }
    if (Array.isArray(value)) {
        return value.map((element, index) => unwrapSecrets(element, path === "" ? String(index) : `${path}.${index}`, secretPaths));
    }
    if (typeof value === "object" && value !== null && Object.getPrototypeOf(value) === Object.prototype) {
        const result: Record<string, unknown> = {};
        for (const [key, element] of Object.entries(value)) {
            result[key] = unwrapSecrets(element, path === "" ? key : `${path}.${key}`, secretPaths);
        }
        return result;
    }
    return value;
}

/** Paths whose plain value contains `needle` and are not under a secret path. */
function findPlain(value: unknown, path: string, secretPaths: readonly string[], needle: string, found: string[]): void {
    if (secretPaths.some((secret) => path === secret || path.startsWith(`${secret}.`))) return;
    if (typeof value === "string") {
        if (value.includes(needle)) found.push(path);
    } else if (Array.isArray(value)) {
        value.forEach((element, index) => findPlain(element, path === "" ? String(index) : `${path}.${index}`, secretPaths, needle, found));
    } else if (typeof value === "object" && value !== null) {
        for (const [key, element] of Object.entries(value)) {
            findPlain(element, path === "" ? key : `${path}.${key}`, secretPaths, needle, found);
        }
    }
}

export interface MockSetupOptions {
    readonly project?: string;
    readonly stack?: string;
    readonly preview?: boolean;
    readonly outputs?: OutputStub;
    /** Answers for provider functions beyond the defaults; return undefined to fall through. */
    readonly call?: (args: pulumi.runtime.MockCallArgs) => Record<string, unknown> | undefined;
}

/** Installs the mocks for this process at once and returns the recorder. */
export function setupMocks(options: MockSetupOptions = {}): MockEnvironment {
    const environment = createMocks(options);
    environment.install();
    return environment;
}

/** For a mocha file: installs the mocks before its tests and forgets recordings before each test. */
export function useMocks(options: MockSetupOptions = {}): MockEnvironment {
    const environment = createMocks(options);
    before(() => environment.install());
    beforeEach(() => environment.reset());
    return environment;
}

/** The recorder, not yet installed. */
export function createMocks(options: MockSetupOptions = {}): MockEnvironment {
    const resources: RecordedResource[] = [];
    const calls: RecordedCall[] = [];
    const pending = new Set<Promise<void>>();
    // additionalSecretOutputs per resource, applied to the stub outputs as the engine would.
    const secretOutputs = new Map<string, string[]>();

    const install = (): void => {
        void pulumi.runtime.setMocks(
            {
                newResource(args) {
                    const state: Record<string, unknown> = { ...args.inputs, ...defaultOutputs(args), ...(options.outputs?.(args) ?? {}) };
                    for (const field of secretOutputs.get(`${args.type}::${args.name}`) ?? []) {
                        if (state[field] !== undefined && !isRpcSecret(state[field])) {
                            state[field] = { [rpc.specialSigKey]: rpc.specialSecretSig, value: state[field] };
                        }
                    }
                    return { id: `${args.name}-id`, state };
                },
                call(args) {
                    calls.push({ token: args.token, inputs: args.inputs });
                    return options.call?.(args) ?? defaultCall(args);
                },
            },
            options.project ?? "secretset",
            options.stack ?? "test",
            options.preview ?? false,
        );

        // setMocks installs its monitor synchronously; wrap it to see the full request.
        const monitor = settings.getMonitor();
        const register = monitor.registerResource.bind(monitor);
        monitor.registerResource = (req, callback) => {
            let finish: () => void = () => undefined;
            const done = new Promise<void>((resolve) => (finish = resolve));
            pending.add(done);
            secretOutputs.set(`${req.getType()}::${req.getName()}`, req.getAdditionalsecretoutputsList());
            register(req, (err, resp) => {
                if (!err && resp) {
                    const secretPaths: string[] = [];
                    const inputs = unwrapSecrets(rpc.deserializeProperties(req.getObject()), "", secretPaths) as Record<string, any>;
                    resources.push({
                        urn: resp.getUrn(),
                        type: req.getType(),
                        name: req.getName(),
                        custom: req.getCustom(),
                        inputs,
                        secretPaths,
                        options: {
                            protect: req.getProtect(),
                            retainOnDelete: req.getRetainondelete(),
                            ignoreChanges: req.getIgnorechangesList(),
                            additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
                            aliases: req.getAliasesList().map((alias) => {
                                const spec = alias.getSpec();
                                if (!spec) return { urn: alias.getUrn() };
                                const recorded: Record<string, string | boolean> = {};
                                if (spec.getName()) recorded.name = spec.getName();
                                if (spec.getType()) recorded.type = spec.getType();
                                if (spec.getParenturn()) recorded.parentUrn = spec.getParenturn();
                                if (spec.getNoparent()) recorded.noParent = true;
                                return recorded as RecordedAlias;
                            }),
                            parent: req.getParent() || undefined,
                            dependsOn: req.getDependenciesList(),
                            importId: req.getImportid() || undefined,
                        },
                    });
                }
                pending.delete(done);
                finish();
                callback(err, resp);
            });
        };
    };

    const environment: MockEnvironment = {
        install,
        resources,
        calls,
        reset() {
            resources.length = 0;
            calls.length = 0;
        },
        async settled() {
            // Registrations are asynchronous; give the SDK a few turns to start them all.
            for (let round = 0; round < 50; round++) {
                await new Promise((resolve) => setImmediate(resolve));
                if (pending.size > 0) await Promise.all([...pending]);
            }
        },
        byType(type) {
            return resources.filter((r) => r.type === type);
        },
        find(type, name) {
            const match = resources.find((r) => r.type === type && r.name === name);
            if (!match) {
                const known = resources.filter((r) => r.type === type).map((r) => r.name);
                throw new Error(`mocks: no ${type} named \`${name}\`; registered: ${known.join(", ") || "none"}`);
            }
            return match;
        },
        plainOccurrences(needle) {
            const found: string[] = [];
            for (const resource of resources) {
                const paths: string[] = [];
                findPlain(resource.inputs, "", resource.secretPaths, needle, paths);
                found.push(...paths.map((path) => `${resource.type} ${resource.name} ${path}`));
            }
            return found;
        },
    };
    return environment;
}

/** The value of an output, for async/await tests (never `done()` inside `apply`). */
export function promiseOf<T>(output: pulumi.Output<T>): Promise<T> {
    return new Promise((resolve) => output.apply((value) => resolve(value)));
}

/** Whether an output is marked secret. */
export function isSecretOutput(output: pulumi.Output<unknown>): Promise<boolean> {
    return pulumi.isSecret(output);
}
