// The IAM document of a PostgreSQL rotator's execution role: exact ARNs only, except
// the two things AWS names no other way (see comments).
import { type PolicyDocument, type PolicyStatement, parseExactArn, viaService } from "../grants";
import { logWriteStatement, rotatedSecretStatements, ROTATOR_KMS_ACTIONS, ROTATOR_SECRET_ACTIONS, type RotatorScope } from "./rotatorPolicy";

export interface DatabaseSecretGrant {
    readonly secretArn: string;
    readonly classification?: string;
    /** Must be named by ARN (restricted); always so without a scope. */
    readonly namedGrant?: boolean;
    readonly kmsKeyArn?: string;
    readonly masterSecretArn?: string;
    readonly masterKmsKeyArn?: string;
}

/** What Lambda needs to attach the function to the VPC (the actions of AWSLambdaVPCAccessExecutionRole). */
export const ENI_ACTIONS = ["ec2:CreateNetworkInterface", "ec2:DeleteNetworkInterface", "ec2:AssignPrivateIpAddresses", "ec2:UnassignPrivateIpAddresses"];
/** Describe calls support no resource-level permissions in IAM: AWS requires `*`. */
export const ENI_DESCRIBE_ACTIONS = ["ec2:DescribeNetworkInterfaces"];

const sorted = (values: Iterable<string>) => [...new Set(values)].sort();

function keyStatement(sid: string, actions: string[], grants: { key: string; secret: string }[], region: string): PolicyStatement {
    grants.forEach((g) => parseExactArn(g.key, "kms", "rotation"));
    return {
        Sid: sid,
        Effect: "Allow",
        Action: actions,
        Resource: sorted(grants.map((g) => g.key)),
        Condition: { StringEquals: { "kms:ViaService": viaService("secretsmanager", region), "kms:EncryptionContext:SecretARN": sorted(grants.map((g) => g.secret)) } },
    };
}

/**
 * With `scope` (a SecretSet's rotator) the rotated secrets are named by the set's prefix
 * and tags (mode `database`), so the document does not grow with their number; without
 * it (a standalone rotator) they are listed by ARN.
 */
export function buildPostgresRotatorPolicy(secrets: readonly DatabaseSecretGrant[], subnetIds: readonly string[], securityGroupIds: readonly string[], logGroupArn: string, scope?: RotatorScope): PolicyDocument {
    if (secrets.length === 0) throw new Error("The PostgreSQL rotator needs at least one secret to rotate.");
    const { partition, region, account } = parseExactArn(secrets[0].secretArn, "secretsmanager", "rotation");
    secrets.forEach((s) => parseExactArn(s.secretArn, "secretsmanager", "rotation"));
    const masters = secrets.filter((s) => s.masterSecretArn !== undefined);
    masters.forEach((s) => parseExactArn(s.masterSecretArn as string, "secretsmanager", "master secret reads"));
    const ec2 = (resource: string) => `arn:${partition}:ec2:${region}:${account}:${resource}`;
    const tagged = scope !== undefined ? secrets.filter((s) => s.namedGrant !== true) : [];
    const exact = secrets.filter((s) => !tagged.includes(s));
    const statements: PolicyStatement[] = scope !== undefined
        ? rotatedSecretStatements(scope, "database", secrets[0].secretArn, {
              taggedClasses: [...new Set(tagged.map((s) => s.classification ?? ""))].filter((c) => c !== ""),
              taggedKeyArns: tagged.map((s) => s.kmsKeyArn).filter((k): k is string => k !== undefined),
              exact,
          })
        : [];
    if (scope === undefined) {
        statements.push({ Sid: "RotateDatabaseSecrets", Effect: "Allow", Action: ROTATOR_SECRET_ACTIONS, Resource: sorted(exact.map((s) => s.secretArn)) });
        const keyed = exact.filter((s) => s.kmsKeyArn !== undefined).map((s) => ({ key: s.kmsKeyArn as string, secret: s.secretArn }));
        if (keyed.length > 0) statements.push(keyStatement("UseSecretKeysViaSecretsManager", ROTATOR_KMS_ACTIONS, keyed, region));
    }
    if (masters.length > 0) {
        statements.push({ Sid: "ReadMasterSecrets", Effect: "Allow", Action: ["secretsmanager:GetSecretValue"], Resource: sorted(masters.map((s) => s.masterSecretArn as string)) });
    }
    const masterKeyed = masters.filter((s) => s.masterKmsKeyArn !== undefined).map((s) => ({ key: s.masterKmsKeyArn as string, secret: s.masterSecretArn as string }));
    if (masterKeyed.length > 0) statements.push(keyStatement("DecryptMasterSecretsViaSecretsManager", ["kms:Decrypt"], masterKeyed, region));
    statements.push(
        {
            Sid: "AttachToTheDatabaseVpc",
            Effect: "Allow",
            Action: ENI_ACTIONS,
            // Interfaces get generated ids; they may only be made in these subnets with these groups.
            Resource: [...sorted(subnetIds.map((id) => ec2(`subnet/${id}`))), ...sorted(securityGroupIds.map((id) => ec2(`security-group/${id}`))), ec2("network-interface/*")],
        },
        { Sid: "DescribeNetworkInterfaces", Effect: "Allow", Action: ENI_DESCRIBE_ACTIONS, Resource: ["*"] },
        logWriteStatement(logGroupArn),
    );
    return { Version: "2012-10-17", Statement: statements };
}
