// The `manifest` output: a JSON document describing what the set stores and where,
// for consumers and tools. It never contains a value.
import * as pulumi from "@pulumi/pulumi";
import type { CostEstimate } from "../policies/lib/pricing";
import type { SecretSummary } from "./storedSecret";

export const MANIFEST_VERSION = 1;

export interface Manifest {
    readonly manifestVersion: number;
    readonly app: string;
    readonly environment: string;
    readonly owner: string;
    readonly secrets: Record<string, SecretSummary>;
    readonly estimatedMonthlyCostUsd: number;
}

export function buildManifest(
    identity: { app: string; environment: string; owner: string },
    summaries: pulumi.Output<Record<string, SecretSummary>>,
    cost: CostEstimate,
): pulumi.Output<string> {
    return summaries.apply((secrets) => {
        const manifest: Manifest = {
            manifestVersion: MANIFEST_VERSION,
            ...identity,
            secrets,
            estimatedMonthlyCostUsd: cost.totalUsd,
        };
        return JSON.stringify(manifest, null, 2);
    });
}
