// The classification matrix: the ONE place where the protection each level of
// sensitivity requires is written down. `components/` builds resources from it and
// the policy pack checks resources against it; neither restates a rule.
//
// It lives inside `policies/` because `pulumi policy publish` uploads only that
// folder; the components import it from here.

export const CLASSIFICATIONS = ["public", "internal", "confidential", "restricted"] as const;
export type Classification = (typeof CLASSIFICATIONS)[number];

/** Where a secret of a class is stored on AWS by default. */
export type AwsStore = "ssm-string" | "ssm-securestring" | "secretsmanager";

/** Every store a declaration or a resource can put a secret in. */
export type Store = AwsStore | "vault-kv";

/** Tag keys (Vault: custom metadata keys) carried by every resource SecretSet creates. */
export const TAG_KEYS = {
    classification: "secretset:classification",
    environment: "secretset:environment",
    app: "secretset:app",
    owner: "secretset:owner",
} as const;

/**
 * Tag (Vault: custom-metadata key) recording the schedule, in days, on which SecretSet
 * regenerates a rotating SSM or Vault secret; Secrets Manager has its SecretRotation instead.
 */
export const ROTATION_DAYS_KEY = "secretset:rotation-days";

/** Tag (Vault: custom-metadata key) naming how a secret rotates (one of ROTATION_MODES). */
export const ROTATION_MODE_KEY = "secretset:rotation-mode";
export const ROTATION_MODES = ["generated", "lambda", "database", "manual"] as const;
export type RotationMode = (typeof ROTATION_MODES)[number];
/** Tag naming who rotates a `manual` secret (person, team or system). */
export const ROTATION_OWNER_KEY = "secretset:rotation-owner";

export interface ClassificationRules {
    /** Default AWS store for the class. */
    readonly store: AwsStore;
    /** AWS stores the class may live in; anything else is a violation. */
    readonly allowedStores: readonly Store[];
    /** The value must be encrypted with a customer-managed KMS key (never `alias/aws/*`). */
    readonly customerManagedKey: boolean;
    /** The class gets a KMS key of its own instead of the set's shared key. */
    readonly dedicatedKey: boolean;
    /** Rotation must be configured. */
    readonly rotationRequired: boolean;
    /** Longest allowed rotation interval in days; `undefined` = no limit. */
    readonly maxRotationDays: number | undefined;
    /** Recovery window used when a declaration does not give one. */
    readonly recoveryWindowDays: number;
    /** Smallest recovery window outside disposable environments. */
    readonly minRecoveryWindowDays: number;
    /** Pulumi `protect` and `retainOnDelete` on the stored secret. */
    readonly protect: boolean;
    /** KMS deletion window (days) of keys that protect the class. */
    readonly kmsDeletionWindowDays: number;
    /** The value must be a Pulumi secret everywhere (config, inputs, Vault data). */
    readonly valueMustBeSecret: boolean;
    /** A literal `value` in the declaration is allowed (public only). */
    readonly literalValueAllowed: boolean;
}

/** AWS bounds that no tightening can leave. */
export const RECOVERY_WINDOW_MIN_DAYS = 7;
export const RECOVERY_WINDOW_MAX_DAYS = 30;
export const KMS_DELETION_WINDOW_MIN_DAYS = 7;
export const KMS_DELETION_WINDOW_MAX_DAYS = 30;
/** Secrets Manager accepts rotation intervals of 1 to 1000 days. */
export const ROTATION_MIN_DAYS = 1;
export const ROTATION_MAX_DAYS = 1000;

/** The defaults of the matrix in DESIGN.md. */
export const CLASSIFICATION_RULES: Readonly<Record<Classification, ClassificationRules>> = {
    public: {
        store: "ssm-string",
        allowedStores: ["ssm-string", "ssm-securestring", "secretsmanager", "vault-kv"],
        customerManagedKey: false,
        dedicatedKey: false,
        rotationRequired: false,
        maxRotationDays: undefined,
        recoveryWindowDays: 7,
        minRecoveryWindowDays: 0,
        protect: false,
        kmsDeletionWindowDays: 7,
        valueMustBeSecret: false,
        literalValueAllowed: true,
    },
    internal: {
        store: "ssm-securestring",
        allowedStores: ["ssm-securestring", "secretsmanager", "vault-kv"],
        customerManagedKey: true,
        dedicatedKey: false,
        rotationRequired: false,
        maxRotationDays: undefined,
        recoveryWindowDays: 7,
        minRecoveryWindowDays: 0,
        protect: false,
        kmsDeletionWindowDays: 30,
        valueMustBeSecret: true,
        literalValueAllowed: false,
    },
    confidential: {
        store: "secretsmanager",
        allowedStores: ["secretsmanager", "vault-kv"],
        customerManagedKey: true,
        dedicatedKey: false,
        rotationRequired: true,
        maxRotationDays: 90,
        recoveryWindowDays: 7,
        minRecoveryWindowDays: 7,
        protect: false,
        kmsDeletionWindowDays: 30,
        valueMustBeSecret: true,
        literalValueAllowed: false,
    },
    restricted: {
        store: "secretsmanager",
        allowedStores: ["secretsmanager", "vault-kv"],
        customerManagedKey: true,
        dedicatedKey: true,
        rotationRequired: true,
        maxRotationDays: 30,
        recoveryWindowDays: 30,
        minRecoveryWindowDays: 30,
        protect: true,
        kmsDeletionWindowDays: 30,
        valueMustBeSecret: true,
        literalValueAllowed: false,
    },
};

export function isClassification(value: unknown): value is Classification {
    return typeof value === "string" && (CLASSIFICATIONS as readonly string[]).includes(value);
}

/** Levels ordered from least to most sensitive; `a` is at least as sensitive as `b`. */
export function isAtLeast(a: Classification, b: Classification): boolean {
    return CLASSIFICATIONS.indexOf(a) >= CLASSIFICATIONS.indexOf(b);
}

/** True when the store may hold a secret of this class. */
export function isStoreAllowed(classification: Classification, store: Store): boolean {
    return CLASSIFICATION_RULES[classification].allowedStores.includes(store);
}

/**
 * What a stack may change about a level. Each field can only move in the
 * stricter direction; see `tightenRules`.
 */
export interface ClassificationTightening {
    /** Rotate at least this often (days); must not exceed the level's maximum. */
    readonly maxRotationDays?: number;
    /** Require rotation even where the matrix makes it optional. */
    readonly rotationRequired?: boolean;
    /** Longer recovery window (days); must not be below the level's floor. */
    readonly recoveryWindowDays?: number;
    /** Protect and retain the stored secret on delete. */
    readonly protect?: boolean;
    /** Give the level a KMS key of its own. */
    readonly dedicatedKey?: boolean;
}

export const TIGHTENING_FIELDS: readonly (keyof ClassificationTightening)[] = [
    "maxRotationDays",
    "rotationRequired",
    "recoveryWindowDays",
    "protect",
    "dedicatedKey",
];

/** One problem found in a tightening: which field, and what to do instead. */
export interface TighteningProblem {
    readonly field: keyof ClassificationTightening | string;
    readonly message: string;
}

/**
 * Applies a stack's tightening to a level's rules. Returns the effective rules
 * and every attempt to loosen (or malformed value); callers must treat any
 * problem as an error. Loosening is never applied.
 */
export function tightenRules(
    classification: Classification,
    tightening: ClassificationTightening | undefined,
): { rules: ClassificationRules; problems: TighteningProblem[] } {
    const base = CLASSIFICATION_RULES[classification];
    const problems: TighteningProblem[] = [];
    if (tightening === undefined) {
        return { rules: base, problems };
    }
    const rules: { -readonly [K in keyof ClassificationRules]: ClassificationRules[K] } = { ...base };
    for (const field of Object.keys(tightening)) {
        if (!(TIGHTENING_FIELDS as readonly string[]).includes(field)) {
            problems.push({
                field,
                message: `Unknown field \`${field}\`; a level can tighten only ${TIGHTENING_FIELDS.map((f) => `\`${f}\``).join(", ")}.`,
            });
        }
    }

    const { maxRotationDays, rotationRequired, recoveryWindowDays, protect, dedicatedKey } = tightening;
    if (maxRotationDays !== undefined) {
        const ceiling = base.maxRotationDays ?? ROTATION_MAX_DAYS;
        if (!Number.isInteger(maxRotationDays) || maxRotationDays < ROTATION_MIN_DAYS) {
            problems.push({ field: "maxRotationDays", message: `\`maxRotationDays\` must be a whole number of days from ${ROTATION_MIN_DAYS} to ${ceiling}.` });
        } else if (maxRotationDays > ceiling) {
            problems.push({ field: "maxRotationDays", message: `\`maxRotationDays\` ${maxRotationDays} would loosen the ${classification} floor of ${ceiling} days; use ${ceiling} or fewer.` });
        } else {
            rules.maxRotationDays = maxRotationDays;
        }
    }
    if (rotationRequired !== undefined) {
        if (typeof rotationRequired !== "boolean") {
            problems.push({ field: "rotationRequired", message: "`rotationRequired` must be true or false." });
        } else if (!rotationRequired && base.rotationRequired) {
            problems.push({ field: "rotationRequired", message: `\`rotationRequired: false\` would loosen the ${classification} floor; ${classification} secrets always rotate.` });
        } else {
            rules.rotationRequired = rotationRequired;
        }
    }
    if (recoveryWindowDays !== undefined) {
        const floor = Math.max(base.minRecoveryWindowDays, RECOVERY_WINDOW_MIN_DAYS);
        if (!Number.isInteger(recoveryWindowDays) || recoveryWindowDays > RECOVERY_WINDOW_MAX_DAYS) {
            problems.push({ field: "recoveryWindowDays", message: `\`recoveryWindowDays\` must be a whole number of days from ${floor} to ${RECOVERY_WINDOW_MAX_DAYS}.` });
        } else if (recoveryWindowDays < floor) {
            problems.push({ field: "recoveryWindowDays", message: `\`recoveryWindowDays\` ${recoveryWindowDays} would loosen the ${classification} floor of ${floor} days; use ${floor} to ${RECOVERY_WINDOW_MAX_DAYS}.` });
        } else {
            rules.recoveryWindowDays = recoveryWindowDays;
            rules.minRecoveryWindowDays = recoveryWindowDays;
        }
    }
    if (protect !== undefined) {
        if (typeof protect !== "boolean") {
            problems.push({ field: "protect", message: "`protect` must be true or false." });
        } else if (!protect && base.protect) {
            problems.push({ field: "protect", message: `\`protect: false\` would loosen the ${classification} floor; ${classification} secrets are always protected.` });
        } else {
            rules.protect = protect;
        }
    }
    if (dedicatedKey !== undefined) {
        if (typeof dedicatedKey !== "boolean") {
            problems.push({ field: "dedicatedKey", message: "`dedicatedKey` must be true or false." });
        } else if (!dedicatedKey && base.dedicatedKey) {
            problems.push({ field: "dedicatedKey", message: `\`dedicatedKey: false\` would loosen the ${classification} floor; ${classification} secrets always have a key of their own.` });
        } else {
            rules.dedicatedKey = dedicatedKey;
        }
    }
    return { rules, problems };
}
