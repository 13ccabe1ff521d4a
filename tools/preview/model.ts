// The data the offline preview passes between its stages: what a stack would
// contain (from the program under mocks, a stack export or a preview file), and
// what the policy pack said about it.

/** The options the JSON contract reports for every resource. */
export interface RecordedOptions {
    protect: boolean;
    retainOnDelete: boolean;
    ignoreChanges: string[];
    additionalSecretOutputs: string[];
    aliases: string[];
}

export interface RecordedResource {
    urn: string;
    type: string;
    name: string;
    /** Parent URN as the engine sees it (top-level resources: the stack's URN); null for the stack itself. */
    parent: string | null;
    custom: boolean;
    /** Inputs in the engine's wire form: secrets are `{[sigKey]: secretSig, value}`. */
    inputs: Record<string, unknown>;
    /** State after create (mock or recorded outputs), same wire form; what AnalyzeStack sees. */
    outputs: Record<string, unknown>;
    options: RecordedOptions;
    dependencies: string[];
    propertyDependencies: Record<string, string[]>;
}

/** Everything a stack would contain, from whichever source. */
export interface CollectedStack {
    stack: string;
    project: string;
    /** Resources except the root stack resource, in registration order. */
    resources: RecordedResource[];
    /** URN of the root `pulumi:pulumi:Stack` resource, if known. */
    stackUrn: string | undefined;
    /** Stack outputs in wire form. */
    outputs: Record<string, unknown>;
    /** Warnings the program logged (`pulumi.log.warn`) or the preview file recorded; none for an export. */
    warnings?: ProgramWarning[];
    /** Values the input holds outside resources that may be secret (a preview file's config); never printed. */
    secretValues?: string[];
}

/** A warning the program (or the SDK on its behalf) emitted; urn of the resource it names, if any. */
export interface ProgramWarning {
    urn: string | null;
    message: string;
}

export type EnforcementLevel = "mandatory" | "advisory";

export interface Violation {
    policyName: string;
    enforcementLevel: EnforcementLevel;
    /** URN of the resource, or null for a stack policy that names none. */
    urn: string | null;
    message: string;
}

export const ROOT_STACK_TYPE = "pulumi:pulumi:Stack";
export const PROVIDER_TYPE_PREFIX = "pulumi:providers:";

/** File descriptor of the pipe the program process sends its resources and reply on (frameWriter.js). */
export const FRAME_FD = 4;
