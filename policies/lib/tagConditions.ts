// What an IAM statement's tag conditions promise about the secrets it reaches: a
// statement that holds only when `secretsmanager:ResourceTag/secretset:classification`
// equals some levels reaches no secret of another level (attribute-based access, how
// SecretSet's rotators stay within IAM's size quotas for any number of secrets).
import { isClassification, type Classification, TAG_KEYS } from "./classification";
import { isObject, Plain } from "./previewValues";

const TAG_CONDITION_KEYS = [`secretsmanager:ResourceTag/${TAG_KEYS.classification}`, `aws:ResourceTag/${TAG_KEYS.classification}`].map((k) => k.toLowerCase());

/**
 * The classifications a statement's Condition restricts it to (`StringEquals` on the
 * classification tag), or undefined when it does not restrict them. Only exact,
 * case-sensitive operators count; `IfExists`, `Like` and negated forms restrict nothing.
 */
export function pinnedClassifications(condition: Plain): readonly Classification[] | undefined {
    if (!isObject(condition)) return undefined;
    let pinned: Classification[] | undefined;
    for (const [operator, block] of Object.entries(condition)) {
        if (operator !== "StringEquals" || !isObject(block)) continue;
        for (const [key, value] of Object.entries(block)) {
            if (!TAG_CONDITION_KEYS.includes(key.toLowerCase())) continue;
            const values = (Array.isArray(value) ? value : [value]).filter((v): v is Classification => isClassification(v));
            // Several keys in one operator must all hold: the intersection is what the statement reaches.
            pinned = pinned === undefined ? values : pinned.filter((c) => values.includes(c));
        }
    }
    return pinned;
}
