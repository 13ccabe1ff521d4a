// Declared Vault secrets against the server: the mount (KV version 2), how many
// versions are kept (mount config and each secret's metadata, 0 meaning Vault's
// default of 10), missing and extra secrets, classification metadata, scheduled or
// manual rotation (by updated_time), drift (current_version against Pulumi's) and
// the audit device.
import type { SecretPlan } from "../../components/secretPlan";
import { TAG_KEYS } from "../../policies/lib/classification";
import { type Finding, finding } from "./findings";
import { isManual, manualRotationFinding, scheduledRotationFinding } from "./rotationChecks";
import type { VaultInventory } from "./vaultInventory";

/** Versions Vault keeps when neither the secret nor the mount sets `max_versions`. */
export const VAULT_DEFAULT_MAX_VERSIONS = 10;

export interface VaultExpectation {
    readonly mount: string;
    readonly maxVersions: number;
    readonly createMount: boolean;
    /** `{environment}/{app}` */
    readonly setPath: string;
    /** The stack declares a Vault audit device of its own (`secretset:audit`). */
    readonly auditDeclared: boolean;
}

export function compareVault(plans: readonly SecretPlan[], inventory: VaultInventory, expected: VaultExpectation, now: Date, recorded?: ReadonlyMap<string, number>): Finding[] {
    const findings: Finding[] = [];
    const mount = expected.mount;
    if (inventory.mount === undefined) {
        findings.push(finding("vault-mount", "vault", null, mount, `Vault mount \`${mount}\` does not exist; run \`pulumi up\` (or create it as KV version 2).`));
    } else if (inventory.mount.type !== "kv" || inventory.mount.version !== "2") {
        findings.push(finding("vault-mount", "vault", null, mount, `Vault mount \`${mount}\` is \`${inventory.mount.type}\` version ${inventory.mount.version ?? "1"}; SecretSet needs KV version 2 (old versions kept).`));
    }
    const mountMax = inventory.mount?.maxVersions;
    if (expected.createMount && mountMax !== undefined && (mountMax || VAULT_DEFAULT_MAX_VERSIONS) < expected.maxVersions) {
        findings.push(finding("vault-max-versions", "vault", null, mount, `Vault mount \`${mount}\` keeps ${mountMax || VAULT_DEFAULT_MAX_VERSIONS} versions; declared ${expected.maxVersions}.`));
    }
    const declared = new Set<string>();
    for (const plan of plans) {
        if (plan.vault === undefined) continue;
        const name = `${mount}/${plan.vault.path}`;
        declared.add(plan.vault.path.split("/").pop() ?? plan.vault.path);
        const metadata = inventory.secrets.get(plan.vault.path);
        if (!metadata) {
            if (inventory.mount !== undefined) findings.push(finding("missing", "vault", plan.key, name, `\`${name}\` (${plan.classification}) is declared but does not exist in Vault; run \`pulumi up\`.`));
            continue;
        }
        const tag = metadata.customMetadata[TAG_KEYS.classification];
        if (tag !== plan.classification) findings.push(finding("wrong-classification-tag", "vault", plan.key, name, `\`${name}\` has custom metadata \`${TAG_KEYS.classification}: ${tag ?? "(none)"}\`; declared ${plan.classification}.`));
        const kept = metadata.maxVersions || mountMax || VAULT_DEFAULT_MAX_VERSIONS;
        if (kept < plan.vault.maxVersions) findings.push(finding("vault-max-versions", "vault", plan.key, name, `\`${name}\` keeps ${kept} versions; declared ${plan.vault.maxVersions}.`));
        const manual = manualRotationFinding("vault", plan, name, metadata.customMetadata, metadata.updated, now);
        if (manual) findings.push(manual);
        else if (!isManual(metadata.customMetadata)) {
            const overdue = scheduledRotationFinding("vault", plan, name, metadata.updated, now);
            if (overdue) findings.push(overdue);
        }
        const version = recorded?.get(name);
        if (version !== undefined && !plan.ignoreValueChanges.vault && version !== metadata.currentVersion) {
            findings.push(finding("value-drift", "vault", plan.key, name, `\`${name}\` is at version ${metadata.currentVersion}; Pulumi wrote version ${version}. Someone changed the value outside Pulumi.`));
        }
    }
    for (const key of inventory.listed) {
        if (!declared.has(key.replace(/\/$/, ""))) findings.push(finding("extra", "vault", null, `${mount}/${expected.setPath}/${key}`, `\`${mount}/${expected.setPath}/${key}\` is under the set's path but not declared; declare it or delete it.`));
    }
    if (inventory.auditDevices !== undefined && inventory.auditDevices.length === 0) {
        const f = finding("vault-audit-disabled", "vault", null, "sys/audit", "No Vault audit device is enabled, so reads of the set's secrets leave no record; enable one (`secretset:audit.vaultAudit`).");
        findings.push(expected.auditDeclared ? f : { ...f, severity: "advisory" });
    }
    return findings;
}
