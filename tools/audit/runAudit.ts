// The audit run: read the declared set, read the live stores (read-only, counted),
// compare, and build the report. Library entry point for the CLI and the tests.
import { InputError, messageOf } from "../preview/inputError";
import { ApiCallCounter } from "./apiCalls";
import type { AuditArgs } from "./args";
import { awsClients } from "./awsClients";
import { compareSecretsManager } from "./compareSecretsManager";
import { compareSsm } from "./compareSsm";
import { compareVault } from "./compareVault";
import { readDeclaredSet } from "./declaredSet";
import type { Finding } from "./findings";
import { KeyExpectation } from "./keyExpectation";
import { listAliases } from "./kmsAliases";
import { readRecordedVersions } from "./pulumiVersions";
import { type AuditReport, buildAuditReport } from "./auditReport";
import { listSetSecrets } from "./secretsManagerInventory";
import { listSetParameters } from "./ssmInventory";
import { readVaultInventory, vaultConnectionFromEnv } from "./vaultInventory";

export interface AuditOutcome {
    readonly report: AuditReport;
    readonly exitCode: 0 | 1;
}

/** AWS SDK errors (no credentials, unreachable endpoint, access denied) become input errors naming the store. */
async function reading<T>(what: string, read: () => Promise<T>): Promise<T> {
    try {
        return await read();
    } catch (error) {
        if (error instanceof InputError) throw error;
        throw new InputError(`Cannot read ${what}: ${messageOf(error).split("\n")[0]} (check AWS credentials, region and AWS_ENDPOINT_URL).`);
    }
}

export async function runAudit(args: AuditArgs, env: NodeJS.ProcessEnv = process.env): Promise<AuditOutcome> {
    const set = readDeclaredSet(args.configFile ?? `Pulumi.${args.stack}.yaml`, args.stack);
    const recorded = args.stateFile !== undefined ? readRecordedVersions(args.stateFile) : undefined;
    const now = args.asOf ?? new Date();
    const counter = new ApiCallCounter();
    const findings: Finding[] = [];
    const { plans, app, environment } = set;
    const onAws = plans.some((p) => p.awsStore !== undefined);
    const checkedStores: string[] = [];

    if (onAws) {
        const clients = awsClients(counter, set.region);
        const needsKeys = plans.some((p) => p.keyRole !== undefined);
        const [secrets, parameters, aliases] = await Promise.all([
            plans.some((p) => p.secretsManager !== undefined) ? reading("Secrets Manager", () => listSetSecrets(clients.secretsManager, app, environment)) : Promise.resolve(undefined),
            plans.some((p) => p.ssm !== undefined) ? reading("Parameter Store", () => listSetParameters(clients.ssm, app, environment)) : Promise.resolve(undefined),
            needsKeys ? reading("KMS aliases", () => listAliases(clients.kms)) : Promise.resolve(new Map<string, string>()),
        ]);
        const keys = new KeyExpectation(app, environment, aliases);
        if (secrets !== undefined) {
            checkedStores.push("secretsmanager");
            findings.push(...compareSecretsManager(plans, secrets, app, environment, keys, { now, notAccessedDays: args.notAccessedDays, ...(recorded ? { recorded: recorded.secretsManager } : {}) }));
        }
        if (parameters !== undefined) {
            checkedStores.push("ssm");
            findings.push(...compareSsm(plans, parameters, keys, now, recorded?.ssm));
        }
    }
    if (set.vault !== undefined) {
        const connection = vaultConnectionFromEnv(env);
        if (connection === undefined) throw new InputError("The stack stores secrets in Vault; set VAULT_ADDR and VAULT_TOKEN (a token that may read the set's metadata and sys/audit).");
        const setPath = `${environment}/${app}`;
        const paths = plans.flatMap((p) => (p.vault !== undefined ? [p.vault.path] : []));
        const inventory = await readVaultInventory(connection, counter, set.vault.mount, setPath, paths);
        checkedStores.push("vault");
        const auditDeclared = set.audit !== undefined && set.audit.vaultAudit?.existing !== true;
        findings.push(...compareVault(plans, inventory, { ...set.vault, setPath, auditDeclared }, now, recorded?.vault));
    }
    const report = buildAuditReport({ set, findings, counter, now, checkedStores, notAccessedDays: args.notAccessedDays, driftChecked: recorded !== undefined });
    return { report, exitCode: report.summary.mandatory > 0 ? 1 : 0 };
}
