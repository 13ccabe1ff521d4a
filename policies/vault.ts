// Vault: KV mounts are version 2 and keep old versions; Vault policies grant no
// root-wide path, no sudo, no writes outside the stack's environment; KV data of the
// classes that require it is a Pulumi secret.
import { ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";
import { CLASSIFICATION_RULES } from "./lib/classification";
import { ENVIRONMENT_PROPERTY, readConfig } from "./lib/packConfig";
import { isObject, isUnknown, num, plainInputs, str } from "./lib/previewValues";
import { describe, RESOURCES } from "./lib/resourceKinds";
import { isSecretInput, secretMarkersAvailable } from "./lib/secretInputs";
import { knownClassification, vaultClassification } from "./lib/tags";
import { kvEnvironmentSegment, parseVaultPolicy, VAULT_WRITE_CAPABILITIES } from "./lib/vaultPolicyHcl";

// New: no public rule set covers Vault mounts (tfsec/Trivy and Checkov have no Vault KV checks).
export const vaultKvVersion2: ResourceValidationPolicy = {
    name: "vault-kv-version-2",
    description: "Checks whether every Vault KV mount is version 2 (`type: kv-v2`, or `type: kv` with `options.version = \"2\"`).",
    enforcementLevel: "mandatory",
    validateResource: validateResourceOfType(RESOURCES.vaultMount, (_, args, report) => {
        const inputs = plainInputs(args.props);
        const type = str(inputs.type);
        if (type !== "kv") return; // kv-v2, other engines, or unknown
        const options = inputs.options;
        if (isUnknown(options)) return;
        const version = isObject(options) ? options.version : undefined;
        if (isUnknown(version)) return;
        if (String(version ?? "1") !== "2") {
            report(`${describe(args.type, args.name)} must be a KV version 2 mount: set \`options: { version: "2" }\` or \`type: "kv-v2"\`.`);
        }
    }),
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

function policyRules(props: unknown) {
    const text = str(plainInputs(props).policy);
    return typeof text === "string" ? parseVaultPolicy(text) : [];
}

// New (Vault hardening guide: avoid `*` paths). No public IaC scanner covers Vault policies.
export const vaultPolicyNoWildcardPath: ResourceValidationPolicy = {
    name: "vault-policy-no-wildcard-path",
    description: "Checks whether a Vault policy grants nothing on a root-wide path (`*`, `+/...`).",
    enforcementLevel: "mandatory",
    validateResource: validateResourceOfType(RESOURCES.vaultPolicy, (_, args, report) => {
        const wide = policyRules(args.props).filter((rule) => rule.capabilities.some((c) => c !== "deny") && /^[*+]/.test(rule.path.replace(/^\/+/, "")));
        if (wide.length > 0) {
            report(`${describe(args.type, args.name)} must not grant capabilities on root-wide path(s) ${wide.map((r) => `\`${r.path}\``).join(", ")}; grant on the mount and path of each secret.`);
        }
    }),
};

// New (Vault hardening guide: `sudo` and root policies only for operators).
export const vaultPolicyNoSudoRoot: ResourceValidationPolicy = {
    name: "vault-policy-no-sudo-root",
    description: "Checks whether a Vault policy grants no `sudo` or `root` capability.",
    enforcementLevel: "mandatory",
    validateResource: validateResourceOfType(RESOURCES.vaultPolicy, (_, args, report) => {
        const elevated = policyRules(args.props).filter((rule) => rule.capabilities.includes("sudo") || rule.capabilities.includes("root"));
        if (elevated.length > 0) {
            report(`${describe(args.type, args.name)} must not grant \`sudo\` or \`root\` (on ${elevated.map((r) => `\`${r.path}\``).join(", ")}).`);
        }
    }),
};

const environmentSchema = { properties: { environment: ENVIRONMENT_PROPERTY } };

// New: keeps a dev stack's Vault policies from writing prod paths.
export const vaultPolicyOwnEnvironmentWrites: ResourceValidationPolicy = {
    name: "vault-policy-own-environment-writes",
    description: "Checks whether a Vault policy writes (create, update, patch, delete) only to KV paths of the stack's own environment.",
    enforcementLevel: "mandatory",
    configSchema: environmentSchema,
    validateResource: validateResourceOfType(RESOURCES.vaultPolicy, (_, args, report) => {
        const { environment } = readConfig<{ environment: string }>(environmentSchema, args.getConfig());
        if (environment === "") args.notApplicable("no `environment` in the pack config");
        const foreign = policyRules(args.props).filter((rule) => {
            const segment = kvEnvironmentSegment(rule.path);
            return segment !== undefined && segment !== environment && rule.capabilities.some((c) => VAULT_WRITE_CAPABILITIES.includes(c));
        });
        if (foreign.length > 0) {
            report(`${describe(args.type, args.name)} must write only under environment \`${environment}\`; it may write ${foreign.map((r) => `\`${r.path}\``).join(", ")}.`);
        }
    }),
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

export const vaultPolicies = [vaultKvVersion2, vaultKvMaxVersions, vaultPolicyNoWildcardPath, vaultPolicyNoSudoRoot, vaultPolicyOwnEnvironmentWrites, vaultKvDataSecret];
