// IAM identity documents that read secrets, parameters or keys they do not name,
// spelled so that a pattern match on `*` would miss them.
import { TYPES } from "../../../policies/lib/resourceKinds";
import { AdversarialCase } from "./adversarialCase";
import { ACCOUNT, allow, doc, EXACT_READ, groupPolicy, KEY_ARN, managedPolicy, PARAMETER_ARN, resource, role, rolePolicy, SECRET_ARN, userPolicy } from "./fixtures";

const READ = "iam-no-secret-read-on-all-resources";
const ESCALATE = "iam-no-secret-access-escalation";
const WHOLE = "iam-no-service-wildcard-actions";
const SM = (resource: unknown, action: unknown = "secretsmanager:GetSecretValue") => doc([allow(action, resource)]);
const EXACT_SM = SM(SECRET_ARN);

const reads: [string, string][] = [
    ["GetSecretValue on `*`", SM("*")],
    ["GetSecretValue on `arn:*`", SM("arn:*")],
    ["GetSecretValue on `arn:aws:*`", SM("arn:aws:*")],
    ["GetSecretValue on every secret of every account", SM("arn:aws:secretsmanager:*:*:secret:*")],
    ["GetSecretValue on every secret of the account", SM(`arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:*`)],
    ["a wildcard for the environment's secrets", SM(`arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:prod/*`)],
    ["a wildcard for the app's secrets", SM(`arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:prod/ci-pipeline/*`)],
    ["`*` in the middle of a secret name", SM(SECRET_ARN.replace("prod/ci-pipeline/", "prod/*/").replace("-AbCdEf", "-??????"))],
    ["`?` inside a secret name", SM(SECRET_ARN.replace("prod/", "p?od/"))],
    ["a wildcard account", SM(SECRET_ARN.replace(ACCOUNT, "*"))],
    ["every Secrets Manager resource type", SM("arn:aws:secretsmanager:*:*:*")],
    ["a glob in the service of the ARN", SM("arn:aws:secrets*")],
    ["a glob in the partition", SM(SECRET_ARN.replace("arn:aws:", "arn:aws*:"))],
    ["`secretsmanager:Get*` on `*`", SM("*", "secretsmanager:Get*")],
    ["a mixed-case action on `*`", SM("*", "SecretsManager:getsecretvalue")],
    ["`?` inside the action on `*`", SM("*", "secretsmanager:GetSecret?alue")],
    ["a mid-word `*` action on `*`", SM("*", "secretsmanager:*Value")],
    ["a glob in the action's service on `*`", SM("*", "s*:GetSecretValue")],
    ["NotAction that leaves the reads on `*`", doc([{ Effect: "Allow", NotAction: ["iam:*", "s3:*"], Resource: "*" }])],
    ["NotResource listing some other secret", doc([{ Effect: "Allow", Action: "secretsmanager:GetSecretValue", NotResource: SECRET_ARN.replace("-AbCdEf", "-ZzZzZz") }])],
    ["a single Statement object without Version", JSON.stringify({ Statement: allow("secretsmanager:GetSecretValue", "*") })],
    ["lower-case element names", JSON.stringify({ Version: "2012-10-17", Statement: [{ effect: "Allow", action: "secretsmanager:GetSecretValue", resource: "*" }] })],
    ["a Deny that only applies under a condition", doc([allow("secretsmanager:GetSecretValue", "*"), { Effect: "Deny", Action: "*", Resource: "*", Condition: { Bool: { "aws:SecureTransport": "false" } } }])],
    ["ssm:GetParameter on every parameter ARN", doc([allow("ssm:GetParameter", "arn:aws:ssm:*:*:parameter/*")])],
    ["ssm:GetParameter* on the environment's parameters", doc([allow("ssm:GetParameter*", `arn:aws:ssm:us-east-1:${ACCOUNT}:parameter/prod/*`)])],
    ["ssm:GetParametersByPath on the app's path", doc([allow("ssm:GetParametersByPath", `arn:aws:ssm:us-east-1:${ACCOUNT}:parameter/prod/ci-pipeline`)])],
    ["ssm:GetParameterHistory on `*`", doc([allow("ssm:GetParameterHistory", "*")])],
    ["kms:Decrypt on `*` behind a ViaService condition", doc([allow("kms:Decrypt", "*", { Condition: { StringEquals: { "kms:ViaService": "secretsmanager.us-east-1.amazonaws.com" } } })])],
    ["kms:Decrypt on every key of the account", doc([allow("kms:Decrypt", `arn:aws:kms:us-east-1:${ACCOUNT}:key/*`)])],
    ["`kms:De*` on `*`", doc([allow("kms:De*", "*")])],
];

const carriers = [rolePolicy, managedPolicy, userPolicy, groupPolicy];

export const IAM_CASES: AdversarialCase[] = [
    ...reads.map(([evasion, document], index): AdversarialCase => {
        const carrier = carriers[index % carriers.length];
        return { area: "iam", evasion, policy: READ, bad: carrier(document), twin: carrier(EXACT_READ) };
    }),
    { area: "iam", evasion: "the document as an object, not a string", policy: READ, bad: rolePolicy(JSON.parse(SM("*"))), twin: rolePolicy(JSON.parse(EXACT_SM)) },
    { area: "iam", evasion: "a read on `*` in a Role's own inlinePolicies", policy: READ, bad: role({ inlinePolicies: [{ name: "read", policy: SM("*") }] }), twin: role({ inlinePolicies: [{ name: "read", policy: EXACT_READ }] }) },
    {
        area: "iam",
        evasion: "a read on `*` in an SSO permission-set inline policy",
        policy: READ,
        bad: resource(TYPES.ssoPermissionSetInlinePolicy, { instanceArn: "arn:aws:sso:::instance/ssoins-1", permissionSetArn: "arn:aws:sso:::permissionSet/ssoins-1/ps-1", inlinePolicy: SM("*") }),
        twin: resource(TYPES.ssoPermissionSetInlinePolicy, { instanceArn: "arn:aws:sso:::instance/ssoins-1", permissionSetArn: "arn:aws:sso:::permissionSet/ssoins-1/ps-1", inlinePolicy: EXACT_READ }),
    },
    { area: "iam", evasion: "`secretsmanager:*` on the exact secret", policy: WHOLE, bad: rolePolicy(SM(SECRET_ARN, "secretsmanager:*")), twin: rolePolicy(EXACT_SM) },
    { area: "iam", evasion: "`s?m:*` for every SSM action", policy: WHOLE, bad: rolePolicy(doc([allow("s?m:*", PARAMETER_ARN)])), twin: rolePolicy(doc([allow("ssm:GetParameter", PARAMETER_ARN)])) },
    { area: "iam", evasion: "`*` actions on the exact secret", policy: WHOLE, bad: managedPolicy(SM(SECRET_ARN, "*")), twin: managedPolicy(doc([allow("*", "arn:aws:s3:::ci-pipeline-artifacts/*"), allow("secretsmanager:GetSecretValue", SECRET_ARN)])) },
    { area: "iam", evasion: "`KMS:*` in an object document on the exact key", policy: WHOLE, bad: userPolicy({ Statement: [allow("KMS:*", KEY_ARN)] }), twin: userPolicy({ Statement: [allow("kms:Decrypt", KEY_ARN)] }) },
    { area: "iam", evasion: "PutResourcePolicy on every secret (make any secret public)", policy: ESCALATE, bad: rolePolicy(SM("*", "secretsmanager:PutResourcePolicy")), twin: rolePolicy(EXACT_SM) },
    { area: "iam", evasion: "kms:CreateGrant on every key", policy: ESCALATE, bad: managedPolicy(doc([allow("kms:Create*", `arn:aws:kms:us-east-1:${ACCOUNT}:key/*`)])), twin: managedPolicy(doc([allow("kms:Decrypt", KEY_ARN)])) },
    { area: "iam", evasion: "attaching any policy to any role", policy: ESCALATE, bad: userPolicy(doc([allow(["iam:AttachRolePolicy", "iam:PassRole"], "*")])), twin: userPolicy(doc([allow("iam:PassRole", `arn:aws:iam::${ACCOUNT}:role/ci-pipeline-builder`)])) },
    { area: "iam", evasion: "assuming any role of any account", policy: ESCALATE, bad: groupPolicy(doc([allow("sts:AssumeRole", "arn:aws:iam::*:role/*")])), twin: groupPolicy(doc([allow("sts:AssumeRole", `arn:aws:iam::${ACCOUNT}:role/ci-pipeline-deployer`)])) },
    { area: "iam", evasion: "`secretsmanager:*` inside a Role's inlinePolicies", policy: WHOLE, bad: role({ inlinePolicies: [{ name: "all", policy: SM(SECRET_ARN, ["secretsmanager:*"]) }] }), twin: role({ inlinePolicies: [{ name: "read", policy: EXACT_SM }] }) },
];
