// Size limits of the AWS stores, in bytes of the UTF-8 encoded value.
// Source: AWS Systems Manager and Secrets Manager quotas (service documentation).

/** SSM Standard tier: values up to 4 KB. */
export const SSM_STANDARD_MAX_BYTES = 4 * 1024;
/** SSM Advanced tier: values up to 8 KB. */
export const SSM_ADVANCED_MAX_BYTES = 8 * 1024;
/** Secrets Manager: a secret value up to 64 KB. */
export const SECRETS_MANAGER_MAX_BYTES = 64 * 1024;

export type SsmTier = "Standard" | "Advanced";

/** Bytes a value takes once stored (AWS measures UTF-8 bytes, not characters). */
export function byteLength(value: string): number {
    return Buffer.byteLength(value, "utf8");
}

/** The cheapest SSM tier that holds a value of this size, or undefined when none does. */
export function ssmTierFor(bytes: number): SsmTier | undefined {
    if (bytes <= SSM_STANDARD_MAX_BYTES) return "Standard";
    if (bytes <= SSM_ADVANCED_MAX_BYTES) return "Advanced";
    return undefined;
}
