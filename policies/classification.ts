// Classification rules: every stored secret says how sensitive it is, lives in a store
// its class allows, belongs to the stack's environment, and is protected as its class
// requires. The levels and their floors come from lib/classification.ts only.
import { ResourceValidationArgs, ResourceValidationPolicy, ReportViolation, validateResourceOfType } from "@pulumi/policy";
import { CLASSIFICATION_RULES, CLASSIFICATIONS, isStoreAllowed, Store, TAG_KEYS } from "./lib/classification";
import { environmentOfName } from "./lib/naming";
import { ENVIRONMENT_PROPERTY, readConfig } from "./lib/packConfig";
import { isUnknown, plainInputs, PlainObject, str } from "./lib/previewValues";
import { describe, RESOURCES, ssmStore, STORE_WORDS, TYPES } from "./lib/resourceKinds";
import { awsClassification, ClassificationReading, environmentLabel, knownClassification, vaultClassification, vaultMetadata } from "./lib/tags";

type Check = (inputs: PlainObject, args: ResourceValidationArgs, report: ReportViolation) => void;

/** Runs `check` on SSM parameters, Secrets Manager secrets and Vault KV secrets. */
function onEveryStoredSecret(check: Check) {
    const run = (_: unknown, args: ResourceValidationArgs, report: ReportViolation) => check(plainInputs(args.props), args, report);
    return [
        validateResourceOfType(RESOURCES.ssmParameter, run),
        validateResourceOfType(RESOURCES.secret, run),
        validateResourceOfType(RESOURCES.vaultKvSecret, run),
    ];
}

function readingOf(inputs: PlainObject, args: ResourceValidationArgs): ClassificationReading {
    return args.type === TYPES.vaultKvSecret ? vaultClassification(inputs) : awsClassification(inputs);
}

// New: no public rule set knows a secret's sensitivity. (Closest: awsguard/KICS "required tags".)
export const classificationTagPresent: ResourceValidationPolicy = {
    name: "classification-tag-present",
    description: "Checks whether every SSM parameter, Secrets Manager secret and Vault KV secret carries a known classification tag (Vault: custom metadata).",
    enforcementLevel: "mandatory",
    validateResource: onEveryStoredSecret((inputs, args, report) => {
        const reading = readingOf(inputs, args);
        if (reading !== "missing" && reading !== "invalid") return;
        const where = args.type === TYPES.vaultKvSecret ? "custom metadata `data`" : "tags";
        const problem = reading === "missing" ? "must carry" : "must carry a known value in";
        report(`${describe(args.type, args.name)} ${problem} the \`${TAG_KEYS.classification}\` key in its ${where}; use one of ${CLASSIFICATIONS.join(", ")}.`);
    }),
};

// New (classification-aware). Related: CKV_AWS_337 and KICS checks for plaintext SSM parameters, which do not know the class.
export const classificationStoreAllowed: ResourceValidationPolicy = {
    name: "classification-store-allowed",
    description: "Checks whether each secret lives in a store its classification allows (matrix defaults: internal and above never in SSM `String`/`StringList`; confidential and restricted only in Secrets Manager or Vault KV).",
    enforcementLevel: "mandatory",
    validateResource: [
        validateResourceOfType(RESOURCES.ssmParameter, (_, args, report) => {
            const inputs = plainInputs(args.props);
            const classification = knownClassification(awsClassification(inputs));
            const type = str(inputs.type);
            if (classification === undefined || isUnknown(type)) return;
            const store = ssmStore(type);
            if (store === undefined || isStoreAllowed(classification, store)) return;
            const allowed = CLASSIFICATION_RULES[classification].allowedStores.map((s: Store) => STORE_WORDS[s]).join(", ");
            const ssmAllowed = CLASSIFICATION_RULES[classification].allowedStores.some((s: Store) => s.startsWith("ssm-"));
            const what = ssmAllowed ? `must not be a \`${type}\` parameter` : "must not be stored in SSM Parameter Store at all";
            report(`${describe(args.type, args.name)} (${classification}) ${what}; ${classification} secrets belong in ${allowed}.`);
        }),
        validateResourceOfType(RESOURCES.secret, (_, args, report) => {
            const classification = knownClassification(awsClassification(plainInputs(args.props)));
            if (classification !== undefined && !isStoreAllowed(classification, "secretsmanager")) {
                report(`${describe(args.type, args.name)} (${classification}) must not be stored in Secrets Manager.`);
            }
        }),
        validateResourceOfType(RESOURCES.vaultKvSecret, (_, args, report) => {
            const classification = knownClassification(vaultClassification(plainInputs(args.props)));
            if (classification !== undefined && !isStoreAllowed(classification, "vault-kv")) {
                report(`${describe(args.type, args.name)} (${classification}) must not be stored in Vault KV.`);
            }
        }),
    ],
};

const environmentSchema = { properties: { environment: ENVIRONMENT_PROPERTY } };

// New: no public rule set checks environment isolation of secret names; this stops a dev stack writing /prod/...
export const classificationEnvironmentMatch: ResourceValidationPolicy = {
    name: "classification-environment-match",
    description: "Checks whether the environment in a secret's name (and its `secretset:environment` tag) matches the stack's environment.",
    enforcementLevel: "mandatory",
    configSchema: environmentSchema,
    validateResource: onEveryStoredSecret((inputs, args, report) => {
        const { environment } = readConfig<{ environment: string }>(environmentSchema, args.getConfig());
        if (environment === "") args.notApplicable("no `environment` in the pack config");
        const name = str(inputs.name);
        const nameEnvironment = typeof name === "string" ? environmentOfName(name) : undefined;
        if (nameEnvironment !== undefined && nameEnvironment !== environment) {
            // The name's own segment is not quoted: a name may be sensitive.
            report(`${describe(args.type, args.name)} must be named under environment \`${environment}\` (its name starts with another environment).`);
        }
        const labels = args.type === TYPES.vaultKvSecret ? vaultMetadata(inputs) : inputs.tags;
        const labelled = environmentLabel(labels);
        if (labelled !== undefined && labelled !== environment) {
            report(`${describe(args.type, args.name)} must carry \`${TAG_KEYS.environment}\` = \`${environment}\` (it carries another environment).`);
        }
    }),
};

// New (classification-aware). Related: none public; Pulumi `protect` is invisible to Terraform-based scanners.
export const classificationProtection: ResourceValidationPolicy = {
    name: "classification-protection",
    description: "Checks whether secrets of a class that must be protected (restricted by default) have the `protect` resource option.",
    enforcementLevel: "mandatory",
    validateResource: onEveryStoredSecret((inputs, args, report) => {
        const classification = knownClassification(readingOf(inputs, args));
        if (classification === undefined || !CLASSIFICATION_RULES[classification].protect) return;
        if (!args.opts.protect) {
            report(`${describe(args.type, args.name)} (${classification}) must set the \`protect\` resource option (with \`retainOnDelete\`) so it cannot be deleted by \`pulumi up\` or \`destroy\`.`);
        }
    }),
};

export const classificationPolicies = [classificationTagPresent, classificationStoreAllowed, classificationEnvironmentMatch, classificationProtection];
