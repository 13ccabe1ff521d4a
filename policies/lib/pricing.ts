// The one price table behind `estimatedMonthlyCostUsd` and the policy pack's cost budget.
//
// AWS public list prices for us-east-1, on-demand, storage only (API calls are
// usage-dependent and not estimated): Secrets Manager $0.40 per secret per month and
// $0.40 per replica; SSM Parameter Store Standard parameters free, Advanced $0.05 per
// parameter per month; KMS $1.00 per customer-managed key per month (AWS-managed keys
// free). Vault KV storage is self-hosted and priced at $0 here.
export const PRICE_TABLE = {
    source: "AWS public list prices, us-east-1 (aws.amazon.com/secrets-manager/pricing, /systems-manager/pricing, /kms/pricing)",
    asOf: "2026-11-01",
    currency: "USD",
    secretsManagerSecretPerMonth: 0.4,
    secretsManagerReplicaPerMonth: 0.4,
    ssmStandardParameterPerMonth: 0,
    ssmAdvancedParameterPerMonth: 0.05,
    kmsCustomerManagedKeyPerMonth: 1.0,
    vaultKvSecretPerMonth: 0,
} as const;

/** What a set (or a stack) stores, counted for pricing. */
export interface CostInventory {
    secretsManagerSecrets: number;
    secretsManagerReplicas: number;
    ssmStandardParameters: number;
    ssmAdvancedParameters: number;
    kmsKeys: number;
    vaultSecrets: number;
}

export interface CostLine {
    item: keyof CostInventory;
    count: number;
    unitUsd: number;
    monthlyUsd: number;
}

export interface CostEstimate {
    totalUsd: number;
    breakdown: CostLine[];
    priceSource: string;
    pricesAsOf: string;
}

const UNIT_PRICE: Record<keyof CostInventory, number> = {
    secretsManagerSecrets: PRICE_TABLE.secretsManagerSecretPerMonth,
    secretsManagerReplicas: PRICE_TABLE.secretsManagerReplicaPerMonth,
    ssmStandardParameters: PRICE_TABLE.ssmStandardParameterPerMonth,
    ssmAdvancedParameters: PRICE_TABLE.ssmAdvancedParameterPerMonth,
    kmsKeys: PRICE_TABLE.kmsCustomerManagedKeyPerMonth,
    vaultSecrets: PRICE_TABLE.vaultKvSecretPerMonth,
};

/** Rounds to whole cents so sums of floats print cleanly. */
function cents(usd: number): number {
    return Math.round(usd * 100) / 100;
}

export function emptyInventory(): CostInventory {
    return { secretsManagerSecrets: 0, secretsManagerReplicas: 0, ssmStandardParameters: 0, ssmAdvancedParameters: 0, kmsKeys: 0, vaultSecrets: 0 };
}

export function estimateMonthlyCost(inventory: CostInventory): CostEstimate {
    const breakdown = (Object.keys(UNIT_PRICE) as (keyof CostInventory)[]).map((item) => ({
        item,
        count: inventory[item],
        unitUsd: UNIT_PRICE[item],
        monthlyUsd: cents(inventory[item] * UNIT_PRICE[item]),
    }));
    return {
        totalUsd: cents(breakdown.reduce((sum, line) => sum + line.monthlyUsd, 0)),
        breakdown,
        priceSource: PRICE_TABLE.source,
        pricesAsOf: PRICE_TABLE.asOf,
    };
}
