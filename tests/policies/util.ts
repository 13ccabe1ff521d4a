// Builds complete ResourceValidationArgs / StackValidationArgs the way the policy SDK's
// analyzer does (awsguard `src/tests/util.ts` style), and runs a policy against them.
//
// Inputs go through the SDK's own deserializer from a protobuf Struct, so secrets
// (`secret(...)`) and preview unknowns (`UNKNOWN_INPUT`) arrive exactly as they do from
// the engine, and reads go through the SDK's unknown-checking proxy.
import { Policy, PolicyResource, PolicyResourceOptions, ResourceValidationArgs, ResourceValidationPolicy, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import "../../policies/lib/secretInputs"; // the pack loads it with its Vault rules; tests must see the same SDK

// eslint-disable-next-line @typescript-eslint/no-require-imports
const deserialize: { deserializeProperties(struct: Struct, proxySecrets: boolean): Record<string, unknown> } = require("@pulumi/policy/deserialize");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const proxy: { unknownCheckingProxy<T>(value: T): T; UnknownValueError: new (...args: unknown[]) => Error } = require("@pulumi/policy/proxy");

const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** The engine's wire sentinel for an unknown value during preview. */
export const UNKNOWN_INPUT = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** A value no message may contain. Shaped like an AWS key so credential rules fire on it. */
export const SENTINEL = "AKIASENTINEL0VALUE99";

/** Marks an input as a Pulumi secret, as the engine serialises it. */
export function secret(value: unknown): Record<string, unknown> {
    return { [SIG_KEY]: SECRET_SIG, value };
}

export const STACK = "dev";
export function urnOf(type: string, name: string): string {
    return `urn:pulumi:${STACK}::secretset::${type}::${name}`;
}

/** Inputs as the SDK presents them to a rule: deserialised from the wire, behind its proxy. */
export function wireProps(props: Record<string, unknown>): Record<string, unknown> {
    const struct = Struct.fromJavaScript(JSON.parse(JSON.stringify(props)));
    return proxy.unknownCheckingProxy(deserialize.deserializeProperties(struct, false));
}

export function options(overrides: Partial<PolicyResourceOptions> = {}): PolicyResourceOptions {
    return {
        protect: false,
        ignoreChanges: [],
        aliases: [],
        customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
        additionalSecretOutputs: [],
        ...overrides,
    };
}

class NotApplicable extends Error {}

export interface ResourceInput {
    type: string;
    name: string;
    props: Record<string, unknown>;
    opts?: Partial<PolicyResourceOptions>;
}

export function resourceArgs(input: ResourceInput, config: Record<string, unknown> = {}): ResourceValidationArgs {
    const props = wireProps(input.props);
    const isType = (cls: { new (...rest: any[]): unknown }) => (cls as unknown as { __pulumiType?: string }).__pulumiType === input.type;
    return {
        type: input.type,
        props,
        urn: urnOf(input.type, input.name),
        name: input.name,
        opts: options(input.opts),
        provider: { type: "pulumi:providers:aws", props: {}, urn: urnOf("pulumi:providers:aws", "default"), name: "default" },
        stackTags: new Map([["pulumi:project", "secretset"]]),
        isType,
        asType: ((cls: { new (...rest: any[]): unknown }) => (isType(cls) ? props : undefined)) as ResourceValidationArgs["asType"],
        getConfig: <T extends object>() => ({ ...config }) as T,
        notApplicable: (reason?: string): never => {
            throw new NotApplicable(reason);
        },
    };
}

export interface Outcome {
    violations: { message: string; urn?: string }[];
    notApplicable: boolean;
}

async function settle(run: () => Promise<void> | void, outcome: Outcome): Promise<Outcome> {
    try {
        await run();
    } catch (error) {
        if (error instanceof NotApplicable) outcome.notApplicable = true;
        else if (error instanceof proxy.UnknownValueError) throw new Error(`rule read an unknown value instead of guarding it: ${(error as Error).message}`);
        else throw error;
    }
    return outcome;
}

/** Runs every validation of a resource policy; not applicable only when no validation applied. */
export async function runResource(policy: Policy, input: ResourceInput, config: Record<string, unknown> = {}): Promise<Outcome> {
    const validations = (policy as ResourceValidationPolicy).validateResource;
    const list = Array.isArray(validations) ? validations : validations ? [validations] : [];
    const outcome: Outcome = { violations: [], notApplicable: false };
    let applied = 0;
    for (const validate of list) {
        const args = resourceArgs(input, config);
        const sub: Outcome = { violations: outcome.violations, notApplicable: false };
        await settle(() => validate(args, (message, urn) => outcome.violations.push({ message, urn })), sub);
        if (!sub.notApplicable) applied += 1;
    }
    outcome.notApplicable = applied === 0;
    return outcome;
}

export interface StackInput extends ResourceInput {
    /** Property name -> names of resources it depends on. */
    propertyDependencies?: Record<string, string[]>;
}

export function stackArgs(inputs: StackInput[], config: Record<string, unknown> = {}): StackValidationArgs {
    const resources: PolicyResource[] = inputs.map((input) => {
        const args = resourceArgs(input);
        return {
            type: args.type,
            props: args.props,
            urn: args.urn,
            name: args.name,
            opts: args.opts,
            provider: args.provider,
            dependencies: [],
            propertyDependencies: {},
            isType: args.isType,
            asType: (() => undefined) as PolicyResource["asType"],
        };
    });
    inputs.forEach((input, index) => {
        for (const [property, names] of Object.entries(input.propertyDependencies ?? {})) {
            resources[index].propertyDependencies[property] = resources.filter((r) => names.includes(r.name));
        }
    });
    return {
        resources,
        stackTags: new Map([["pulumi:project", "secretset"]]),
        getConfig: <T extends object>() => ({ ...config }) as T,
        notApplicable: (reason?: string): never => {
            throw new NotApplicable(reason);
        },
    };
}

export async function runStack(policy: Policy, inputs: StackInput[], config: Record<string, unknown> = {}): Promise<Outcome> {
    const outcome: Outcome = { violations: [], notApplicable: false };
    const args = stackArgs(inputs, config);
    return settle(() => (policy as StackValidationPolicy).validateStack(args, (message, urn) => outcome.violations.push({ message, urn })), outcome);
}

/** Deep copy of a baseline with one change applied, so cases read "baseline + one field". */
export function mutate<T extends ResourceInput>(base: T, change: (copy: T) => void): T {
    const copy = JSON.parse(JSON.stringify(base)) as T;
    change(copy);
    return copy;
}

/** Fails when a message repeats the sentinel or any 8-character piece of it. */
export function assertNoSentinel(outcome: Outcome): void {
    for (const { message } of outcome.violations) {
        for (let i = 0; i + 8 <= SENTINEL.length; i++) {
            if (message.includes(SENTINEL.slice(i, i + 8))) throw new Error(`message echoes the sentinel: ${message}`);
        }
    }
}
