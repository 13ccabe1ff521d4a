// What a SecretSet stores, counted for the one price table in policies/lib/pricing.ts.
import { type CostEstimate, emptyInventory, estimateMonthlyCost } from "../policies/lib/pricing";
import type { SecretPlan } from "./secretPlan";

export function estimateSetCost(plans: readonly SecretPlan[], kmsKeyCount: number): CostEstimate {
    const inventory = emptyInventory();
    for (const plan of plans) {
        if (plan.ssm?.tier === "Standard") inventory.ssmStandardParameters += 1;
        if (plan.ssm?.tier === "Advanced") inventory.ssmAdvancedParameters += 1;
        if (plan.secretsManager !== undefined) {
            inventory.secretsManagerSecrets += 1;
            inventory.secretsManagerReplicas += plan.secretsManager.replicas.length;
        }
        if (plan.vault !== undefined) inventory.vaultSecrets += 1;
    }
    inventory.kmsKeys = kmsKeyCount;
    return estimateMonthlyCost(inventory);
}
