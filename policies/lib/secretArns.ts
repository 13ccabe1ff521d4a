// Matching IAM `Resource` patterns against the secrets and parameters of a stack.
import { wildcardMatches } from "./iamDocument";

export interface StoredSecretIdentity {
    /** Secrets Manager name (`dev/app/x`) or SSM parameter name (`/dev/app/x`). */
    readonly name?: string;
    readonly arn?: string;
}

// Secrets Manager appends `-` and six random characters to a secret's name in its ARN.
const ARN_SUFFIX_EXAMPLE = "-AbCdEf";

/** The name part of a Secrets Manager secret ARN pattern, `*` for `*`, undefined otherwise. */
export function secretNamePattern(resource: string): string | undefined {
    if (resource === "*") return "*";
    const match = /^arn:[^:]*:secretsmanager:[^:]*:[^:]*:secret:(.*)$/.exec(resource);
    return match ? match[1] : undefined;
}

/** The parameter name (with its leading `/`) of an SSM parameter ARN pattern, `*` for `*`. */
export function parameterNamePattern(resource: string): string | undefined {
    if (resource === "*") return "*";
    const match = /^arn:[^:]*:ssm:[^:]*:[^:]*:parameter(\/.*)$/.exec(resource);
    return match ? match[1] : undefined;
}

export function matchesSecret(resource: string, secret: StoredSecretIdentity): boolean {
    if (secret.arn && wildcardMatches(resource, secret.arn, false)) return true;
    const pattern = secretNamePattern(resource);
    if (pattern === undefined || !secret.name) return false;
    return wildcardMatches(pattern, secret.name, false) || wildcardMatches(pattern, secret.name + ARN_SUFFIX_EXAMPLE, false);
}

export function matchesParameter(resource: string, parameter: StoredSecretIdentity): boolean {
    if (parameter.arn && wildcardMatches(resource, parameter.arn, false)) return true;
    const pattern = parameterNamePattern(resource);
    if (pattern === undefined || !parameter.name) return false;
    const name = parameter.name.startsWith("/") ? parameter.name : `/${parameter.name}`;
    return wildcardMatches(pattern, name, false);
}

const hasWildcard = (resource: string) => resource.includes("*") || resource.includes("?");
const truthy = (values: (string | undefined)[]) => new Set(values.filter((v): v is string => !!v));

/**
 * `resource => secrets.some((s) => matchesSecret(resource, s))`, for checking many
 * resources against a whole stack: a pattern without wildcards can only match an ARN
 * or name exactly, so it is looked up instead of compared with every secret.
 */
export function anySecretMatcher(secrets: readonly StoredSecretIdentity[]): (resource: string) => boolean {
    const arns = truthy(secrets.map((s) => s.arn));
    const names = truthy(secrets.map((s) => s.name));
    return (resource) => {
        if (hasWildcard(resource)) return secrets.some((s) => matchesSecret(resource, s));
        if (arns.has(resource)) return true;
        const name = secretNamePattern(resource);
        if (name === undefined) return false;
        return names.has(name) || (name.endsWith(ARN_SUFFIX_EXAMPLE) && names.has(name.slice(0, -ARN_SUFFIX_EXAMPLE.length)));
    };
}

/** `resource => parameters.some((p) => matchesParameter(resource, p))`, exact patterns by lookup. */
export function anyParameterMatcher(parameters: readonly StoredSecretIdentity[]): (resource: string) => boolean {
    const arns = truthy(parameters.map((p) => p.arn));
    const names = truthy(parameters.map((p) => (p.name ? (p.name.startsWith("/") ? p.name : `/${p.name}`) : undefined)));
    return (resource) => {
        if (hasWildcard(resource)) return parameters.some((p) => matchesParameter(resource, p));
        if (arns.has(resource)) return true;
        const name = parameterNamePattern(resource);
        return name !== undefined && names.has(name);
    };
}

/** True when the pattern names exactly this secret (its ARN, or its name with the ARN suffix left open). */
export function namesSecretExactly(resource: string, secret: StoredSecretIdentity): boolean {
    if (secret.arn && resource === secret.arn) return true;
    const pattern = secretNamePattern(resource);
    if (pattern === undefined || !secret.name) return false;
    return [secret.name, `${secret.name}-??????`, `${secret.name}-*`, `${secret.name}*`].includes(pattern);
}
