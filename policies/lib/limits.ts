// Size limits of the AWS stores, in bytes of the UTF-8 encoded value. The numbers
// live in awsQuotas.ts (the one table of AWS quotas); this module names the ones
// store selection uses and picks the SSM tier.
import { AWS_QUOTAS, byteLength } from "./awsQuotas";

export { byteLength };

/** SSM Standard tier: values up to 4 KB. */
export const SSM_STANDARD_MAX_BYTES = AWS_QUOTAS.ssmStandardValueBytes.limit;
/** SSM Advanced tier: values up to 8 KB. */
export const SSM_ADVANCED_MAX_BYTES = AWS_QUOTAS.ssmAdvancedValueBytes.limit;
/** Secrets Manager: a secret value up to 64 KB. */
export const SECRETS_MANAGER_MAX_BYTES = AWS_QUOTAS.secretsManagerValueBytes.limit;

export type SsmTier = "Standard" | "Advanced";

/** The cheapest SSM tier that holds a value of this size, or undefined when none does. */
export function ssmTierFor(bytes: number): SsmTier | undefined {
    if (bytes <= SSM_STANDARD_MAX_BYTES) return "Standard";
    if (bytes <= SSM_ADVANCED_MAX_BYTES) return "Advanced";
    return undefined;
}
