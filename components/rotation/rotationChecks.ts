// Checks of a secret's rotation mode against where its value comes from and where it
// is stored. The rule an infra engineer expects: nothing SecretSet runs may replace a
// value that comes from outside (config or `external`) with a random one, so such a
// rotating secret must say who rotates it (`manual` or `lambda`, or `database`).
import { AWS_QUOTAS, describeQuota, LAMBDA_POLICY_WRAPPER_BYTES, lambdaPermissionStatementBytes } from "../../policies/lib/awsQuotas";
import { ROTATION_MODES, type RotationMode } from "../../policies/lib/classification";
import type { FieldProblem } from "../specChecks";
import { generationSpecFitsTag } from "./rotationTags";
import type { DatabaseRotationSpec, ProvidedValue, RotationSpec, SecretDeclaration } from "../types";
import { type ValueSource, valueSourceOf } from "../valueSource";

/** Tag values allow letters, digits, spaces and `_ . : / = + - @` (AWS tag rules). */
const TAG_VALUE_PATTERN = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,256}$/u;
const SUBNET_PATTERN = /^subnet-[0-9a-f]{8,17}$/;
const SECURITY_GROUP_PATTERN = /^sg-[0-9a-f]{8,17}$/;
const SECRET_ARN_PATTERN = /^arn:[a-z-]+:secretsmanager:[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@-]+$/;
const KMS_KEY_ARN_PATTERN = /^arn:[a-z-]+:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/;
const DATABASE_FIELDS = ["strategy", "masterSecretArn", "masterKmsKeyArn", "subnetIds", "securityGroupIds"];
/** Fields of AWS's database secret JSON the PostgreSQL rotator needs. */
export const DATABASE_SECRET_FIELDS = ["engine", "host", "port", "username", "password", "dbname"] as const;

/** The mode a declaration gets when it names none; undefined = it must name one. */
export function defaultRotationMode(spec: RotationSpec | undefined, source: ValueSource | undefined): RotationMode | undefined {
    if (spec?.mode !== undefined) return spec.mode;
    if (spec?.lambdaArn !== undefined) return "lambda";
    return source === "generated" || source === "rotator" ? "generated" : undefined;
}

function describeSource(source: ValueSource | undefined, name: string): string {
    return source === "external" ? "is set outside Pulumi (`external: true`)" : `comes from the config key \`secretset:${name}\``;
}

function checkDatabase(spec: unknown, name: string, provided: ProvidedValue | undefined, source: ValueSource | undefined): FieldProblem[] {
    if (typeof spec !== "object" || spec === null || Array.isArray(spec)) {
        return [{ field: "rotation.database", text: "`rotation.database` is required for `mode: database`: a map with `subnetIds`, `securityGroupIds` and optionally `strategy`, `masterSecretArn`." }];
    }
    const problems: FieldProblem[] = [];
    for (const field of Object.keys(spec).filter((f) => !DATABASE_FIELDS.includes(f))) {
        problems.push({ field: `rotation.database.${field}`, text: `\`rotation.database.${field}\` is not a known field; use ${DATABASE_FIELDS.map((f) => `\`${f}\``).join(", ")}.` });
    }
    const d = spec as Partial<DatabaseRotationSpec>;
    const strategy = d.strategy ?? "single-user";
    if (strategy !== "single-user" && strategy !== "alternating-users") {
        problems.push({ field: "rotation.database.strategy", text: "`rotation.database.strategy` must be `single-user` or `alternating-users`." });
    }
    const ids = (field: "subnetIds" | "securityGroupIds", pattern: RegExp, example: string) => {
        const value: unknown = d[field];
        if (!Array.isArray(value) || value.length === 0 || !value.every((v) => typeof v === "string" && pattern.test(v))) {
            problems.push({ field: `rotation.database.${field}`, text: `\`rotation.database.${field}\` must be a non-empty list of ids such as \`${example}\` (the rotator runs in the database's VPC).` });
        }
    };
    ids("subnetIds", SUBNET_PATTERN, "subnet-0123456789abcdef0");
    ids("securityGroupIds", SECURITY_GROUP_PATTERN, "sg-0123456789abcdef0");
    if (strategy === "alternating-users" && (typeof d.masterSecretArn !== "string" || !SECRET_ARN_PATTERN.test(d.masterSecretArn))) {
        problems.push({ field: "rotation.database.masterSecretArn", text: "`rotation.database.masterSecretArn` must be the exact ARN of the master user's secret for `alternating-users` (the rotator creates the `_clone` user with it)." });
    }
    if (strategy !== "alternating-users" && d.masterSecretArn !== undefined) {
        problems.push({ field: "rotation.database.masterSecretArn", text: "`rotation.database.masterSecretArn` applies to `strategy: alternating-users` only; remove it or switch the strategy." });
    }
    if (d.masterKmsKeyArn !== undefined && (typeof d.masterKmsKeyArn !== "string" || !KMS_KEY_ARN_PATTERN.test(d.masterKmsKeyArn))) {
        problems.push({ field: "rotation.database.masterKmsKeyArn", text: "`rotation.database.masterKmsKeyArn` must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>)." });
    }
    if (source !== "config" && source !== "external") {
        problems.push({ field: "rotation.mode", text: "`mode: database` needs the database secret's JSON from config (`pulumi config set --secret " + name + " '{\"engine\":\"postgres\",...}'`) or `external: true`; remove `generate`." });
    } else if (source === "config" && typeof provided?.value === "string") {
        problems.push(...checkDatabaseJson(provided.value, name, strategy === "alternating-users", typeof d.masterSecretArn === "string" ? d.masterSecretArn : undefined));
    }
    return problems;
}

/**
 * Tools that run the program without secret values (the offline preview) hand it a bracketed
 * placeholder such as `[redacted]`: there is no content to check then.
 */
function isUnreadablePlaceholder(text: string): boolean {
    return /^\[[a-z-]+\]$/.test(text);
}

/** The config value must be AWS's database secret JSON; reports field names only, never values. */
function checkDatabaseJson(text: string, name: string, needsMaster: boolean, masterSecretArn: string | undefined): FieldProblem[] {
    if (isUnreadablePlaceholder(text)) return [];
    let document: unknown;
    try {
        document = JSON.parse(text);
    } catch {
        document = undefined;
    }
    const master = needsMaster ? ',"masterarn":...' : "";
    const fix = `run \`pulumi config set --secret ${name} '{"engine":"postgres","host":...,"port":5432,"username":...,"password":...,"dbname":...${master}}'\``;
    if (typeof document !== "object" || document === null || Array.isArray(document)) {
        return [{ field: "value", text: `the value of a \`mode: database\` secret must be AWS's database secret JSON; ${fix}.` }];
    }
    const doc = document as Record<string, unknown>;
    const required = [...DATABASE_SECRET_FIELDS, ...(needsMaster ? ["masterarn"] : [])];
    const missing = required.filter((field) => field === "port" ? !Number.isInteger(Number(doc.port)) : typeof doc[field] !== "string" || doc[field] === "");
    const problems: FieldProblem[] = missing.length > 0 ? [{ field: "value", text: `the database secret JSON lacks ${missing.map((f) => `\`${f}\``).join(", ")}; ${fix}.` }] : [];
    // The rotator may read only the master secret it is granted: the JSON must point at it (by ARN or name).
    if (needsMaster && masterSecretArn !== undefined && typeof doc.masterarn === "string" && doc.masterarn !== "" && doc.masterarn !== masterSecretArn && !masterSecretArn.includes(`:secret:${doc.masterarn}-`)) {
        problems.push({ field: "rotation.database.masterSecretArn", text: "the database secret JSON's `masterarn` names another secret than `rotation.database.masterSecretArn`, which is the only master secret the rotator may read; make them the same." });
    }
    if (typeof doc.engine === "string" && doc.engine !== "postgres") {
        problems.push({ field: "value", text: "the database secret JSON has an `engine` other than `postgres`; SecretSet's database rotator speaks PostgreSQL only (use `mode: lambda` with AWS's rotator for other engines)." });
    }
    return problems;
}

/** Every problem of a rotating declaration's mode. `onlySecretsManager`: the AWS store is Secrets Manager and there is no Vault copy. */
export function checkRotationMode(name: string, d: SecretDeclaration, provided: ProvidedValue | undefined, onSecretsManager: boolean, onVault: boolean): FieldProblem[] {
    const spec = (typeof d.rotation === "object" && d.rotation !== null ? d.rotation : {}) as RotationSpec;
    const source = valueSourceOf(d, provided);
    const problems: FieldProblem[] = [];
    if (spec.mode !== undefined && !(ROTATION_MODES as readonly unknown[]).includes(spec.mode)) {
        return [{ field: "rotation.mode", text: `\`rotation.mode\` must be one of ${ROTATION_MODES.map((m) => `\`${m}\``).join(", ")}.` }];
    }
    const mode = defaultRotationMode(spec, source);
    if (mode === undefined) {
        return [{
            field: "rotation.mode",
            text: `\`rotation.mode\` is required: the value ${describeSource(source, name)}, and a random value from SecretSet's rotator would break whatever uses it. ` +
                "Choose `rotation.mode: manual` with `rotation.owner` (a person or system rotates it outside) or `rotation.mode: lambda` with `rotation.lambdaArn` (a function that rotates it); or declare `generate` if any random value will do.",
        }];
    }
    if (mode === "generated" && source !== "generated" && source !== "rotator") {
        problems.push({ field: "rotation.mode", text: `\`rotation.mode: generated\` would replace the value, which ${describeSource(source, name)}, with a random one; declare \`generate\` instead, or choose \`manual\` (with \`rotation.owner\`) or \`lambda\`.` });
    }
    if (mode === "generated" && onSecretsManager && !generationSpecFitsTag(d.generate)) {
        problems.push({ field: "generate", text: "`generate` is too long to travel in the secret's `secretset:generate` tag (256 characters once encoded), which the rotator reads; shorten `overrideSpecial` or `jsonKey`." });
    }
    if ((mode === "lambda" || mode === "database") && (!onSecretsManager || onVault)) {
        problems.push({ field: "rotation.mode", text: `\`rotation.mode: ${mode}\` rotates Secrets Manager values only; store the secret in Secrets Manager alone (confidential or restricted, \`backends: [aws]\`) or choose \`manual\`.` });
    }
    if (mode === "lambda" && spec.lambdaArn === undefined) {
        problems.push({ field: "rotation.lambdaArn", text: "`rotation.lambdaArn` is required for `mode: lambda`: the exact ARN of the function that rotates the secret." });
    }
    if (mode !== "lambda" && spec.lambdaArn !== undefined) {
        problems.push({ field: "rotation.lambdaArn", text: `\`rotation.lambdaArn\` applies to \`mode: lambda\` only; remove it or set \`rotation.mode: lambda\`.` });
    }
    if (mode === "database") problems.push(...checkDatabase(spec.database, name, provided, source));
    else if (spec.database !== undefined) problems.push({ field: "rotation.database", text: "`rotation.database` applies to `mode: database` only; remove it or set `rotation.mode: database`." });
    if (mode === "manual") {
        if (typeof spec.owner !== "string" || !TAG_VALUE_PATTERN.test(spec.owner) || spec.owner.trim() === "") {
            problems.push({ field: "rotation.owner", text: "`rotation.owner` is required for `mode: manual`: who rotates the value (a person, team or system; letters, digits, spaces and `_ . : / = + - @`, at most 256 characters)." });
        }
        if (d.generate?.keepOutOfState === true) {
            problems.push({ field: "generate.keepOutOfState", text: "`generate.keepOutOfState` leaves the first value to SecretSet's rotator, which a `manual` secret does not have; drop `keepOutOfState`." });
        }
    } else if (spec.owner !== undefined) {
        problems.push({ field: "rotation.owner", text: "`rotation.owner` applies to `mode: manual` only; remove it or set `rotation.mode: manual`." });
    }
    return problems;
}

/**
 * A named rotation function gets one invoke statement per secret; AWS keeps a function's
 * resource policy within 20 KB. Reported on the first secret of each function over it.
 */
export function checkLambdaPermissionQuota(secrets: Readonly<Record<string, unknown>>, environment: string, app: string): { secret: string; field: string; message: string }[] {
    const byFunction = new Map<string, string[]>();
    for (const [name, declaration] of Object.entries(secrets)) {
        const rotation = (declaration as SecretDeclaration | undefined)?.rotation;
        const arn = typeof rotation === "object" && rotation !== null ? rotation.lambdaArn : undefined;
        if (typeof arn !== "string" || (rotation?.mode !== undefined && rotation.mode !== "lambda")) continue;
        byFunction.set(arn, [...(byFunction.get(arn) ?? []), name]);
    }
    const problems: { secret: string; field: string; message: string }[] = [];
    const quota = AWS_QUOTAS.lambdaResourcePolicyBytes;
    for (const [arn, names] of byFunction) {
        const [, partition, , region, account] = arn.split(":");
        const bytes = LAMBDA_POLICY_WRAPPER_BYTES + names.reduce((sum, name) => sum + lambdaPermissionStatementBytes(arn, "secretsmanager.amazonaws.com", `arn:${partition}:secretsmanager:${region}:${account}:secret:${environment}/${app}/${name}-AbCdEf`), 0);
        if (bytes > quota.limit) {
            const first = [...names].sort()[0];
            problems.push({
                secret: first,
                field: "rotation.lambdaArn",
                message: `Secret \`${first}\`: \`rotation.lambdaArn\` is named by ${names.length} secrets of this set; their invoke permissions (about ${bytes} bytes) would not fit in the function's resource policy (${describeQuota(quota)}). Spread them over several functions or sets.`,
            });
        }
    }
    return problems;
}
