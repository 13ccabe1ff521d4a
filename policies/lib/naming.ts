// Names of stored secrets, in one place so that the components that create them
// and the policies that read them back agree.

/** Secret names: lower-case letters, digits and dashes, starting with a letter. */
export const SECRET_NAME_PATTERN = /^[a-z][a-z0-9-]*$/;
export const SECRET_NAME_MAX_LENGTH = 64;

/** Normalised form used to detect two names that would collide (`Docker_Password` vs `docker-password`). */
export function normaliseSecretName(name: string): string {
    return name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
}

export function ssmParameterName(environment: string, app: string, name: string): string {
    return `/${environment}/${app}/${name}`;
}

export function secretsManagerName(environment: string, app: string, name: string): string {
    return `${environment}/${app}/${name}`;
}

/** Path of a secret inside its Vault KV v2 mount. */
export function vaultSecretPath(environment: string, app: string, name: string): string {
    return `${environment}/${app}/${name}`;
}

export function kmsAliasName(environment: string, app: string, suffix?: string): string {
    return suffix ? `alias/${environment}-${app}-${suffix}-secrets` : `alias/${environment}-${app}-secrets`;
}

/**
 * The environment a stored name belongs to: the first path segment of an SSM
 * name (`/dev/app/x`), a Secrets Manager name (`dev/app/x`) or a Vault path.
 * Returns undefined for names that do not follow the convention.
 */
export function environmentOfName(name: string): string | undefined {
    const segments = name.replace(/^\//, "").split("/");
    return segments.length >= 3 && segments[0] !== "" ? segments[0] : undefined;
}
