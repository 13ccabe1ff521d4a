// Checks of the nested parts of one declaration: `generate`, `rotation`,
// `replicas` and `recoveryWindowDays`. Used by declarationChecks.ts.
import { type ClassificationRules, RECOVERY_WINDOW_MAX_DAYS, RECOVERY_WINDOW_MIN_DAYS, ROTATION_MAX_DAYS, ROTATION_MIN_DAYS } from "../policies/lib/classification";
import { isKnown } from "./deferredChecks";
import type { GenerateSpec, ReplicaSpec, RotationSpec } from "./types";

/** One problem inside a declaration; the caller adds the secret name. */
export interface FieldProblem {
    readonly field: string;
    /** Sentence after "Secret `x`: ", starting with the field in backticks. */
    readonly text: string;
}

/** Shortest generated value we accept (~70 bits with the default character set). */
export const GENERATED_MIN_LENGTH = 12;
/** Longest generated value; keeps every generated value inside the SSM Standard tier. */
export const GENERATED_MAX_LENGTH = 4096;

const GENERATE_FIELDS: Record<keyof GenerateSpec, true> = {
    length: true, lower: true, upper: true, numeric: true, special: true, overrideSpecial: true,
    minLower: true, minUpper: true, minNumeric: true, minSpecial: true, jsonKey: true, keepOutOfState: true,
};
const ROTATION_FIELDS: Record<keyof RotationSpec, true> = { days: true, mode: true, owner: true, lambdaArn: true, database: true, rotateImmediately: true };
const REPLICA_FIELDS: Record<keyof ReplicaSpec, true> = { region: true, kmsKeyArn: true };

function isPlainObject(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function unknownFields(value: Record<string, unknown>, known: Record<string, true>, prefix: string): FieldProblem[] {
    return Object.keys(value)
        .filter((field) => !(field in known))
        .map((field) => ({ field: `${prefix}${field}`, text: `\`${prefix}${field}\` is not a known field; use ${Object.keys(known).map((f) => `\`${prefix}${f}\``).join(", ")}.` }));
}

export function checkGenerate(spec: unknown): FieldProblem[] {
    if (!isPlainObject(spec)) return [{ field: "generate", text: "`generate` must be a map such as `{ length: 32 }`." }];
    const problems = unknownFields(spec, GENERATE_FIELDS, "generate.");
    const g = spec as GenerateSpec;
    const length = g.length ?? 32;
    if (!Number.isInteger(length) || length < GENERATED_MIN_LENGTH || length > GENERATED_MAX_LENGTH) {
        problems.push({ field: "generate.length", text: `\`generate.length\` must be a whole number from ${GENERATED_MIN_LENGTH} to ${GENERATED_MAX_LENGTH}.` });
    }
    for (const flag of ["lower", "upper", "numeric", "special", "keepOutOfState"] as const) {
        if (g[flag] !== undefined && typeof g[flag] !== "boolean") {
            problems.push({ field: `generate.${flag}`, text: `\`generate.${flag}\` must be true or false.` });
        }
    }
    if (g.lower === false && g.upper === false && g.numeric === false && g.special === false) {
        problems.push({ field: "generate", text: "`generate` turns off every character class; keep at least one of `lower`, `upper`, `numeric`, `special`." });
    }
    let minimums = 0;
    for (const min of ["minLower", "minUpper", "minNumeric", "minSpecial"] as const) {
        const value = g[min];
        if (value === undefined) continue;
        if (!Number.isInteger(value) || value < 0) {
            problems.push({ field: `generate.${min}`, text: `\`generate.${min}\` must be a whole number of 0 or more.` });
        } else {
            minimums += value;
        }
    }
    if (Number.isInteger(length) && minimums > length) {
        problems.push({ field: "generate.length", text: `\`generate.length\` ${length} is shorter than the ${minimums} characters the \`generate.min*\` fields require; raise \`generate.length\`.` });
    }
    if (g.overrideSpecial !== undefined && (typeof g.overrideSpecial !== "string" || g.overrideSpecial === "")) {
        problems.push({ field: "generate.overrideSpecial", text: "`generate.overrideSpecial` must be a non-empty string of characters." });
    }
    if (g.jsonKey !== undefined && (typeof g.jsonKey !== "string" || g.jsonKey === "")) {
        problems.push({ field: "generate.jsonKey", text: "`generate.jsonKey` must be a non-empty string (the JSON field that holds the value)." });
    }
    return problems;
}

/** The problem with a rotation Lambda ARN (checked at once, or inside `apply` for an Output). */
export function lambdaArnProblem(arn: unknown): string | undefined {
    return typeof arn === "string" && /^arn:[a-z-]+:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]+(:[A-Za-z0-9_$-]+)?$/.test(arn)
        ? undefined
        : "`rotation.lambdaArn` must be the exact ARN of a Lambda function (arn:aws:lambda:<region>:<account>:function:<name>).";
}

/** The problem with a replica's key (checked at once, or inside `apply` for an Output). */
export function replicaKeyProblem(prefix: string, kmsKeyArn: unknown, region: unknown): string | undefined {
    if (typeof kmsKeyArn !== "string" || !/^arn:[a-z-]+:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/.test(kmsKeyArn)) {
        return `\`${prefix}.kmsKeyArn\` must be the ARN of a customer-managed KMS key in the replica's region (arn:aws:kms:<region>:<account>:key/<id>); replicas are never left on the AWS-managed key.`;
    }
    if (typeof region === "string" && kmsKeyArn.split(":")[3] !== region) {
        return `\`${prefix}.kmsKeyArn\` is a key in another region; use a key in \`${region}\`.`;
    }
    return undefined;
}

export function checkRotation(spec: unknown, rules: ClassificationRules, classification: string): FieldProblem[] {
    if (!isPlainObject(spec)) return [{ field: "rotation", text: "`rotation` must be a map such as `{ days: 30 }`." }];
    const problems = unknownFields(spec, ROTATION_FIELDS, "rotation.");
    const r = spec as RotationSpec;
    const ceiling = rules.maxRotationDays ?? ROTATION_MAX_DAYS;
    if (r.days === undefined) {
        if (rules.maxRotationDays === undefined) {
            problems.push({ field: "rotation.days", text: `\`rotation.days\` is required for a ${classification} secret; give a whole number from ${ROTATION_MIN_DAYS} to ${ceiling}.` });
        }
    } else if (!Number.isInteger(r.days) || r.days < ROTATION_MIN_DAYS) {
        problems.push({ field: "rotation.days", text: `\`rotation.days\` must be a whole number from ${ROTATION_MIN_DAYS} to ${ceiling}.` });
    } else if (r.days > ceiling) {
        problems.push({ field: "rotation.days", text: `\`rotation.days\` ${r.days} exceeds the ${classification} maximum of ${ceiling} days; use ${ceiling} or fewer.` });
    }
    if (r.lambdaArn !== undefined && isKnown(r.lambdaArn)) {
        const text = lambdaArnProblem(r.lambdaArn);
        if (text !== undefined) problems.push({ field: "rotation.lambdaArn", text });
    }
    if (r.rotateImmediately !== undefined && typeof r.rotateImmediately !== "boolean") {
        problems.push({ field: "rotation.rotateImmediately", text: "`rotation.rotateImmediately` must be true or false." });
    }
    return problems;
}

export function checkReplicas(replicas: unknown): FieldProblem[] {
    if (!Array.isArray(replicas)) return [{ field: "replicas", text: "`replicas` must be a list of `{ region, kmsKeyArn }`." }];
    const problems: FieldProblem[] = [];
    const regions = new Set<string>();
    replicas.forEach((replica: unknown, index) => {
        const prefix = `replicas[${index}]`;
        if (!isPlainObject(replica)) {
            problems.push({ field: prefix, text: `\`${prefix}\` must be a map \`{ region, kmsKeyArn }\`.` });
            return;
        }
        problems.push(...unknownFields(replica, REPLICA_FIELDS, `${prefix}.`));
        const { region, kmsKeyArn } = replica as Partial<ReplicaSpec>;
        if (typeof region !== "string" || !/^[a-z]{2}(-[a-z]+)+-\d$/.test(region)) {
            problems.push({ field: `${prefix}.region`, text: `\`${prefix}.region\` must be an AWS region such as \`eu-west-1\`.` });
        } else if (regions.has(region)) {
            problems.push({ field: `${prefix}.region`, text: `\`${prefix}.region\` repeats \`${region}\`; list each region once.` });
        } else {
            regions.add(region);
        }
        if (kmsKeyArn === undefined || isKnown(kmsKeyArn)) {
            const text = replicaKeyProblem(prefix, kmsKeyArn, region);
            if (text !== undefined) problems.push({ field: `${prefix}.kmsKeyArn`, text });
        }
    });
    return problems;
}

export function checkRecoveryWindow(days: unknown, rules: ClassificationRules, classification: string, disposable: boolean): FieldProblem[] {
    // AWS accepts 7..30 (or 0 = force delete); the class may demand more.
    const floor = Math.max(rules.minRecoveryWindowDays, RECOVERY_WINDOW_MIN_DAYS);
    const range = `${floor} to ${RECOVERY_WINDOW_MAX_DAYS}`;
    if (days === 0) {
        if (!disposable) {
            return [{ field: "recoveryWindowDays", text: `\`recoveryWindowDays\` 0 (force delete) is allowed only in a disposable environment; use ${range}, or set \`secretset:disposable: true\` for a throw-away stack.` }];
        }
        if (rules.protect) {
            return [{ field: "recoveryWindowDays", text: `\`recoveryWindowDays\` 0 is never allowed for ${classification} secrets, which are protected and retained; use ${range}.` }];
        }
        return [];
    }
    if (typeof days !== "number" || !Number.isInteger(days) || days < floor || days > RECOVERY_WINDOW_MAX_DAYS) {
        return [{ field: "recoveryWindowDays", text: `\`recoveryWindowDays\` must be a whole number from ${floor} to ${RECOVERY_WINDOW_MAX_DAYS} for ${classification} secrets${disposable && !rules.protect ? ", or 0 in this disposable environment" : ""}.` }];
    }
    return [];
}
