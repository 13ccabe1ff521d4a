// The physical names of a set's rotators must fit Lambda's 64 characters; they grow
// with `environment` and `app`, so a name too long is reported with the rest of the
// validation, before anything exists, instead of failing half way through.
import { AWS_QUOTAS } from "../../policies/lib/awsQuotas";
import type { SecretPlan } from "../secretPlan";
import { rotatorFunctionName } from "../secretSetAccess";
import { rotatorShareSuffix } from "./genericRotator";
import { postgresRotatorName } from "./postgresRotator";
import { postgresRotatorPrefix } from "./secretRotation";

/** Generic rotators a set may need before the name is checked: room for `-99`. */
const MAX_SHARES = 99;

export function checkRotatorNames(plans: readonly SecretPlan[], environment: string, app: string): { field: string; message: string }[] {
    const onSecretsManager = plans.filter((p) => p.secretsManager !== undefined && p.rotation !== undefined);
    const base = rotatorFunctionName({ environment, app });
    const names: string[] = [];
    if (onSecretsManager.some((p) => p.rotation?.mode === "generated")) names.push(`${base}${rotatorShareSuffix(MAX_SHARES - 1)}`);
    if (onSecretsManager.some((p) => p.rotation?.mode === "database")) names.push(postgresRotatorName(postgresRotatorPrefix(base), "00000000"));
    const limit = AWS_QUOTAS.lambdaFunctionNameChars.limit;
    return names
        .filter((name) => name.length > limit)
        .slice(0, 1)
        .map((name) => ({
            field: "app",
            message: `Settings \`app\` and \`environment\` make the rotator's function name \`${name}\` ${name.length} characters long, over Lambda's ${limit}; shorten \`secretset:app\` or \`secretset:environment\` by ${name.length - limit}.`,
        }));
}
