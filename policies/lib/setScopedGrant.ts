// SecretSet's own attribute-based grant, the one shape of wildcard secret access the
// pack accepts: a statement on `arn:<partition>:secretsmanager:<region>:<account>:secret:<env>/<app>/*`
// (region and account concrete) that holds only for secrets TAGGED with that same app and
// environment and with classifications that exclude `restricted` (restricted secrets are
// always named by ARN). It is how a rotator serves any number of secrets within IAM's size
// quota (components/rotation/rotatorPolicy.ts builds it). It reaches nothing outside one
// set's own names, and only what that set tagged; changing a tag needs
// `secretsmanager:TagResource`, which the pack's escalation rules watch.
import { CLASSIFICATION_RULES, TAG_KEYS } from "./classification";
import type { IamStatement } from "./iamDocument";
import { isObject, isUnknown, Plain } from "./previewValues";

const SET_PREFIX_PATTERN = /^arn:aws(?:-cn|-us-gov)?:secretsmanager:[a-z]{2}(?:-[a-z]+)+-\d:\d{12}:secret:([a-z][a-z0-9-]*)\/([a-z][a-z0-9-]*)\/\*$/;

/** The single string a `StringEquals` entry requires, or undefined when it allows several or none. */
function requiredValue(block: Plain, key: string): string | undefined {
    if (!isObject(block)) return undefined;
    const entry = Object.entries(block).find(([k]) => k.toLowerCase() === key.toLowerCase())?.[1];
    const values = Array.isArray(entry) ? entry : [entry];
    return values.length === 1 && typeof values[0] === "string" ? values[0] : undefined;
}

/** True when `pattern` in `statement` is a set-scoped, tag-pinned grant (see the file comment). */
export function isSetScopedSecretGrant(statement: IamStatement, pattern: string): boolean {
    const match = SET_PREFIX_PATTERN.exec(pattern);
    if (match === null || statement.notResource || isUnknown(statement.condition) || !isObject(statement.condition)) return false;
    const [, environment, app] = match;
    const equals = statement.condition.StringEquals;
    const pinnedToSet =
        requiredValue(equals, `secretsmanager:ResourceTag/${TAG_KEYS.app}`) === app &&
        requiredValue(equals, `secretsmanager:ResourceTag/${TAG_KEYS.environment}`) === environment;
    const namedOnly = Object.entries(CLASSIFICATION_RULES).filter(([, rule]) => rule.dedicatedKey).map(([level]) => level);
    const pinned = statement.pinnedClassifications;
    return pinnedToSet && pinned !== undefined && pinned.length > 0 && !pinned.some((level) => namedOnly.includes(level));
}
