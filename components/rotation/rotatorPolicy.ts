// The IAM documents of the generic rotator's execution role: exactly the secrets
// it rotates, their keys through Secrets Manager, and its own log group.
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

export interface RotatedSecretArns {
    readonly secretArn: string;
    readonly kmsKeyArn?: string;
}

/** Writes to one log group only (its streams have generated names). */
export function logWriteStatement(logGroupArn: string): PolicyStatement {
    parseExactArn(logGroupArn, "logs", "log writes");
    const group = logGroupArn.replace(/:\*$/, "");
    return { Sid: "WriteOwnLogs", Effect: "Allow", Action: LOG_ACTIONS, Resource: [group, `${group}${LOG_STREAM_SUFFIX}`] };
}

export function buildRotatorPolicyDocument(secrets: readonly RotatedSecretArns[], logGroupArn: string): PolicyDocument {
    if (secrets.length === 0) {
        throw new Error("The generic rotator needs at least one secret to rotate.");
    }
    const statements: PolicyStatement[] = [
        {
            Sid: "RotateOwnSecrets",
            Effect: "Allow",
            Action: ROTATOR_SECRET_ACTIONS,
            Resource: [...new Set(secrets.map((s) => s.secretArn))].sort(),
        },
    ];
    const byRegion = new Map<string, RotatedSecretArns[]>();
    for (const secret of secrets) {
        const { region } = parseExactArn(secret.secretArn, "secretsmanager", "rotation");
        if (secret.kmsKeyArn === undefined) continue;
        parseExactArn(secret.kmsKeyArn, "kms", "rotation");
        byRegion.set(region, [...(byRegion.get(region) ?? []), secret]);
    }
    for (const [region, inRegion] of [...byRegion.entries()].sort()) {
        statements.push({
            Sid: `UseSecretKeysVia${region.replace(/[^A-Za-z0-9]/g, "")}`,
            Effect: "Allow",
            Action: ROTATOR_KMS_ACTIONS,
            Resource: [...new Set(inRegion.map((s) => s.kmsKeyArn as string))].sort(),
            Condition: {
                StringEquals: {
                    "kms:ViaService": viaService("secretsmanager", region),
                    "kms:EncryptionContext:SecretARN": [...new Set(inRegion.map((s) => s.secretArn))].sort(),
                },
            },
        });
    }
    statements.push(logWriteStatement(logGroupArn));
    const document: PolicyDocument = { Version: "2012-10-17", Statement: statements };
    assertNoWildcardResources(document, [LOG_STREAM_SUFFIX]);
    return document;
}
