// The inventory of secrets a stack stores, read back from its resources (so it
// works for program runs, stack exports and preview files alike): store, class,
// rotation, consumers and monthly cost from the one price table.
import { TAG_KEYS, ROTATION_DAYS_KEY } from "../../policies/lib/classification";
import { TYPES } from "../../policies/lib/resourceKinds";
import { CostInventory, emptyInventory, estimateMonthlyCost } from "../../policies/lib/pricing";
import type { CollectedStack, RecordedResource } from "./model";
import { toDisplay } from "./wireValues";

export interface InventoryRow {
    /** Name in its store (SSM/Secrets Manager name, Vault mount/path). */
    name: string;
    classification: string;
    store: string;
    rotation: string;
    consumers: string[];
    monthlyUsd: number;
}

const SSM = TYPES.ssmParameter;
const SECRETS_MANAGER = TYPES.secret;
const ROTATION = TYPES.secretRotation;
const VAULT_KV = TYPES.vaultKvSecret;
const KMS_KEY = TYPES.kmsKey;
const CONSUMER_COMPONENT = "secretset:index:SecretConsumer";
/** Resources that are part of storing or rotating a secret, not consumers of it. */
const PART_OF_SECRET = new Set([
    ROTATION,
    "aws:secretsmanager/secretVersion:SecretVersion",
    TYPES.secretPolicy,
    "aws:lambda/permission:Permission",
    TYPES.lambdaFunction,
    SSM,
    SECRETS_MANAGER,
    VAULT_KV,
]);
/** A policy that may write new versions belongs to a rotator, which is not a reader. */
const ROTATOR_ACTION = "secretsmanager:PutSecretValue";

function plain(resource: RecordedResource, source: "inputs" | "outputs"): Record<string, unknown> {
    return toDisplay(resource[source]) as Record<string, unknown>;
}

function text(value: unknown): string | undefined {
    return typeof value === "string" && value !== "" ? value : undefined;
}

function classificationOf(inputs: Record<string, unknown>): string {
    const tags = inputs.tags as Record<string, unknown> | undefined;
    const metadata = (inputs.customMetadata as { data?: Record<string, unknown> } | undefined)?.data;
    return text(tags?.[TAG_KEYS.classification]) ?? text(metadata?.[TAG_KEYS.classification]) ?? "unclassified";
}

/** Matches a secret name inside other text without matching a longer name (`x` in `x-old`). */
function mentions(haystack: string, name: string): boolean {
    const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    return new RegExp(`${escaped}(?![A-Za-z0-9_-])`).test(haystack);
}

/**
 * How other resources refer to a stored secret: by its name (never matching a
 * longer name such as \`x-old\`), and for Secrets Manager by its ARN or the
 * \`name-??????\` / \`name-*\` patterns grants use for the random ARN suffix.
 */
function mentionTest(resource: RecordedResource, inputs: Record<string, unknown>, name: string): (haystack: string) => boolean {
    if (resource.type === VAULT_KV) {
        const path = text(inputs.name) ?? name;
        return (haystack) => mentions(haystack, path);
    }
    if (resource.type === SECRETS_MANAGER) {
        const exact = [text(resource.outputs.arn), `${name}-??????`, `${name}-*`].filter((v): v is string => v !== undefined);
        return (haystack) => exact.some((e) => haystack.includes(e)) || mentions(haystack, name);
    }
    return (haystack) => mentions(haystack, name);
}

function rotationOf(secret: RecordedResource, rotations: RecordedResource[]): string {
    const ids = [text(secret.outputs.arn), text(secret.outputs.id), text(plain(secret, "inputs").name)].filter((v): v is string => v !== undefined);
    const rotation = rotations.find((r) => ids.includes(String(plain(r, "inputs").secretId)));
    if (!rotation) return "none";
    const rules = plain(rotation, "inputs").rotationRules as Record<string, unknown> | undefined;
    if (typeof rules?.automaticallyAfterDays === "number") return `every ${rules.automaticallyAfterDays} days`;
    return text(rules?.scheduleExpression) ?? "configured";
}

/** The schedule SecretSet records on SSM parameters (tag) and Vault secrets (custom metadata) it regenerates. */
function scheduledRotationOf(inputs: Record<string, unknown>): string {
    const tags = inputs.tags as Record<string, unknown> | undefined;
    const metadata = (inputs.customMetadata as { data?: Record<string, unknown> } | undefined)?.data;
    const days = text(tags?.[ROTATION_DAYS_KEY]) ?? text(metadata?.[ROTATION_DAYS_KEY]);
    return days === undefined ? "none" : `every ${days} days`;
}

/** A reader is named after the SecretConsumer it belongs to, so one consumer's role, policy and project show once. */
function consumerLabel(resource: RecordedResource, byUrn: ReadonlyMap<string, RecordedResource>): string {
    for (let current: RecordedResource | undefined = resource; current !== undefined; current = current.parent ? byUrn.get(current.parent) : undefined) {
        if (current.type === CONSUMER_COMPONENT) return current.name;
    }
    return resource.name;
}

export function secretInventory(collected: CollectedStack): { rows: InventoryRow[]; totalMonthlyUsd: number } {
    const resources = collected.resources;
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const rotations = resources.filter((r) => r.type === ROTATION);
    const searchable = resources
        .filter((r) => r.custom && !PART_OF_SECRET.has(r.type))
        .map((r) => ({ label: consumerLabel(r, byUrn), text: JSON.stringify(plain(r, "inputs")) }))
        .filter((r) => !r.text.includes(ROTATOR_ACTION));
    const total: CostInventory = emptyInventory();
    total.kmsKeys = resources.filter((r) => r.type === KMS_KEY).length;
    const rows: InventoryRow[] = [];
    for (const resource of resources) {
        const inputs = plain(resource, "inputs");
        const item = emptyInventory();
        let store: string;
        let name: string;
        let rotation = "n/a";
        if (resource.type === SSM) {
            name = text(inputs.name) ?? resource.name;
            const tier = text(inputs.tier) ?? "Standard"; // the provider's default tier
            store = `SSM ${text(inputs.type) ?? "String"} (${tier})`;
            if (classificationOf(inputs) !== "public") rotation = scheduledRotationOf(inputs);
            if (tier === "Advanced") item.ssmAdvancedParameters = 1;
            else item.ssmStandardParameters = 1;
        } else if (resource.type === SECRETS_MANAGER) {
            name = text(inputs.name) ?? resource.name;
            store = "Secrets Manager";
            item.secretsManagerSecrets = 1;
            item.secretsManagerReplicas = Array.isArray(inputs.replicas) ? inputs.replicas.length : 0;
            rotation = rotationOf(resource, rotations);
        } else if (resource.type === VAULT_KV) {
            name = `${text(inputs.mount) ?? "?"}/${text(inputs.name) ?? resource.name}`;
            store = "Vault KV v2";
            item.vaultSecrets = 1;
            rotation = scheduledRotationOf(inputs);
        } else {
            continue;
        }
        for (const key of Object.keys(item) as (keyof CostInventory)[]) total[key] += item[key];
        const mentioned = mentionTest(resource, inputs, name);
        rows.push({
            name,
            classification: classificationOf(inputs),
            store,
            rotation,
            consumers: [...new Set(searchable.filter((s) => mentioned(s.text)).map((s) => s.label))],
            monthlyUsd: estimateMonthlyCost(item).totalUsd,
        });
    }
    return { rows, totalMonthlyUsd: estimateMonthlyCost(total).totalUsd };
}
