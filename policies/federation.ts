// Federation: roles that CI systems outside AWS assume with an OIDC token must be
// limited to one repository/project (the `sub` claim) and to STS as audience; Vault
// JWT roles must be bound to a project by `bound_claims`. Without these, any
// repository on GitHub or GitLab could read the stack's secrets.
import { ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";
import { hasWildcard, subjectIdentity, subjectSpansRepositories, WEB_IDENTITY_ACTION } from "./lib/oidcClaims";
import { isObject, isUnknown, plainInputs, str } from "./lib/previewValues";
import { describe, RESOURCES } from "./lib/resourceKinds";
import { allowedValues, parseTrustPolicy, type TrustStatement } from "./lib/trustDocument";

/** `arn:aws:iam::123:oidc-provider/token.actions.githubusercontent.com` -> the issuer host. */
function issuerOf(providerArn: string): string | undefined {
    const index = providerArn.indexOf(":oidc-provider/");
    return index === -1 ? undefined : providerArn.slice(index + ":oidc-provider/".length);
}

/** The issuer named by `<issuer>:sub` / `<issuer>:aud` keys, when the provider ARN does not say it. */
function conditionIssuer(statement: TrustStatement): string | undefined {
    for (const entries of Object.values(statement.conditions)) {
        for (const key of Object.keys(entries)) {
            const match = /^(.+):(sub|aud)$/i.exec(key);
            if (match !== null && !match[1].startsWith("aws")) return match[1];
        }
    }
    return undefined;
}

interface WebIdentityTrust {
    readonly issuer: string;
    readonly statement: TrustStatement;
}

/** Allow statements that let an OIDC identity assume the role, with their issuer. */
function webIdentityStatements(assumeRolePolicy: unknown): WebIdentityTrust[] | undefined {
    const statements = parseTrustPolicy(assumeRolePolicy as never);
    if (isUnknown(statements) || statements === "invalid") return undefined;
    const result: WebIdentityTrust[] = [];
    for (const statement of statements) {
        if (statement.effect !== "Allow" || statement.hasUnknown) continue;
        const federated = statement.principals.Federated ?? [];
        const webIdentity = statement.actions.some((a) => a.toLowerCase() === WEB_IDENTITY_ACTION.toLowerCase() || a === "*" || a.toLowerCase() === "sts:*");
        if (!webIdentity) continue;
        for (const provider of federated) {
            // Cognito identity pools are not CI issuers; their trust is checked by other means.
            if (provider === "cognito-identity.amazonaws.com") continue;
            const issuer = issuerOf(provider) ?? conditionIssuer(statement) ?? "<issuer>";
            result.push({ issuer, statement });
        }
    }
    return result;
}

// GitHub's and AWS's guidance for OIDC roles; Checkov CKV_AWS_358 (GitHub Actions OIDC trust without a subject) in spirit.
export const iamOidcTrustOneRepository: ResourceValidationPolicy = {
    name: "iam-oidc-trust-one-repository",
    description: "Checks whether roles assumed with an OIDC token (GitHub Actions, GitLab CI, ...) limit `<issuer>:aud` and `<issuer>:sub`, with no wildcard across repositories or projects.",
    enforcementLevel: "mandatory",
    validateResource: validateResourceOfType(RESOURCES.iamRole, (_, args, report) => {
        const trusts = webIdentityStatements(plainInputs(args.props).assumeRolePolicy);
        for (const { issuer, statement } of trusts ?? []) {
            const subjects = allowedValues(statement, `${issuer}:sub`);
            if (subjects === undefined || subjects.length === 0) {
                report(`${describe(args.type, args.name)} must limit \`${issuer}:sub\` with StringEquals to one repository and branch or environment (e.g. \`repo:acme/app:ref:refs/heads/main\`); without it any repository can assume the role.`);
                continue;
            }
            const spanning = subjects.filter(subjectSpansRepositories);
            if (spanning.length > 0) {
                report(`${describe(args.type, args.name)} must name one repository or project in \`${issuer}:sub\`; ${spanning.map((s) => `\`${s}\``).join(", ")} matches every repository of \`${subjectIdentity(spanning[0]) || "*"}\`.`);
            }
            const audiences = allowedValues(statement, `${issuer}:aud`);
            if (audiences === undefined || audiences.length === 0 || audiences.some(hasWildcard)) {
                report(`${describe(args.type, args.name)} must limit \`${issuer}:aud\` to the exact audience (\`sts.amazonaws.com\`).`);
            }
        }
    }),
};

export const iamOidcTrustOneRef: ResourceValidationPolicy = {
    name: "iam-oidc-trust-one-ref",
    description: "Checks whether roles assumed with an OIDC token name one branch, tag or environment in `<issuer>:sub` (no wildcard after the repository).",
    enforcementLevel: "advisory",
    validateResource: validateResourceOfType(RESOURCES.iamRole, (_, args, report) => {
        for (const { issuer, statement } of webIdentityStatements(plainInputs(args.props).assumeRolePolicy) ?? []) {
            const loose = (allowedValues(statement, `${issuer}:sub`) ?? []).filter((s) => !subjectSpansRepositories(s) && hasWildcard(s));
            if (loose.length > 0) {
                report(`${describe(args.type, args.name)} must name one branch, tag or environment in \`${issuer}:sub\`; ${loose.map((s) => `\`${s}\``).join(", ")} lets every ref of the repository assume the role.`);
            }
        }
    }),
};

/** Claims that identify one repository or project in the tokens of GitHub and GitLab. */
const IDENTITY_CLAIMS = ["project_id", "project_path", "repository", "repository_id", "sub"];

export const vaultJwtRoleBoundToProject: ResourceValidationPolicy = {
    name: "vault-jwt-role-bound-to-project",
    description: "Checks whether Vault JWT roles (`role_type = jwt`) bind `bound_claims` to one project or repository (`project_id`, `project_path`, `repository`, ...) and set `bound_audiences`.",
    enforcementLevel: "mandatory",
    validateResource: validateResourceOfType(RESOURCES.vaultJwtRole, (_, args, report) => {
        const inputs = plainInputs(args.props);
        const roleType = str(inputs.roleType);
        if (roleType !== "jwt") return; // oidc (interactive) roles, or unknown
        const claims = inputs.boundClaims;
        if (isUnknown(claims)) return;
        const glob = str(inputs.boundClaimsType) === "glob";
        const bound = isObject(claims) ? Object.entries(claims).filter(([name]) => IDENTITY_CLAIMS.includes(name)) : [];
        if (bound.length === 0) {
            report(`${describe(args.type, args.name)} must bind \`bound_claims\` to one project (e.g. \`project_id\` and \`ref\`); without it any job of the issuer can log in.`);
        }
        for (const [name, value] of bound) {
            if (isUnknown(value)) continue;
            const values = (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === "string");
            if (glob && values.some(hasWildcard)) report(`${describe(args.type, args.name)} must bind \`bound_claims.${name}\` to one exact value, not a glob.`);
        }
        const audiences = inputs.boundAudiences;
        if (!isUnknown(audiences) && (!Array.isArray(audiences) || audiences.length === 0)) {
            report(`${describe(args.type, args.name)} must set \`bound_audiences\` to the \`aud\` the CI job requests for Vault.`);
        }
    }),
};

/** Services that send aws:SourceAccount / aws:SourceArn when they assume a role for a resource of yours. */
const SOURCE_AWARE_SERVICES = ["codebuild.amazonaws.com", "codepipeline.amazonaws.com", "events.amazonaws.com"];

// AWS's cross-service confused-deputy guidance; Prowler iam_role_cross_service_confused_deputy_prevention.
export const iamServiceTrustSourceAccount: ResourceValidationPolicy = {
    name: "iam-service-trust-source-account",
    description: "Checks whether roles that CodeBuild, CodePipeline or EventBridge assume limit the trust with `aws:SourceAccount` or `aws:SourceArn` (confused-deputy protection).",
    enforcementLevel: "advisory",
    validateResource: validateResourceOfType(RESOURCES.iamRole, (_, args, report) => {
        const statements = parseTrustPolicy(plainInputs(args.props).assumeRolePolicy);
        if (isUnknown(statements) || statements === "invalid") return;
        for (const statement of statements) {
            if (statement.effect !== "Allow" || statement.hasUnknown) continue;
            const services = (statement.principals.Service ?? []).filter((s) => SOURCE_AWARE_SERVICES.includes(s));
            if (services.length === 0) continue;
            const limited = ["aws:SourceAccount", "aws:SourceArn"].some((key) => Object.values(statement.conditions).some((entries) => Object.keys(entries).some((k) => k.toLowerCase() === key.toLowerCase())));
            if (!limited) {
                report(`${describe(args.type, args.name)} must limit the trust of ${services.map((s) => `\`${s}\``).join(", ")} with \`aws:SourceAccount\` and \`aws:SourceArn\` (the project, pipeline or rule that assumes it).`);
            }
        }
    }),
};

export const federationPolicies = [iamOidcTrustOneRepository, iamOidcTrustOneRef, vaultJwtRoleBoundToProject, iamServiceTrustSourceAccount];
