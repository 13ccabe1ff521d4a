// OIDC web-identity trust as the pack and the components both read it: the issuers of
// CI systems, the audience STS expects, and which part of a `sub` claim names the
// repository/project (a wildcard there would let every repository assume the role).

export const GITHUB_OIDC_ISSUER = "token.actions.githubusercontent.com";
export const STS_AUDIENCE = "sts.amazonaws.com";
export const WEB_IDENTITY_ACTION = "sts:AssumeRoleWithWebIdentity";

/** Claim prefixes whose next segment (up to `:`) is the repository or project identity. */
const IDENTITY_PREFIXES: readonly { readonly prefix: string; readonly end: string }[] = [
    { prefix: "repo:", end: ":" }, // GitHub: repo:<owner>/<repo>:ref:refs/heads/main
    { prefix: "project_path:", end: ":ref_type:" }, // GitLab: project_path:<group>/<project>:ref_type:branch:ref:main
];

export function hasWildcard(text: string): boolean {
    return text.includes("*") || text.includes("?");
}

/**
 * The repository/project part of a `sub` value, or the whole value for other issuers
 * (EKS service accounts, ...). `repo:acme/*:ref:...` -> `acme/*`.
 */
export function subjectIdentity(subject: string): string {
    for (const { prefix, end } of IDENTITY_PREFIXES) {
        if (!subject.startsWith(prefix)) continue;
        const rest = subject.slice(prefix.length);
        const stop = rest.indexOf(end);
        return stop === -1 ? rest : rest.slice(0, stop);
    }
    return subject;
}

/** True when the subject names no single repository (a wildcard in its identity, or no owner/name). */
export function subjectSpansRepositories(subject: string): boolean {
    const identity = subjectIdentity(subject);
    return hasWildcard(identity) || identity === "";
}
