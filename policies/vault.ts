// Vault: KV mounts are version 2 and keep old versions, secrets are KV v2 (not KV v1 or
// generic), no token or role gets the root policy, KV data of the classes that require
// it is a Pulumi secret. Policy documents: vaultPolicy.ts.
import { ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";
import { CLASSIFICATION_RULES } from "./lib/classification";
import { readConfig } from "./lib/packConfig";
import { isObject, isUnknown, list, num, PlainObject, plainInputs, str } from "./lib/previewValues";
import { describe, RESOURCES } from "./lib/resourceKinds";
import { isSecretInput, secretMarkersAvailable } from "./lib/secretInputs";
import { knownClassification, vaultClassification } from "./lib/tags";
import { vaultPolicyDocumentPolicies } from "./vaultPolicy";

/** Why a mount is a KV version 1 engine, or undefined (KV v2, other engines, unknown). */
function kvVersion1(inputs: PlainObject): string | undefined {
    const type = str(inputs.type);
    if (typeof type !== "string" || isUnknown(type)) return undefined;
    const engine = type.trim().toLowerCase();
    if (engine === "kv-v1") return "`type: kv-v1`";
    if (engine === "generic") return "`type: generic` (the old name of KV version 1)";
    if (engine !== "kv") return undefined;
    const options = inputs.options;
    if (isUnknown(options)) return undefined;
    const version = isObject(options) ? options.version : undefined;
    if (isUnknown(version)) return undefined;
    return String(version ?? "1").trim() === "2" ? undefined : "`type: kv` without `options.version = \"2\"`";
}

// New: no public rule set covers Vault mounts (tfsec/Trivy and Checkov have no Vault KV checks).
export const vaultKvVersion2: ResourceValidationPolicy = {
    name: "vault-kv-version-2",
    description: "Checks whether every Vault KV mount is version 2 (`type: kv-v2`, or `type: kv` with `options.version = \"2\"`); `kv-v1` and `generic` mounts keep no versions.",
    enforcementLevel: "mandatory",
    validateResource: validateResourceOfType(RESOURCES.vaultMount, (_, args, report) => {
        const why = kvVersion1(plainInputs(args.props));
        if (why) report(`${describe(args.type, args.name)} must be a KV version 2 mount (it is ${why}): set \`type: "kv-v2"\` or \`options: { version: "2" }\`.`);
    }),
};

/** Paths under which a generic endpoint configures Vault itself rather than storing a secret. */
const CONFIGURATION_ROOTS = new Set(["sys", "auth", "identity"]);

// New: KV v1 and generic secrets keep no version history and bypass the KV v2 metadata the set relies on.
export const vaultNoKvV1OrGenericSecrets: ResourceValidationPolicy = {
    name: "vault-no-kv-v1-or-generic-secrets",
    description: "Checks whether secrets are written as KV v2 (`vault.kv.SecretV2`), not as KV version 1 (`vault.kv.Secret`), `vault.generic.Secret`, or a `vault.generic.Endpoint` that writes into a secrets engine.",
    enforcementLevel: "mandatory",
    validateResource: [
        validateResourceOfType(RESOURCES.vaultKvV1Secret, (_, args, report) => {
            report(`${describe(args.type, args.name)} must be a KV version 2 secret (\`vault.kv.SecretV2\`); KV version 1 keeps no previous versions.`);
        }),
        validateResourceOfType(RESOURCES.vaultGenericSecret, (_, args, report) => {
            report(`${describe(args.type, args.name)} must be a KV version 2 secret (\`vault.kv.SecretV2\`), not a generic secret.`);
        }),
        validateResourceOfType(RESOURCES.vaultGenericEndpoint, (_, args, report) => {
            const path = str(plainInputs(args.props).path);
            if (typeof path !== "string" || isUnknown(path)) return;
            const root = path.trim().replace(/^\/+/, "").split("/")[0];
            if (!CONFIGURATION_ROOTS.has(root)) {
                report(`${describe(args.type, args.name)} must not write secrets through a generic endpoint; store them with \`vault.kv.SecretV2\` on a KV version 2 mount.`);
            }
        }),
    ],
};

/** Inputs through which Vault resources hand policies to tokens (tokens, AppRole, JWT/OIDC, Kubernetes, token roles, groups, entities). */
const POLICY_LIST_FIELDS = ["policies", "tokenPolicies", "allowedPolicies", "identityPolicies"];

// New (Vault hardening guide: never hand out the root policy).
export const vaultNoRootTokenPolicy: ResourceValidationPolicy = {
    name: "vault-no-root-token-policy",
    description: "Checks whether no Vault resource (token, AppRole / JWT / Kubernetes / token role, identity group or entity) is given the `root` policy in `policies`, `tokenPolicies`, `allowedPolicies` or `identityPolicies`.",
    enforcementLevel: "mandatory",
    validateResource: (args, report) => {
        if (!args.type.startsWith("vault:")) return;
        const inputs = plainInputs(args.props);
        for (const field of POLICY_LIST_FIELDS) {
            const policies = list(inputs[field]);
            if (!Array.isArray(policies)) continue;
            if (policies.some((p) => typeof p === "string" && !isUnknown(p) && p.trim().toLowerCase() === "root")) {
                report(`${describe(args.type, args.name)} must not be given the \`root\` policy in \`${field}\`; give it a policy that names its own paths.`);
            }
        }
    },
};

const versionsSchema = {
    properties: {
        minMaxVersions: {
            type: "integer",
            minimum: 2,
            default: 2,
            description: "Smallest `maxVersions` allowed, so at least one previous value is kept (0 or unset means Vault's default of 10).",
        },
    },
} as const;

// New (Vault KV v2 `max_versions`).
export const vaultKvMaxVersions: ResourceValidationPolicy = {
    name: "vault-kv-max-versions",
    description: "Checks whether Vault KV v2 backends and secrets keep previous versions (`maxVersions` unset, 0, or at least `minMaxVersions`).",
    enforcementLevel: "mandatory",
    configSchema: versionsSchema,
    validateResource: [
        validateResourceOfType(RESOURCES.vaultKvBackend, (_, args, report) => {
            const { minMaxVersions } = readConfig<{ minMaxVersions: number }>(versionsSchema, args.getConfig());
            const versions = num(plainInputs(args.props).maxVersions);
            if (typeof versions === "number" && versions > 0 && versions < minMaxVersions) {
                report(`${describe(args.type, args.name)} must keep at least ${minMaxVersions} versions (\`maxVersions\` is ${versions}).`);
            }
        }),
        validateResourceOfType(RESOURCES.vaultKvSecret, (_, args, report) => {
            const { minMaxVersions } = readConfig<{ minMaxVersions: number }>(versionsSchema, args.getConfig());
            const metadata = plainInputs(args.props).customMetadata;
            const versions = isObject(metadata) ? num(metadata.maxVersions) : undefined;
            if (typeof versions === "number" && versions > 0 && versions < minMaxVersions) {
                report(`${describe(args.type, args.name)} must keep at least ${minMaxVersions} versions (\`customMetadata.maxVersions\` is ${versions}).`);
            }
        }),
    ],
};

// New (classification-aware): the value is encrypted in the Pulumi state only when it is a secret.
export const vaultKvDataSecret: ResourceValidationPolicy = {
    name: "vault-kv-data-secret",
    description: "Checks whether the `dataJson` of a Vault KV secret whose class requires it (internal and above by default) is a Pulumi secret.",
    enforcementLevel: "mandatory",
    validateResource: validateResourceOfType(RESOURCES.vaultKvSecret, (_, args, report) => {
        if (!secretMarkersAvailable) args.notApplicable("this @pulumi/policy version hides which inputs are secret");
        const classification = knownClassification(vaultClassification(plainInputs(args.props)));
        if (classification === undefined || !CLASSIFICATION_RULES[classification].valueMustBeSecret) return;
        if (plainInputs(args.props).dataJson === undefined) return; // write-only `dataJsonWo` never reaches the state
        if (isSecretInput(args.props, ["dataJson"]) === false) {
            report(`${describe(args.type, args.name)} (${classification}) must pass \`dataJson\` as a Pulumi secret (\`pulumi.secret(...)\` or a \`--secret\` config value).`);
        }
    }),
};

export const vaultPolicies = [vaultKvVersion2, vaultNoKvV1OrGenericSecrets, vaultNoRootTokenPolicy, vaultKvMaxVersions, ...vaultPolicyDocumentPolicies, vaultKvDataSecret];
