// The IAM document of the generic rotator's execution role. Its size does not grow
// with the number of secrets: the secrets are named by the set's name prefix AND by
// their tags (app, environment, rotation mode `generated`), and the KMS keys are the
// set's own few keys, usable only through Secrets Manager for secrets of that prefix.
import { TAG_KEYS, ROTATION_MODE_KEY } from "../../policies/lib/classification";
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

/** Who the rotator works for: the set's secrets are `{environment}/{app}/*` and carry these tags. */
export interface RotatorScope {
    readonly app: string;
    readonly environment: string;
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

/** The secret suffix of a set pattern, allowed by assertNoWildcardResources. */
function setPatternSuffix(scope: RotatorScope): string {
    return `:secret:${scope.environment}/${scope.app}/*`;
}

export function buildRotatorPolicyDocument(scope: RotatorScope, anySecretArn: string, kmsKeyArns: readonly string[], logGroupArn: string): PolicyDocument {
    const pattern = setSecretsArnPattern(anySecretArn, scope);
    const { region } = parseExactArn(anySecretArn, "secretsmanager", "rotation");
    const statements: PolicyStatement[] = [
        {
            Sid: "RotateGeneratedSecretsOfTheSet",
            Effect: "Allow",
            Action: ROTATOR_SECRET_ACTIONS,
            Resource: [pattern],
            Condition: {
                StringEquals: {
                    [`secretsmanager:ResourceTag/${TAG_KEYS.app}`]: scope.app,
                    [`secretsmanager:ResourceTag/${TAG_KEYS.environment}`]: scope.environment,
                    [`secretsmanager:ResourceTag/${ROTATION_MODE_KEY}`]: "generated",
                },
            },
        },
    ];
    const keys = [...new Set(kmsKeyArns)].sort();
    keys.forEach((key) => parseExactArn(key, "kms", "rotation"));
    if (keys.length > 0) {
        statements.push({
            Sid: "UseSetKeysViaSecretsManager",
            Effect: "Allow",
            Action: ROTATOR_KMS_ACTIONS,
            Resource: keys,
            Condition: {
                StringEquals: { "kms:ViaService": viaService("secretsmanager", region) },
                StringLike: { "kms:EncryptionContext:SecretARN": pattern },
            },
        });
    }
    statements.push(logWriteStatement(logGroupArn));
    const document: PolicyDocument = { Version: "2012-10-17", Statement: statements };
    assertNoWildcardResources(document, [LOG_STREAM_SUFFIX, setPatternSuffix(scope)]);
    return document;
}
