// Audit requirements of a stack: a stack holding confidential or restricted secrets
// records their reads in a CloudTrail trail (its own or a declared existing one), is
// alerted when an unexpected principal reads them, and a stack that manages Vault has
// a Vault audit device. Where they apply is pack config (enforcement level per
// environment in policies/config/<env>.json), never the stack name.
import { StackValidationPolicy } from "@pulumi/policy";
import { AUDIT_TYPES, auditDeclarations, parsedPattern, patternWatches, READ_EVENTS_RULE_STATE, refersTo, sensitiveSecrets, WATCHED_READS, WatchedKind } from "./lib/auditKinds";
import { awsClassification, knownClassification } from "./lib/tags";
import { isUnknown, str } from "./lib/previewValues";
import { TYPES } from "./lib/resourceKinds";
import { plainResources, StackResource } from "./lib/stackResources";
import { auditTrailMultiRegion, trailAuditFindings } from "./auditTrail";

function namesOf(resources: readonly StackResource[]): string {
    const names = resources.map((r) => `\`${r.resource.name}\``);
    return names.length > 3 ? `${names.slice(0, 3).join(", ")} and ${names.length - 3} more` : names.join(", ");
}

// CIS AWS Foundations 3.1 / Security Hub CloudTrail.1 scoped to secrets (new: tied to the stack's classification).
export const auditTrailRequired: StackValidationPolicy = {
    name: "audit-trail-required",
    description: "Checks whether a stack with confidential or restricted secrets records their reads in a CloudTrail trail of its own or a declared existing trail.",
    enforcementLevel: "mandatory",
    validateStack: (args, report) => {
        const resources = plainResources(args.resources);
        const sensitive = sensitiveSecrets(resources);
        if (sensitive.length === 0) return;
        const ownTrail = resources.some((r) => r.resource.type === AUDIT_TYPES.trail);
        const declared = auditDeclarations(resources).some((d) => d.trail === "existing" && typeof str(d.existingTrailArn) === "string");
        if (!ownTrail && !declared) {
            report(
                `Stack with confidential or restricted secrets (${namesOf(sensitive)}) must record their reads in a CloudTrail trail: set \`secretset:audit\` with \`trail: create\`, or \`trail: { existingTrailArn: ... }\` for an organisation trail.`,
            );
        }
    },
};

/** Kinds of stores of the stack whose reads must be watched. */
function watchedKinds(resources: readonly StackResource[]): WatchedKind[] {
    const kinds: WatchedKind[] = [];
    if (resources.some((r) => r.resource.type === TYPES.secret)) kinds.push("secrets");
    if (resources.some((r) => r.resource.type === TYPES.ssmParameter && r.props.type === "SecureString")) kinds.push("parameters");
    if (resources.some((r) => r.resource.type === TYPES.kmsKey && knownClassification(awsClassification(r.props)) !== undefined)) kinds.push("keys");
    return kinds;
}

/** Rules that deliver to an SNS topic (by dependency on a topic, or an SNS ARN). */
export function rulesAlertingTopics(resources: readonly StackResource[]): Map<StackResource, StackResource[]> {
    const rules = resources.filter((r) => r.resource.type === AUDIT_TYPES.eventRule);
    const targets = resources.filter((r) => r.resource.type === AUDIT_TYPES.eventTarget);
    const topics = resources.filter((r) => r.resource.type === AUDIT_TYPES.snsTopic);
    const result = new Map<StackResource, StackResource[]>();
    for (const rule of rules) {
        const reached: StackResource[] = [];
        for (const target of targets.filter((t) => refersTo(t, "rule", rule, ["name", "id"]))) {
            const topic = topics.find((t) => refersTo(target, "arn", t, ["arn", "id"]));
            const arn = str(target.props.arn);
            if (topic !== undefined) reached.push(topic);
            else if (typeof arn === "string" && /^arn:aws[a-z-]*:sns:/.test(arn)) reached.push(target);
        }
        if (reached.length > 0) result.set(rule, reached);
    }
    return result;
}

// New: CloudTrail + EventBridge alerting on secret reads (Security Hub has no control for it).
export const auditReadAlertRequired: StackValidationPolicy = {
    name: "audit-read-alert-required",
    description: "Checks whether a stack with confidential or restricted secrets has EventBridge rules, enabled for read-only CloudTrail events and delivering to an SNS topic, matching reads of its secrets, SecureString parameters and keys.",
    enforcementLevel: "mandatory",
    validateStack: (args, report) => {
        const resources = plainResources(args.resources);
        if (sensitiveSecrets(resources).length === 0) return;
        const alerting = rulesAlertingTopics(resources);
        const missing: string[] = [];
        const disabled: string[] = [];
        for (const kind of watchedKinds(resources)) {
            const rules = [...alerting.keys()].filter((rule) => {
                const pattern = parsedPattern(rule.props.eventPattern);
                return isUnknown(rule.props.eventPattern) || (pattern !== undefined && patternWatches(pattern, kind));
            });
            if (rules.length === 0) missing.push(`\`${WATCHED_READS[kind].eventName}\` on its ${WATCHED_READS[kind].what}`);
            for (const rule of rules) {
                const state = str(rule.props.state);
                if (!isUnknown(state) && state !== READ_EVENTS_RULE_STATE) disabled.push(`\`${rule.resource.name}\``);
            }
        }
        if (missing.length > 0) {
            report(`Stack with confidential or restricted secrets must alert on unexpected reads: no EventBridge rule delivering to an SNS topic matches ${missing.join(", ")}. Set \`secretset:audit\` and call \`set.audit.watchReads(...)\`.`);
        }
        if (disabled.length > 0) {
            report(`Unexpected-read rules ${[...new Set(disabled)].join(", ")} must set \`state: ${READ_EVENTS_RULE_STATE}\`; otherwise EventBridge never delivers read-only events such as GetSecretValue.`);
        }
    },
};

// HashiCorp Vault hardening guide ("enable auditing"); new as a pack rule.
export const auditVaultDeviceRequired: StackValidationPolicy = {
    name: "audit-vault-device-required",
    description: "Checks whether a stack that stores secrets in Vault enables a Vault audit device (or declares one managed elsewhere).",
    enforcementLevel: "mandatory",
    validateStack: (args, report) => {
        const resources = plainResources(args.resources);
        const vaultSecrets = resources.filter((r) => r.resource.type === TYPES.vaultKvSecret);
        if (vaultSecrets.length === 0) return;
        const device = resources.some((r) => r.resource.type === AUDIT_TYPES.vaultAudit);
        const declared = auditDeclarations(resources).some((d) => d.vaultAudit === "existing");
        if (!device && !declared) {
            report(`Stack storing secrets in Vault (${namesOf(vaultSecrets)}) must enable a Vault audit device: set \`secretset:audit.vaultAudit\` (or \`vaultAudit: { existing: true }\` when the server has one).`);
        }
    },
};

// Trail, bucket and topic checks, reported by one stack rule per concern (see auditTrail.ts).
export const auditTrailProtected: StackValidationPolicy = {
    name: "audit-trail-protected",
    description: "Checks whether each CloudTrail trail of the stack encrypts with a customer-managed key, validates log files, records management reads, and writes to a versioned, private bucket whose policy denies deletion and non-TLS access; and whether alert topics are encrypted.",
    enforcementLevel: "mandatory",
    validateStack: (args, report) => {
        const resources = plainResources(args.resources);
        for (const finding of trailAuditFindings(resources, rulesAlertingTopics(resources))) report(finding.message, finding.urn);
    },
};

export const auditPolicies = [auditTrailRequired, auditReadAlertRequired, auditVaultDeviceRequired, auditTrailProtected, auditTrailMultiRegion];
