// Policy pack configuration as the CLI applies it: each policy starts from its
// own enforcement level and the defaults of its `configSchema`, then the pack's
// initial config, then the config file (`all` first, then per policy); the
// result is validated against the schemas and sent with Configure.
import * as fs from "fs";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as analyzerproto from "@pulumi/pulumi/proto/analyzer_pb";
import { levelProblem, propertyProblems } from "../../policies/lib/packConfigFloors";
import { objectProblems } from "./configSchemaCheck";
import { InputError, messageOf } from "./inputError";

export type PolicyLevel = "advisory" | "mandatory" | "disabled" | "remediate";
const LEVELS: readonly PolicyLevel[] = ["advisory", "mandatory", "disabled", "remediate"];

export interface PolicyConfigEntry {
    enforcementLevel: PolicyLevel;
    properties: Record<string, unknown>;
}

type ConfigFile = Record<string, unknown>;

const LEVEL_FROM_PROTO: Record<number, PolicyLevel> = {
    [analyzerproto.EnforcementLevel.ADVISORY]: "advisory",
    [analyzerproto.EnforcementLevel.MANDATORY]: "mandatory",
    [analyzerproto.EnforcementLevel.DISABLED]: "disabled",
    [analyzerproto.EnforcementLevel.REMEDIATE]: "remediate",
};
const LEVEL_TO_PROTO: Record<PolicyLevel, analyzerproto.EnforcementLevel> = {
    advisory: analyzerproto.EnforcementLevel.ADVISORY,
    mandatory: analyzerproto.EnforcementLevel.MANDATORY,
    disabled: analyzerproto.EnforcementLevel.DISABLED,
    remediate: analyzerproto.EnforcementLevel.REMEDIATE,
};

export function levelFromProto(level: analyzerproto.EnforcementLevel): PolicyLevel {
    return LEVEL_FROM_PROTO[level] ?? "advisory";
}

export function readPackConfigFile(file: string): ConfigFile {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (error) {
        throw new InputError(`Cannot read policy config ${file}: ${(error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : messageOf(error)}`);
    }
    let parsed: unknown;
    try {
        parsed = JSON.parse(text);
    } catch (error) {
        throw new InputError(`Policy config ${file} is not valid JSON: ${messageOf(error)}`);
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
        throw new InputError(`Policy config ${file} must be a JSON object of policy names.`);
    }
    return parsed as ConfigFile;
}

/** A config entry is a level string or an object with an optional `enforcementLevel` and properties. */
function entryParts(value: unknown, where: string): { level?: PolicyLevel; properties: Record<string, unknown> } {
    if (typeof value === "string") {
        if (!(LEVELS as readonly string[]).includes(value)) throw new InputError(`${where}: enforcement level "${value}" must be one of ${LEVELS.join(", ")}.`);
        return { level: value as PolicyLevel, properties: {} };
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
        throw new InputError(`${where} must be an enforcement level or an object.`);
    }
    const { enforcementLevel, ...properties } = value as Record<string, unknown>;
    if (enforcementLevel === undefined) return { properties };
    return { level: entryParts(enforcementLevel, where).level, properties };
}

export function reconcilePackConfig(info: analyzerproto.AnalyzerInfo, file: ConfigFile | undefined, fileName: string): Map<string, PolicyConfigEntry> {
    const policies = info.getPoliciesList();
    const result = new Map<string, PolicyConfigEntry>();
    for (const policy of policies) {
        const schema = (policy.getConfigschema()?.getProperties()?.toJavaScript() ?? {}) as Record<string, Record<string, unknown>>;
        const defaults: Record<string, unknown> = {};
        for (const [key, property] of Object.entries(schema)) {
            if (property && property.default !== undefined) defaults[key] = property.default;
        }
        result.set(policy.getName(), { enforcementLevel: levelFromProto(policy.getEnforcementlevel()), properties: defaults });
    }
    const initial: ConfigFile = {};
    info.getInitialconfigMap().forEach((config, name) => {
        initial[name] = { enforcementLevel: levelFromProto(config.getEnforcementlevel()), ...((config.getProperties()?.toJavaScript() ?? {}) as object) };
    });
    apply(result, initial, `initial config of pack ${info.getName()}`);
    if (file) {
        const before = snapshot(result);
        apply(result, file, fileName);
        assertTightensOnly(info, before, result, fileName);
    }

    const problems: string[] = [];
    for (const policy of policies) {
        const schema = policy.getConfigschema();
        const entry = result.get(policy.getName())!;
        const properties = (schema?.getProperties()?.toJavaScript() ?? {}) as Record<string, unknown>;
        for (const problem of objectProblems(entry.properties, { properties, required: schema?.getRequiredList() ?? [] }, "")) {
            problems.push(`${policy.getName()}: ${problem}`);
        }
    }
    if (problems.length > 0) throw new InputError(`Policy config ${fileName} does not fit the pack's schemas: ${problems.join("; ")}.`);
    return result;
}

function apply(result: Map<string, PolicyConfigEntry>, config: ConfigFile, where: string): void {
    if (config.all !== undefined) {
        const { level } = entryParts(config.all, `\`all\` in ${where}`);
        if (level) for (const entry of result.values()) entry.enforcementLevel = level;
    }
    for (const [name, value] of Object.entries(config)) {
        if (name === "all") continue;
        const entry = result.get(name);
        if (!entry) throw new InputError(`${where} configures \`${name}\`, which is not a policy of this pack; remove it or fix the name.`);
        const { level, properties } = entryParts(value, `\`${name}\` in ${where}`);
        if (level) entry.enforcementLevel = level;
        Object.assign(entry.properties, properties);
    }
}

export function configureRequest(config: Map<string, PolicyConfigEntry>): analyzerproto.ConfigureAnalyzerRequest {
    const request = new analyzerproto.ConfigureAnalyzerRequest();
    const map = request.getPolicyconfigMap();
    for (const [name, entry] of config) {
        const policyConfig = new analyzerproto.PolicyConfig();
        policyConfig.setEnforcementlevel(LEVEL_TO_PROTO[entry.enforcementLevel]);
        policyConfig.setProperties(Struct.fromJavaScript(entry.properties as never));
        map.set(name, policyConfig);
    }
    return request;
}

function snapshot(config: Map<string, PolicyConfigEntry>): Map<string, string> {
    return new Map([...config].map(([name, entry]) => [name, JSON.stringify(entry)]));
}

/** Shown in one error; the rest are counted. */
const MAX_LISTED_PROBLEMS = 6;

/**
 * The config file may only tighten (policies/lib/packConfigFloors.ts): no level below
 * a policy's floor, no property past its floor. Only what the file changed is judged.
 */
function assertTightensOnly(info: analyzerproto.AnalyzerInfo, before: Map<string, string>, after: Map<string, PolicyConfigEntry>, fileName: string): void {
    const problems: string[] = [];
    for (const policy of info.getPoliciesList()) {
        const name = policy.getName();
        const entry = after.get(name)!;
        if (before.get(name) === JSON.stringify(entry)) continue;
        const level = levelProblem(name, levelFromProto(policy.getEnforcementlevel()), entry.enforcementLevel);
        if (level) problems.push(level.message);
        const schema = (policy.getConfigschema()?.getProperties()?.toJavaScript() ?? {}) as Record<string, Record<string, unknown> | null>;
        const defaults = Object.fromEntries(Object.entries(schema).map(([key, property]) => [key, property?.default]));
        problems.push(...propertyProblems(name, entry.properties, defaults).map((p) => p.message));
    }
    if (problems.length === 0) return;
    const listed = problems.slice(0, MAX_LISTED_PROBLEMS).join(" ");
    const more = problems.length > MAX_LISTED_PROBLEMS ? ` (and ${problems.length - MAX_LISTED_PROBLEMS} more)` : "";
    throw new InputError(`Policy config ${fileName} loosens the pack: ${listed}${more} Fix the file (see docs/offline-preview.md, "Pack configuration").`);
}
