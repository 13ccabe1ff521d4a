// Converts resource states as the CLI writes them (apitype ResourceV3: in
// `pulumi stack export` files and in `pulumi preview --json` steps) into the
// tool's recorded resources, so both are checked exactly like a program run.
import { InputError } from "./inputError";
import type { CollectedStack, RecordedResource } from "./model";
import { PROVIDER_TYPE_PREFIX, ROOT_STACK_TYPE } from "./model";

type State = Record<string, unknown>;

export function urnParts(urn: string): { stack: string; project: string; name: string } | undefined {
    const prefix = "urn:pulumi:";
    if (!urn.startsWith(prefix)) return undefined;
    const parts = urn.slice(prefix.length).split("::");
    if (parts.length < 4 || parts.slice(0, 3).some((p) => p === "")) return undefined;
    return { stack: parts[0], project: parts[1], name: parts.slice(3).join("::") };
}

function stringList(value: unknown): string[] {
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

/** Default providers are created by the engine, not declared; they carry nothing to check. */
function isDefaultProvider(type: string, name: string): boolean {
    return type.startsWith(PROVIDER_TYPE_PREFIX) && name.startsWith("default");
}

function asMap(value: unknown): Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

export function collectFromStates(states: readonly State[], convert: (value: unknown) => unknown, source: string, stackOverride?: string): CollectedStack {
    const resources: RecordedResource[] = [];
    let stackUrn: string | undefined;
    let outputs: Record<string, unknown> = {};
    let stack = stackOverride;
    let project: string | undefined;
    states.forEach((state, index) => {
        const urn = state.urn;
        const type = state.type;
        if (typeof urn !== "string" || typeof type !== "string") {
            throw new InputError(`${source}: resource #${index + 1} has no \`urn\` and \`type\`; is this a ${source.includes("preview") ? "`pulumi preview --json`" : "`pulumi stack export`"} file?`);
        }
        const parts = urnParts(urn);
        if (!parts) throw new InputError(`${source}: resource #${index + 1} has a malformed URN.`);
        stack ??= parts.stack;
        project ??= parts.project;
        if (state.delete === true) return; // pending deletion: not part of the stack any more
        if (type === ROOT_STACK_TYPE) {
            stackUrn = urn;
            outputs = asMap(convert(asMap(state.outputs)));
            return;
        }
        if (isDefaultProvider(type, parts.name)) return;
        resources.push({
            urn,
            type,
            name: parts.name,
            parent: typeof state.parent === "string" && state.parent !== "" ? state.parent : null,
            custom: state.custom !== false,
            inputs: asMap(convert(asMap(state.inputs))),
            outputs: asMap(convert(asMap(state.outputs))),
            options: {
                protect: state.protect === true,
                retainOnDelete: state.retainOnDelete === true,
                ignoreChanges: stringList(state.ignoreChanges),
                additionalSecretOutputs: stringList(state.additionalSecretOutputs),
                aliases: stringList(state.aliases),
            },
            dependencies: stringList(state.dependencies),
            propertyDependencies: Object.fromEntries(Object.entries(asMap(state.propertyDependencies)).map(([k, v]) => [k, stringList(v)])),
        });
    });
    if (stack === undefined || project === undefined) throw new InputError(`${source} contains no resources; nothing to check.`);
    return { stack, project, resources, stackUrn, outputs };
}
