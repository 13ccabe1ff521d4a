// Declared SSM parameters against DescribeParameters: missing, extra, type, the
// classification tag, the KMS key of a SecureString, scheduled or manual rotation
// (by LastModifiedDate) and drift (the version Pulumi wrote against the live one).
import type { SecretPlan } from "../../components/secretPlan";
import { TAG_KEYS } from "../../policies/lib/classification";
import { type Finding, finding } from "./findings";
import type { KeyExpectation } from "./keyExpectation";
import { isManual, manualRotationFinding, scheduledRotationFinding } from "./rotationChecks";
import type { LiveParameter } from "./ssmInventory";

function checkParameter(plan: SecretPlan, parameter: LiveParameter, keys: KeyExpectation, now: Date, recorded: ReadonlyMap<string, number> | undefined): Finding[] {
    const name = parameter.name;
    const out: Finding[] = [];
    const add = (kind: Parameters<typeof finding>[0], message: string) => out.push(finding(kind, "ssm", plan.key, name, message));
    const expectedType = plan.ssm?.type;
    if (parameter.type !== expectedType) add("wrong-store-type", `\`${name}\` is a \`${parameter.type}\` parameter; declared ${plan.classification}, which needs \`${expectedType}\`.`);
    const tag = parameter.tags[TAG_KEYS.classification];
    if (tag !== plan.classification) add("wrong-classification-tag", `\`${name}\` is tagged \`${TAG_KEYS.classification}: ${tag ?? "(none or not a level)"}\`; declared ${plan.classification}.`);
    if (expectedType === "SecureString" && parameter.type === "SecureString") {
        const keyProblem = keys.problem(plan, parameter.keyId);
        if (keyProblem !== undefined) add("wrong-kms-key", `\`${name}\` ${keyProblem}`);
    }
    const manual = manualRotationFinding("ssm", plan, name, parameter.tags, parameter.lastModified, now);
    if (manual) out.push(manual);
    else if (!isManual(parameter.tags)) {
        const overdue = scheduledRotationFinding("ssm", plan, name, parameter.lastModified, now);
        if (overdue) out.push(overdue);
    }
    const version = recorded?.get(name);
    if (version !== undefined && !plan.ignoreValueChanges.ssm && version !== parameter.version) {
        add("value-drift", `\`${name}\` is at version ${parameter.version}; Pulumi wrote version ${version}. Someone changed the value outside Pulumi.`);
    }
    return out;
}

export function compareSsm(
    plans: readonly SecretPlan[], live: { underPath: readonly LiveParameter[]; taggedElsewhere: readonly string[] }, keys: KeyExpectation, now: Date, recorded?: ReadonlyMap<string, number>,
): Finding[] {
    const byName = new Map(live.underPath.map((p) => [p.name, p]));
    const declared = new Set<string>();
    const findings: Finding[] = [];
    for (const plan of plans) {
        if (plan.ssm === undefined) continue;
        declared.add(plan.ssm.name);
        const parameter = byName.get(plan.ssm.name);
        if (parameter === undefined) findings.push(finding("missing", "ssm", plan.key, plan.ssm.name, `\`${plan.ssm.name}\` (${plan.classification}) is declared but does not exist in Parameter Store; run \`pulumi up\`.`));
        else findings.push(...checkParameter(plan, parameter, keys, now, recorded));
    }
    for (const name of [...live.underPath.map((p) => p.name), ...live.taggedElsewhere]) {
        if (!declared.has(name)) findings.push(finding("extra", "ssm", null, name, `\`${name}\` belongs to the set (by path or tags) but is not declared; declare it or delete it.`));
    }
    return findings;
}
