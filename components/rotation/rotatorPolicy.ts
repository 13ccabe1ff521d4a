// The IAM documents of SecretSet's rotators. They must not grow with the number of
// secrets, and grants on restricted secrets must name them (the pack's
// iam-restricted-grants-name-resources). So a rotator's role has:
//   - for classes without a dedicated key: ONE statement on the set's name prefix, held
//     only for secrets tagged with the set's app, environment, the rotator's mode and
//     those classes (attribute-based access), and their keys through Secrets Manager for
//     secrets of that prefix;
//   - for classes with a dedicated key (restricted): the exact ARNs, a bounded number per
//     rotator (genericRotator.ts spreads them over as many rotators as needed).
import { ROTATION_MODE_KEY, TAG_KEYS } from "../../policies/lib/classification";
import { assertNoWildcardResources, parseExactArn, type PolicyDocument, type PolicyStatement, viaService } from "../grants";

export const ROTATOR_SECRET_ACTIONS = [
    "secretsmanager:DescribeSecret",
    "secretsmanager:GetSecretValue",
    "secretsmanager:PutSecretValue",
    "secretsmanager:UpdateSecretVersionStage",
];
export const ROTATOR_KMS_ACTIONS = ["kms:Decrypt", "kms:GenerateDataKey"];
export const LOG_ACTIONS = ["logs:CreateLogStream", "logs:PutLogEvents"];
/** Log streams get generated names; this suffix under an owned log group is the only wildcard allowed. */
export const LOG_STREAM_SUFFIX = ":log-stream:*";
/** Characters of exact secret grants one rotator's role may hold (IAM allows 10,240 for all its inline policies). */
export const EXACT_GRANT_BUDGET_CHARS = 7_000;

/** Who the rotator works for: the set's secrets are `{environment}/{app}/*` and carry these tags. */
export interface RotatorScope {
    readonly app: string;
    readonly environment: string;
}

export interface RotatorGrants {
    /** Classes granted by prefix and tags (empty: no such statement). */
    readonly taggedClasses: readonly string[];
    /** Customer-managed keys of the tagged secrets. */
    readonly taggedKeyArns: readonly string[];
    /** Secrets granted by exact ARN, with their keys. */
    readonly exact: readonly { readonly secretArn: string; readonly kmsKeyArn?: string }[];
}

/** Writes to one log group only (its streams have generated names). */
export function logWriteStatement(logGroupArn: string): PolicyStatement {
    parseExactArn(logGroupArn, "logs", "log writes");
    const group = logGroupArn.replace(/:\*$/, "");
    return { Sid: "WriteOwnLogs", Effect: "Allow", Action: LOG_ACTIONS, Resource: [group, `${group}${LOG_STREAM_SUFFIX}`] };
}

/** `arn:...:secret:{environment}/{app}/*`, in the partition, region and account of a secret of the set. */
export function setSecretsArnPattern(anySecretArn: string, scope: RotatorScope): string {
    const { partition, region, account } = parseExactArn(anySecretArn, "secretsmanager", "rotation");
    return `arn:${partition}:secretsmanager:${region}:${account}:secret:${scope.environment}/${scope.app}/*`;
}

/** Upper bound of the characters one exact grant adds (the ARN in `Resource` and in the KMS context). */
export function exactGrantChars(secretsManagerName: string): number {
    const arn = "arn:aws-us-gov:secretsmanager:xx-xxxxxxxxx-1:123456789012:secret:".length + secretsManagerName.length + "-AbCdEf".length;
    return 2 * (arn + 3);
}

const sorted = (values: Iterable<string>) => [...new Set(values)].sort();

/** The secret and key statements of a rotator of `mode` (`generated` or `database`). */
export function rotatedSecretStatements(scope: RotatorScope, mode: string, anySecretArn: string, grants: RotatorGrants): PolicyStatement[] {
    const { region } = parseExactArn(anySecretArn, "secretsmanager", "rotation");
    const pattern = setSecretsArnPattern(anySecretArn, scope);
    const label = mode === "database" ? "Database" : "Generated";
    const statements: PolicyStatement[] = [];
    if (grants.taggedClasses.length > 0) {
        statements.push({
            Sid: `Rotate${label}SecretsOfTheSet`,
            Effect: "Allow",
            Action: ROTATOR_SECRET_ACTIONS,
            Resource: [pattern],
            Condition: {
                StringEquals: {
                    [`secretsmanager:ResourceTag/${TAG_KEYS.app}`]: scope.app,
                    [`secretsmanager:ResourceTag/${TAG_KEYS.environment}`]: scope.environment,
                    [`secretsmanager:ResourceTag/${ROTATION_MODE_KEY}`]: mode,
                    [`secretsmanager:ResourceTag/${TAG_KEYS.classification}`]: sorted(grants.taggedClasses),
                },
            },
        });
        const keys = sorted(grants.taggedKeyArns);
        keys.forEach((key) => parseExactArn(key, "kms", "rotation"));
        if (keys.length > 0) {
            statements.push({
                Sid: "UseSetKeysViaSecretsManager",
                Effect: "Allow",
                Action: ROTATOR_KMS_ACTIONS,
                Resource: keys,
                Condition: { StringEquals: { "kms:ViaService": viaService("secretsmanager", region) }, StringLike: { "kms:EncryptionContext:SecretARN": pattern } },
            });
        }
    }
    if (grants.exact.length > 0) {
        grants.exact.forEach((s) => parseExactArn(s.secretArn, "secretsmanager", "rotation"));
        statements.push({ Sid: `Rotate${label}SecretsByArn`, Effect: "Allow", Action: ROTATOR_SECRET_ACTIONS, Resource: sorted(grants.exact.map((s) => s.secretArn)) });
        const keyed = grants.exact.filter((s) => s.kmsKeyArn !== undefined);
        keyed.forEach((s) => parseExactArn(s.kmsKeyArn as string, "kms", "rotation"));
        if (keyed.length > 0) {
            statements.push({
                Sid: "UseNamedSecretKeysViaSecretsManager",
                Effect: "Allow",
                Action: ROTATOR_KMS_ACTIONS,
                Resource: sorted(keyed.map((s) => s.kmsKeyArn as string)),
                Condition: { StringEquals: { "kms:ViaService": viaService("secretsmanager", region), "kms:EncryptionContext:SecretARN": sorted(keyed.map((s) => s.secretArn)) } },
            });
        }
    }
    return statements;
}

export function buildRotatorPolicyDocument(scope: RotatorScope, anySecretArn: string, grants: RotatorGrants, logGroupArn: string): PolicyDocument {
    const document: PolicyDocument = { Version: "2012-10-17", Statement: [...rotatedSecretStatements(scope, "generated", anySecretArn, grants), logWriteStatement(logGroupArn)] };
    assertNoWildcardResources(document, [LOG_STREAM_SUFFIX, `:secret:${scope.environment}/${scope.app}/*`]);
    return document;
}
