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

/** True when the pattern names exactly this secret (its ARN, or its name with the ARN suffix left open). */
export function namesSecretExactly(resource: string, secret: StoredSecretIdentity): boolean {
    if (secret.arn && resource === secret.arn) return true;
    const pattern = secretNamePattern(resource);
    if (pattern === undefined || !secret.name) return false;
    return [secret.name, `${secret.name}-??????`, `${secret.name}-*`, `${secret.name}*`].includes(pattern);
}
