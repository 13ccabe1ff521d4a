// Rotation modes: a secret that a person or another system rotates (`manual`) must
// say who and how often, within its class limit, and nothing in the stack may
// overwrite it — no rotation function, no `pulumi up` reverting its value. The audit
// checks at run time that its last change is within the interval.
import { PolicyConfigSchema, ResourceValidationArgs, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { PolicyConfigJSONSchema } from "@pulumi/policy/schema";
import { Classification, CLASSIFICATION_RULES, CLASSIFICATIONS, ROTATION_DAYS_KEY, ROTATION_MAX_DAYS, ROTATION_MIN_DAYS, ROTATION_MODE_KEY, ROTATION_MODES, ROTATION_OWNER_KEY } from "./lib/classification";
import { readConfig } from "./lib/packConfig";
import { isUnknown, Plain, plainInputs, PlainObject, str } from "./lib/previewValues";
import { describe, TYPES } from "./lib/resourceKinds";
import { isManual, rotationLabels } from "./lib/rotationTags";
import { plainResources, StackResource } from "./lib/stackResources";
import { awsClassification, knownClassification, vaultClassification, vaultMetadata } from "./lib/tags";

const ROTATING_CLASSES = CLASSIFICATIONS.filter((c) => CLASSIFICATION_RULES[c].maxRotationDays !== undefined);
const maxDaysKey = (classification: Classification) => `${classification}MaxRotationDays`;

const manualSchema: PolicyConfigSchema = {
    properties: Object.fromEntries(
        ROTATING_CLASSES.map((c): [string, PolicyConfigJSONSchema] => [
            maxDaysKey(c),
            { type: "integer", minimum: 1, maximum: CLASSIFICATION_RULES[c].maxRotationDays, default: CLASSIFICATION_RULES[c].maxRotationDays, description: `Longest interval a manual ${c} secret may declare; may only be tightened.` },
        ]),
    ),
};

/** The labels (tags or Vault metadata) and classification of a secret-holding resource; undefined for other types. */
function labelsOf(args: { type: string; props: unknown }): { labels: Plain; classification: Classification | undefined } | undefined {
    const inputs = plainInputs(args.props);
    if (args.type === TYPES.secret || args.type === TYPES.ssmParameter) return { labels: inputs.tags, classification: knownClassification(awsClassification(inputs)) };
    if (args.type === TYPES.vaultKvSecret) return { labels: vaultMetadata(inputs), classification: knownClassification(vaultClassification(inputs)) };
    return undefined;
}

// New: SecretSet's rotation modes (generated | lambda | database | manual), recorded as tags.
export const rotationManualOwnerAndInterval: ResourceValidationPolicy = {
    name: "rotation-manual-owner-and-interval",
    description: "Checks whether a secret's rotation mode is known and a `manual` secret names its rotation owner and an interval within its class limit.",
    enforcementLevel: "mandatory",
    configSchema: manualSchema,
    validateResource: (args: ResourceValidationArgs, report) => {
        const read = labelsOf(args);
        if (read === undefined) return;
        const labels = rotationLabels(read.labels);
        if (isUnknown(labels) || labels.mode === undefined) return;
        const what = describe(args.type, args.name);
        if (labels.mode === "invalid") {
            report(`${what} must set \`${ROTATION_MODE_KEY}\` to one of ${ROTATION_MODES.map((m) => `\`${m}\``).join(", ")}.`);
            return;
        }
        if (labels.mode !== "manual") return;
        if (labels.owner === undefined) {
            report(`${what} is rotated manually and must name who rotates it in the \`${ROTATION_OWNER_KEY}\` tag (SecretSet: \`rotation.owner\`).`);
        }
        const config = readConfig<Record<string, number>>(manualSchema, args.getConfig());
        const limit = read.classification !== undefined && CLASSIFICATION_RULES[read.classification].maxRotationDays !== undefined
            ? Math.min(config[maxDaysKey(read.classification)] ?? ROTATION_MAX_DAYS, CLASSIFICATION_RULES[read.classification].maxRotationDays ?? ROTATION_MAX_DAYS)
            : ROTATION_MAX_DAYS;
        if (labels.days === undefined || Number.isNaN(labels.days) || labels.days < ROTATION_MIN_DAYS) {
            report(`${what} is rotated manually and must record its interval as a whole number of days in the \`${ROTATION_DAYS_KEY}\` tag (at most ${limit}).`);
        } else if (labels.days > limit) {
            report(`${what} (${read.classification ?? "unclassified"}) must be rotated manually at least every ${limit} days (\`${ROTATION_DAYS_KEY}\` is ${labels.days}).`);
        }
    },
};

/** The value input each store's resource keeps, and so must ignore for a manual secret. */
const VALUE_FIELDS: Readonly<Record<string, readonly string[]>> = {
    "aws:secretsmanager/secretVersion:SecretVersion": ["secretString", "secretBinary"],
    [TYPES.ssmParameter]: ["value", "insecureValue"],
    [TYPES.vaultKvSecret]: ["dataJson", "data"],
};

function ignoresValue(resource: StackResource): boolean {
    const fields = VALUE_FIELDS[resource.resource.type] ?? [];
    const inputs = resource.props as PlainObject;
    const given = fields.filter((f) => inputs[f] !== undefined && inputs[f] !== null);
    const ignored = resource.resource.opts.ignoreChanges ?? [];
    return given.length === 0 || given.every((f) => ignored.includes(f));
}

// New: a manual secret's value must survive every `pulumi up` and no rotator may target it.
export const rotationManualNotOverwritten: StackValidationPolicy = {
    name: "rotation-manual-not-overwritten",
    description: "Checks whether nothing in the stack can overwrite a `manual` secret: no SecretRotation targets it and its stored value ignores changes.",
    enforcementLevel: "mandatory",
    validateStack: (args, report) => {
        const resources = plainResources(args.resources);
        const manualUrns = new Set<string>();
        const manualIds = new Set<string>();
        for (const r of resources) {
            const read = labelsOf({ type: r.resource.type, props: r.resource.props });
            if (read === undefined || !isManual(read.labels)) continue;
            if (r.resource.type === TYPES.secret) {
                manualUrns.add(r.resource.urn);
                for (const id of [r.props.arn, r.props.id, r.props.name]) if (typeof id === "string" && !isUnknown(id)) manualIds.add(id);
            } else if (!ignoresValue(r)) {
                report(`${describe(r.resource.type, r.resource.name)} is rotated manually and must ignore changes to its value (\`ignoreChanges\`), or \`pulumi up\` would put the old value back.`, r.resource.urn);
            }
        }
        const targets = (r: StackResource) => {
            const byDependency = (r.resource.propertyDependencies["secretId"] ?? []).some((d) => manualUrns.has(d.urn));
            const id = str(r.props.secretId);
            return byDependency || (typeof id === "string" && !isUnknown(id) && manualIds.has(id));
        };
        for (const r of resources) {
            if (r.resource.type === TYPES.secretRotation && targets(r)) {
                report(`${describe(r.resource.type, r.resource.name)} must not target a secret rotated manually: its function would overwrite the value the owner sets.`, r.resource.urn);
            }
            if (r.resource.type === "aws:secretsmanager/secretVersion:SecretVersion" && targets(r) && !ignoresValue(r)) {
                report(`Secrets Manager secret version \`${r.resource.name}\` belongs to a secret rotated manually and must ignore changes to \`secretString\`, or \`pulumi up\` would put the old value back.`, r.resource.urn);
            }
        }
    },
};

export const rotationPolicies = [rotationManualOwnerAndInterval, rotationManualNotOverwritten];
