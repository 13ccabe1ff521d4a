// What a stack declares about auditing its secrets (`secretset:audit`, or the
// `audit` argument of a SecretSet): which CloudTrail trail records the reads, who
// hears about an unexpected read, and the Vault audit device. Plain data,
// validated before anything exists.

/** A trail of the stack's own, or one that already exists (e.g. an organisation trail). */
export type TrailDeclaration = "create" | { readonly existingTrailArn: string };

export interface AlertSubscription {
    /** SNS protocol: email, email-json, https, sqs, lambda, sms. */
    readonly protocol: string;
    /** Address, URL or ARN for the protocol. */
    readonly endpoint: string;
}

export interface ReadAlertSettings {
    /** Who is told about an unexpected read. @default none (subscribe to the topic out of band) */
    readonly subscriptions?: readonly AlertSubscription[];
    /**
     * Role ARNs that may read the set's secrets besides its consumers and its rotator
     * (e.g. the deployment role that runs `pulumi refresh`). @default none
     */
    readonly expectedReaders?: readonly string[];
}

export interface VaultAuditSettings {
    /** The Vault server already has an audit device managed elsewhere; create none. @default false */
    readonly existing?: boolean;
    /** Audit device type. @default "file" */
    readonly type?: "file" | "syslog" | "socket";
    /** Path the device is enabled at. @default "secretset-<type>" */
    readonly path?: string;
    /** Device options; `log_raw: "true"` is refused (it writes secrets in clear). @default { file_path: "stdout" } for `file` */
    readonly options?: Readonly<Record<string, string>>;
}

export interface AuditSettings {
    /** @default "create" */
    readonly trail?: TrailDeclaration;
    /** An own trail records every region (reads of replicas included). @default true */
    readonly multiRegionTrail?: boolean;
    /** The unexpected-read alert. @default {} (alert on, no subscription) */
    readonly alert?: ReadAlertSettings;
    /** Only used when the set stores secrets in Vault. @default a `file` device writing to stdout */
    readonly vaultAudit?: VaultAuditSettings;
}

export const AUDIT_FIELDS: readonly (keyof AuditSettings)[] = ["trail", "multiRegionTrail", "alert", "vaultAudit"];
const ALERT_FIELDS: readonly (keyof ReadAlertSettings)[] = ["subscriptions", "expectedReaders"];
const VAULT_AUDIT_FIELDS: readonly (keyof VaultAuditSettings)[] = ["existing", "type", "path", "options"];
export const SNS_PROTOCOLS = ["email", "email-json", "https", "sqs", "lambda", "sms", "firehose"] as const;
export const VAULT_AUDIT_TYPES = ["file", "syslog", "socket"] as const;
/** arn:<partition>:cloudtrail:<region>:<account>:trail/<name> */
export const TRAIL_ARN_PATTERN = /^arn:aws[a-z-]*:cloudtrail:[a-z0-9-]+:\d{12}:trail\/[A-Za-z0-9._-]{3,128}$/;
/** An IAM role or user ARN, no wildcards. */
export const READER_ARN_PATTERN = /^arn:aws[a-z-]*:iam::\d{12}:(role|user)\/[\w+=,.@/-]+$/;

export interface AuditProblem {
    readonly field: string;
    readonly message: string;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

function unknownFields(value: Record<string, unknown>, known: readonly string[], prefix: string, add: (field: string, message: string) => void): void {
    for (const field of Object.keys(value)) {
        if (!known.includes(field)) add(`${prefix}${field}`, `unknown field \`${prefix}${field}\`; use ${known.map((f) => `\`${prefix}${f}\``).join(", ")}.`);
    }
}

/** Every problem in `secretset:audit`, each naming the field and the fix. `undefined` (no auditing) is valid. */
export function validateAuditSettings(audit: unknown): AuditProblem[] {
    const problems: AuditProblem[] = [];
    if (audit === undefined) return problems;
    const add = (field: string, message: string) => problems.push({ field: `audit.${field}`, message: `\`secretset:audit\`: ${message}` });
    if (!isPlainObject(audit)) return [{ field: "audit", message: "`secretset:audit` must be a map with `trail`, `alert` and optionally `vaultAudit`, `multiRegionTrail`." }];
    unknownFields(audit, AUDIT_FIELDS, "", add);

    const trail = audit.trail;
    if (trail !== undefined && trail !== "create") {
        if (!isPlainObject(trail) || Object.keys(trail).join() !== "existingTrailArn") {
            add("trail", "`trail` must be `create` or `{ existingTrailArn: arn:aws:cloudtrail:<region>:<account>:trail/<name> }`.");
        } else if (typeof trail.existingTrailArn !== "string" || !TRAIL_ARN_PATTERN.test(trail.existingTrailArn)) {
            add("trail.existingTrailArn", "`trail.existingTrailArn` must be a trail ARN such as arn:aws:cloudtrail:us-east-1:111122223333:trail/org-trail.");
        }
    }
    if (audit.multiRegionTrail !== undefined && typeof audit.multiRegionTrail !== "boolean") add("multiRegionTrail", "`multiRegionTrail` must be true or false.");
    if (audit.multiRegionTrail !== undefined && trail !== undefined && trail !== "create") {
        add("multiRegionTrail", "`multiRegionTrail` applies to a trail of the stack's own; the existing trail's settings are its owner's. Remove it.");
    }
    problems.push(...alertProblems(audit.alert, add));
    problems.push(...vaultAuditProblems(audit.vaultAudit, add));
    return problems;
}

function alertProblems(alert: unknown, add: (field: string, message: string) => void): AuditProblem[] {
    if (alert === undefined) return [];
    if (!isPlainObject(alert)) {
        add("alert", "`alert` must be a map with `subscriptions` and/or `expectedReaders`.");
        return [];
    }
    unknownFields(alert, ALERT_FIELDS, "alert.", add);
    const subscriptions = alert.subscriptions;
    if (subscriptions !== undefined) {
        if (!Array.isArray(subscriptions)) add("alert.subscriptions", "`alert.subscriptions` must be a list of `{ protocol, endpoint }`.");
        else {
            subscriptions.forEach((s, i) => {
                const field = `alert.subscriptions[${i}]`;
                if (!isPlainObject(s) || typeof s.protocol !== "string" || typeof s.endpoint !== "string" || s.endpoint === "") {
                    add(field, `\`${field}\` must be \`{ protocol: email, endpoint: secops@example.com }\`.`);
                } else if (!(SNS_PROTOCOLS as readonly string[]).includes(s.protocol)) {
                    add(`${field}.protocol`, `\`${field}.protocol\` must be one of ${SNS_PROTOCOLS.join(", ")}; got "${s.protocol}".`);
                }
            });
        }
    }
    const readers = alert.expectedReaders;
    if (readers !== undefined) {
        if (!Array.isArray(readers)) add("alert.expectedReaders", "`alert.expectedReaders` must be a list of IAM role ARNs.");
        else {
            readers.forEach((r, i) => {
                if (typeof r !== "string" || !READER_ARN_PATTERN.test(r)) {
                    add(`alert.expectedReaders[${i}]`, `\`alert.expectedReaders[${i}]\` must be an IAM role or user ARN (arn:aws:iam::<account>:role/<name>), no wildcards.`);
                }
            });
        }
    }
    return [];
}

function vaultAuditProblems(settings: unknown, add: (field: string, message: string) => void): AuditProblem[] {
    if (settings === undefined) return [];
    if (!isPlainObject(settings)) {
        add("vaultAudit", "`vaultAudit` must be a map with `type`, `path`, `options` or `existing: true`.");
        return [];
    }
    unknownFields(settings, VAULT_AUDIT_FIELDS, "vaultAudit.", add);
    if (settings.existing !== undefined && typeof settings.existing !== "boolean") add("vaultAudit.existing", "`vaultAudit.existing` must be true or false.");
    if (settings.existing === true && Object.keys(settings).length > 1) {
        add("vaultAudit.existing", "`vaultAudit.existing: true` creates no device; remove `type`, `path` and `options`.");
    }
    if (settings.type !== undefined && !(VAULT_AUDIT_TYPES as readonly unknown[]).includes(settings.type)) {
        add("vaultAudit.type", `\`vaultAudit.type\` must be one of ${VAULT_AUDIT_TYPES.join(", ")}.`);
    }
    if (settings.path !== undefined && (typeof settings.path !== "string" || !/^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(settings.path))) {
        add("vaultAudit.path", "`vaultAudit.path` must be letters, digits, `-` and `_` (e.g. `secretset-file`).");
    }
    const options = settings.options;
    if (options !== undefined) {
        if (!isPlainObject(options) || !Object.values(options).every((v) => typeof v === "string")) {
            add("vaultAudit.options", "`vaultAudit.options` must be a map of strings (e.g. `{ file_path: /vault/logs/audit.log }`).");
        } else if (String(options.log_raw).toLowerCase() === "true") {
            add("vaultAudit.options.log_raw", "`vaultAudit.options.log_raw: \"true\"` would write secret values to the audit log in clear; remove it.");
        }
    }
    return [];
}

/** The declared trail, with the default applied. */
export function trailOf(audit: AuditSettings): TrailDeclaration {
    return audit.trail ?? "create";
}

/** The Vault audit device to create (type, path, options), or undefined when an existing one is declared. */
export function vaultAuditDevice(settings: VaultAuditSettings | undefined): { type: string; path: string; options: Record<string, string> } | undefined {
    if (settings?.existing === true) return undefined;
    const type = settings?.type ?? "file";
    const options = { ...(type === "file" ? { file_path: "stdout" } : {}), ...(settings?.options ?? {}) };
    return { type, path: settings?.path ?? `secretset-${type}`, options };
}
