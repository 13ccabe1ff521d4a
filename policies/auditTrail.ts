// Checks on the audit resources themselves: a trail that records secret reads must
// encrypt with a customer-managed key, validate its log files and record management
// reads; its bucket (when in the stack) must be versioned, private and refuse deletion
// and plain HTTP; an alert topic must be encrypted; a Vault audit device must not log raw.
import { StackValidationPolicy } from "@pulumi/policy";
import { AUDIT_TYPES, refersTo } from "./lib/auditKinds";
import { wildcardMatches } from "./lib/iamDocument";
import { bool, isObject, isUnknown, list, Plain, PlainObject, str } from "./lib/previewValues";
import { describe, isAwsManagedKey } from "./lib/resourceKinds";
import { plainResources, StackResource } from "./lib/stackResources";

export interface AuditFinding {
    readonly message: string;
    readonly urn: string;
}

const KINDS: Record<string, string> = {
    [AUDIT_TYPES.trail]: "CloudTrail trail",
    [AUDIT_TYPES.bucket]: "S3 bucket",
    [AUDIT_TYPES.snsTopic]: "SNS topic",
    [AUDIT_TYPES.vaultAudit]: "Vault audit device",
};
const named = (r: StackResource) => `${KINDS[r.resource.type] ?? describe(r.resource.type, r.resource.name)} \`${r.resource.name}\``;

/** Actions the bucket policy must deny to everyone (a matching `s3:Delete*` or `s3:*` counts). */
export const REQUIRED_BUCKET_DENIALS = ["s3:DeleteObject", "s3:DeleteObjectVersion", "s3:DeleteBucket"];

function rawStatements(policy: Plain): PlainObject[] | undefined {
    if (isUnknown(policy)) return undefined;
    let document: Plain = policy;
    if (typeof policy === "string") {
        try {
            document = JSON.parse(policy) as Plain;
        } catch {
            return [];
        }
    }
    if (!isObject(document)) return [];
    const statements: Plain[] = Array.isArray(document.Statement) ? document.Statement : [document.Statement];
    return statements.filter((s): s is PlainObject => isObject(s));
}

function strings(value: Plain): string[] {
    return (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === "string");
}

function deniesToEveryone(statement: PlainObject): boolean {
    const principal = statement.Principal;
    return statement.Effect === "Deny" && (principal === "*" || (isObject(principal) && strings(principal.AWS).includes("*")));
}

/** What the bucket policy lacks; undefined while it is unknown. */
export function bucketPolicyGaps(policy: Plain): string[] | undefined {
    const statements = rawStatements(policy);
    if (statements === undefined) return undefined;
    const denials = statements.filter((s) => deniesToEveryone(s) && !isObject(s.Condition));
    const gaps = REQUIRED_BUCKET_DENIALS.filter((action) => !denials.some((s) => strings(s.Action).some((pattern) => wildcardMatches(pattern, action))))
        .map((action) => `deny \`${action}\` to everyone`);
    const tlsOnly = statements.some((s) => {
        const condition = s.Condition;
        if (!deniesToEveryone(s) || !isObject(condition) || !isObject(condition.Bool)) return false;
        return String(condition.Bool["aws:SecureTransport"]) === "false";
    });
    if (!tlsOnly) gaps.push("deny requests with `aws:SecureTransport` false");
    return gaps;
}

/** A trail records management reads unless its selectors leave them out. */
export function recordsManagementReads(props: PlainObject): boolean | undefined {
    const advanced = list(props.advancedEventSelectors);
    const basic = list(props.eventSelectors);
    if (isUnknown(advanced) || isUnknown(basic)) return undefined;
    if (Array.isArray(advanced) && advanced.length > 0) {
        return advanced.filter(isObject).some((selector) => {
            const fields = (list(selector.fieldSelectors) ?? []) as Plain[];
            const field = (name: string) => (Array.isArray(fields) ? fields.filter(isObject).find((f) => f.field === name) : undefined);
            const category = field("eventCategory");
            const readOnly = field("readOnly");
            const management = category !== undefined && strings(category.equals ?? []).includes("Management");
            const readsIncluded = readOnly === undefined || strings(readOnly.equals ?? []).includes("true");
            return management && readsIncluded;
        });
    }
    if (Array.isArray(basic) && basic.length > 0) {
        return basic.filter(isObject).some((s) => bool(s.includeManagementEvents) !== false && ["All", "ReadOnly", undefined].includes(str(s.readWriteType) as string | undefined));
    }
    return true; // no selectors: CloudTrail records all management events, reads included
}

function trailFindings(trail: StackResource, resources: readonly StackResource[]): AuditFinding[] {
    const findings: AuditFinding[] = [];
    const add = (message: string) => findings.push({ message, urn: trail.resource.urn });
    const key = str(trail.props.kmsKeyId);
    if (key === undefined || (typeof key === "string" && isAwsManagedKey(key))) add(`${named(trail)} must encrypt its log files with a customer-managed KMS key (\`kmsKeyId\`).`);
    const validation = bool(trail.props.enableLogFileValidation);
    if (!isUnknown(validation) && validation !== true) add(`${named(trail)} must set \`enableLogFileValidation: true\` so a changed or deleted log file is detected.`);
    if (recordsManagementReads(trail.props) === false) add(`${named(trail)} must record management read events (GetSecretValue, GetParameter, Decrypt are reads); its event selectors leave them out.`);

    const bucket = resources.find((r) => r.resource.type === AUDIT_TYPES.bucket && refersTo(trail, "s3BucketName", r, ["id", "bucket"]));
    if (bucket === undefined) return findings; // a bucket outside the stack is its owner's to protect
    const of = (type: string) => resources.filter((r) => r.resource.type === type && refersTo(r, "bucket", bucket, ["id", "bucket"]));
    const gaps: string[] = [];
    const policies = of(AUDIT_TYPES.bucketPolicy);
    if (policies.length === 0) gaps.push("a bucket policy that denies deletion and non-TLS access");
    for (const policy of policies) gaps.push(...(bucketPolicyGaps(policy.props.policy) ?? []));
    const blocks = of(AUDIT_TYPES.bucketPublicAccessBlock);
    const fullyBlocked = blocks.some((b) => ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"].every((f) => bool(b.props[f]) !== false && b.props[f] !== undefined));
    if (!fullyBlocked) gaps.push("a public access block with all four settings true");
    const versioned = of(AUDIT_TYPES.bucketVersioning).some((v) => {
        const configuration = v.props.versioningConfiguration;
        return isUnknown(configuration) || (isObject(configuration) && (isUnknown(configuration.status) || configuration.status === "Enabled"));
    });
    if (!versioned) gaps.push("versioning enabled");
    if (gaps.length > 0) findings.push({ message: `${named(bucket)} (logs of ${named(trail)}) must have ${gaps.join("; ")}.`, urn: bucket.resource.urn });
    return findings;
}

/** Every finding on the stack's trails, their buckets, alert topics and Vault audit devices. */
export function trailAuditFindings(resources: readonly StackResource[], alerting: ReadonlyMap<StackResource, StackResource[]>): AuditFinding[] {
    const findings = resources.filter((r) => r.resource.type === AUDIT_TYPES.trail).flatMap((trail) => trailFindings(trail, resources));
    const topics = new Set([...alerting.values()].flat().filter((r) => r.resource.type === AUDIT_TYPES.snsTopic));
    for (const topic of topics) {
        const key = str(topic.props.kmsMasterKeyId);
        if (key === undefined || (typeof key === "string" && isAwsManagedKey(key))) {
            findings.push({ message: `${named(topic)} receives secret-read alerts and must be encrypted with a customer-managed KMS key (\`kmsMasterKeyId\`).`, urn: topic.resource.urn });
        }
    }
    for (const device of resources.filter((r) => r.resource.type === AUDIT_TYPES.vaultAudit)) {
        const options = device.props.options;
        if (isObject(options) && String(options.log_raw).toLowerCase() === "true") {
            findings.push({ message: `${named(device)} must not set \`log_raw\`; it writes secret values to the audit log in clear.`, urn: device.resource.urn });
        }
    }
    return findings;
}

// Security Hub CloudTrail.1 asks for a multi-region trail; advisory here (a single-region set may be fine).
export const auditTrailMultiRegion: StackValidationPolicy = {
    name: "audit-trail-multi-region",
    description: "Checks whether each CloudTrail trail of the stack records every region (`isMultiRegionTrail: true`), so reads of replicas and in other regions are seen.",
    enforcementLevel: "advisory",
    validateStack: (args, report) => {
        for (const trail of plainResources(args.resources).filter((r) => r.resource.type === AUDIT_TYPES.trail)) {
            const multi = bool(trail.props.isMultiRegionTrail);
            if (!isUnknown(multi) && multi !== true) report(`${named(trail)} should set \`isMultiRegionTrail: true\`.`, trail.resource.urn);
        }
    },
};
