// Secret reads handed out without writing a policy: AWS-managed policies attached to a
// principal, and role trust policies that let anyone (or any OIDC identity) assume the role.
import { TYPES } from "../../../policies/lib/resourceKinds";
import { AdversarialCase } from "./adversarialCase";
import { ACCOUNT, allow, doc, resource, role } from "./fixtures";

const MANAGED = "iam-no-aws-managed-secret-readers";
const TRUST = "iam-trust-policy-not-public";
const OWN_POLICY = `arn:aws:iam::${ACCOUNT}:policy/ci-pipeline-read`;
const awsManaged = (name: string, partition = "aws") => `arn:${partition}:iam::aws:policy/${name}`;

const attachments: [string, string, Record<string, unknown>, (arn: string) => Record<string, unknown>][] = [
    ["AdministratorAccess on a role", TYPES.iamRolePolicyAttachment, { role: "builder" }, (arn) => ({ policyArn: arn })],
    ["SecretsManagerReadWrite on a role", TYPES.iamRolePolicyAttachment, { role: "builder" }, (arn) => ({ policyArn: arn })],
    ["ReadOnlyAccess on a user", TYPES.iamUserPolicyAttachment, { user: "auditor" }, (arn) => ({ policyArn: arn })],
    ["PowerUserAccess on a group", TYPES.iamGroupPolicyAttachment, { group: "developers" }, (arn) => ({ policyArn: arn })],
    ["AmazonSSMReadOnlyAccess through PolicyAttachment", TYPES.iamPolicyAttachment, { name: "ssm-read", roles: ["builder"] }, (arn) => ({ policyArn: arn })],
    ["AmazonSSMFullAccess through exclusive role attachments", TYPES.iamRolePolicyAttachmentsExclusive, { roleName: "builder" }, (arn) => ({ policyArns: [arn] })],
    ["AmazonSSMManagedInstanceCore through exclusive user attachments", TYPES.iamUserPolicyAttachmentsExclusive, { userName: "bastion" }, (arn) => ({ policyArns: [arn] })],
];

const trusts: [string, Record<string, unknown>, Record<string, unknown>][] = [
    ['`"Principal": "*"`', allow("sts:AssumeRole", undefined, { Principal: "*" }), allow("sts:AssumeRole", undefined, { Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/deployer` } })],
    [
        '`{"AWS": "*"}` with a condition that pins nobody',
        allow("sts:AssumeRole", undefined, { Principal: { AWS: "*" }, Condition: { Bool: { "aws:SecureTransport": "true" } } }),
        allow("sts:AssumeRole", undefined, { Principal: { AWS: "*" }, Condition: { StringEquals: { "aws:PrincipalOrgID": "o-abc123def4" } } }),
    ],
    ['`Allow` with `NotPrincipal`', allow("sts:AssumeRole", undefined, { NotPrincipal: { AWS: `arn:aws:iam::${ACCOUNT}:root` } }), allow("sts:AssumeRole", undefined, { Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` } })],
    ["a wildcard account root", allow("sts:AssumeRole", undefined, { Principal: { AWS: "arn:aws:iam::*:root" } }), allow("sts:AssumeRole", undefined, { Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` } })],
    [
        "a negated account condition",
        allow("sts:AssumeRole", undefined, { Principal: { AWS: "*" }, Condition: { StringNotEquals: { "aws:PrincipalAccount": "999999999999" } } }),
        allow("sts:AssumeRole", undefined, { Principal: { AWS: "*" }, Condition: { StringEquals: { "aws:PrincipalAccount": ACCOUNT } } }),
    ],
    [
        "a condition on the caller's ARN that matches everyone",
        allow("sts:AssumeRole", undefined, { Principal: { AWS: "*" }, Condition: { StringLike: { "aws:PrincipalArn": "*" } } }),
        allow("sts:AssumeRole", undefined, { Principal: { AWS: "*" }, Condition: { ArnEquals: { "aws:PrincipalArn": `arn:aws:iam::${ACCOUNT}:role/deployer` } } }),
    ],
    [
        "an IfExists condition that holds when the key is absent",
        allow("sts:AssumeRole", undefined, { Principal: { AWS: "*" }, Condition: { StringEqualsIfExists: { "aws:PrincipalAccount": ACCOUNT } } }),
        allow("sts:AssumeRole", undefined, { Principal: { AWS: "*" }, Condition: { StringEquals: { "sts:ExternalId": "ci-pipeline-7f3a" } } }),
    ],
    [
        "a GitHub OIDC trust without a subject",
        allow("sts:AssumeRoleWithWebIdentity", undefined, {
            Principal: { Federated: `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com` },
            Condition: { StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" } },
        }),
        allow("sts:AssumeRoleWithWebIdentity", undefined, {
            Principal: { Federated: `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com` },
            Condition: { StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com", "token.actions.githubusercontent.com:sub": "repo:example/ci-pipeline:ref:refs/heads/main" } },
        }),
    ],
    [
        "a random-looking external id is fine, an open principal is not",
        allow("sts:AssumeRole", undefined, { Principal: { AWS: "*" }, Condition: { StringEquals: { "aws:SecureTransport": "true" } } }),
        allow("sts:AssumeRole", undefined, { Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Condition: { StringEquals: { "sts:ExternalId": "Zx9Qw3Er7Ty1Ui5Op2As6Df0Gh4Jk8Lz" } } }),
    ],
    [
        "a GitHub OIDC subject of `repo:*` (every repository on GitHub)",
        allow("sts:AssumeRoleWithWebIdentity", undefined, { Principal: { Federated: `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com` }, Condition: { StringLike: { "token.actions.githubusercontent.com:sub": "repo:*" } } }),
        allow("sts:AssumeRoleWithWebIdentity", undefined, { Principal: { Federated: `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com` }, Condition: { StringLike: { "token.actions.githubusercontent.com:sub": "repo:example/ci-pipeline:*" } } }),
    ],
    ["`sts:*` for everyone", allow("sts:*", undefined, { Principal: { AWS: ["*"] } }), allow("sts:AssumeRole", undefined, { Principal: { Service: ["codebuild.amazonaws.com"] } })],
];

export const IAM_ACCESS_CASES: AdversarialCase[] = [
    ...attachments.map(([evasion, type, base, arnField]): AdversarialCase => {
        const name = evasion.split(" ")[0];
        return { area: "iam", evasion: `attaches ${evasion}`, policy: MANAGED, bad: resource(type, { ...base, ...arnField(awsManaged(name)) }), twin: resource(type, { ...base, ...arnField(OWN_POLICY) }) };
    }),
    { area: "iam", evasion: "AdministratorAccess in a Role's managedPolicyArns", policy: MANAGED, bad: role({ managedPolicyArns: [OWN_POLICY, awsManaged("AdministratorAccess")] }), twin: role({ managedPolicyArns: [OWN_POLICY] }) },
    { area: "iam", evasion: "AdministratorAccess in the GovCloud partition", policy: MANAGED, bad: resource(TYPES.iamRolePolicyAttachment, { role: "builder", policyArn: awsManaged("AdministratorAccess", "aws-us-gov") }), twin: resource(TYPES.iamRolePolicyAttachment, { role: "builder", policyArn: OWN_POLICY }) },
    ...trusts.map(([evasion, bad, twin]): AdversarialCase => ({ area: "iam", evasion: `trust policy: ${evasion}`, policy: TRUST, bad: role({ assumeRolePolicy: doc([bad]) }), twin: role({ assumeRolePolicy: doc([twin]) }) })),
];
