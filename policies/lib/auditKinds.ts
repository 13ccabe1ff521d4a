// Type tokens and shared readings of the audit rules: which resources of a stack
// record, alert on and audit secret reads, and which secrets need them.
import { isAtLeast } from "./classification";
import { isObject, isUnknown, Plain, PlainObject, str } from "./previewValues";
import { TYPES } from "./resourceKinds";
import { StackResource } from "./stackResources";
import { awsClassification, knownClassification, vaultClassification } from "./tags";

export const AUDIT_TYPES = {
    trail: "aws:cloudtrail/trail:Trail",
    bucket: "aws:s3/bucket:Bucket",
    bucketPolicy: "aws:s3/bucketPolicy:BucketPolicy",
    bucketPublicAccessBlock: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
    bucketVersioning: "aws:s3/bucketVersioning:BucketVersioning",
    eventRule: "aws:cloudwatch/eventRule:EventRule",
    eventTarget: "aws:cloudwatch/eventTarget:EventTarget",
    snsTopic: "aws:sns/topic:Topic",
    vaultAudit: "vault:index/audit:Audit",
    /** SecretSet's audit component; its inputs declare an existing trail or Vault audit device. */
    auditComponent: "secretset:index:SecretSetAudit",
} as const;

/** Rule state without which EventBridge drops read-only management events (Get*, Decrypt). */
export const READ_EVENTS_RULE_STATE = "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS";

/** The read events an unexpected-read alert must match, per kind of store. */
export const WATCHED_READS = {
    secrets: { source: "aws.secretsmanager", eventName: "GetSecretValue", what: "Secrets Manager secrets" },
    parameters: { source: "aws.ssm", eventName: "GetParameter", what: "SecureString parameters" },
    keys: { source: "aws.kms", eventName: "Decrypt", what: "KMS keys" },
} as const;
export type WatchedKind = keyof typeof WATCHED_READS;

/** Confidential or restricted secrets of the stack, in any store. */
export function sensitiveSecrets(resources: readonly StackResource[]): StackResource[] {
    return resources.filter(({ resource, props }) => {
        const reading =
            resource.type === TYPES.vaultKvSecret ? vaultClassification(props) : resource.type === TYPES.secret || resource.type === TYPES.ssmParameter ? awsClassification(props) : undefined;
        const classification = reading === undefined ? undefined : knownClassification(reading);
        return classification !== undefined && isAtLeast(classification, "confidential");
    });
}

/** The inputs of the SecretSetAudit components (their declarations). */
export function auditDeclarations(resources: readonly StackResource[]): PlainObject[] {
    return resources.filter((r) => r.resource.type === AUDIT_TYPES.auditComponent).map((r) => r.props);
}

/** An event pattern (JSON string or object) as an object; undefined when unknown or not JSON. */
export function parsedPattern(value: Plain): PlainObject | undefined {
    if (isUnknown(value)) return undefined;
    if (isObject(value)) return value;
    const text = str(value);
    if (typeof text !== "string") return undefined;
    try {
        const parsed = JSON.parse(text) as unknown;
        return typeof parsed === "object" && parsed !== null && !Array.isArray(parsed) ? (parsed as PlainObject) : undefined;
    } catch {
        return undefined;
    }
}

function includesValue(list: Plain, value: string): boolean {
    return Array.isArray(list) && list.some((item) => item === value);
}

/** The pattern matches CloudTrail API calls named `eventName` from `source`. */
export function patternWatches(pattern: PlainObject, kind: WatchedKind): boolean {
    const { source, eventName } = WATCHED_READS[kind];
    const detail = pattern.detail;
    return includesValue(pattern.source, source) && isObject(detail) && includesValue(detail.eventName, eventName);
}

/** True when `from.props[property]` refers to `to`: by dependency, or by one of its identifiers. */
export function refersTo(from: StackResource, property: string, to: StackResource, identifiers: readonly string[]): boolean {
    if ((from.resource.propertyDependencies[property] ?? []).some((d) => d.urn === to.resource.urn)) return true;
    const value = str(from.props[property]);
    if (typeof value !== "string") return false;
    return identifiers.some((key) => {
        const id = str(to.props[key]);
        return typeof id === "string" && id === value;
    });
}
