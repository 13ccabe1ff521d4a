// The identity resources a stack's CI consumers share: an account holds one IAM OIDC
// provider per issuer URL and Vault one auth method per path, so they are created once
// here for every consumer that needs them (not once per consumer).
import type * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import type * as vault from "@pulumi/vault";
import { type AccessibleSet, accessTags, readableSecrets, vaultPaths } from "../accessibleSet";
import type { ConsumerDeclaration } from "../consumers";
import { createGitLabJwtMount, createOidcProvider, gitlabJwtMountPath, type IdentityProviders, issuerResourceSuffix, oidcIssuersToCreate } from "./federatedAccess";

export const NO_IDENTITY_PROVIDERS: IdentityProviders = { oidcProviderArn: () => undefined, jwtMount: () => undefined };

export interface CreatedIdentityProviders extends IdentityProviders {
    readonly oidcProviders: ReadonlyMap<string, aws.iam.OpenIdConnectProvider>;
    readonly jwtMounts: ReadonlyMap<string, vault.jwt.AuthBackend>;
}

export function createIdentityProviders(set: AccessibleSet, declared: Readonly<Record<string, ConsumerDeclaration>>, parent?: pulumi.Resource): CreatedIdentityProviders {
    const entries = Object.values(declared);
    // A provider only for consumers that will have a role (some secret on AWS).
    const needingRole = entries.filter((d) => readableSecrets(set, d.secrets).length > 0);
    const oidcProviders = new Map<string, aws.iam.OpenIdConnectProvider>();
    for (const url of oidcIssuersToCreate(needingRole)) {
        const users = needingRole.filter((d) => d.githubActions !== undefined || d.gitlabCi !== undefined).flatMap((d) => d.secrets);
        oidcProviders.set(url, createOidcProvider(`${set.setName}-oidc-${issuerResourceSuffix(url)}`, url, accessTags(set, [...new Set(users)]), { parent }));
    }
    const jwtMounts = new Map<string, vault.jwt.AuthBackend>();
    for (const declaration of entries) {
        const gitlab = declaration.gitlabCi;
        if (gitlab?.vault === undefined || gitlab.vault.createMount === false || vaultPaths(set, declaration.secrets).length === 0) continue;
        const path = gitlabJwtMountPath(gitlab);
        if (!jwtMounts.has(path)) jwtMounts.set(path, createGitLabJwtMount(`${set.setName}-jwt-${path.replace(/[^A-Za-z0-9-]/g, "-")}`, gitlab, { parent }));
    }
    return {
        oidcProviders,
        jwtMounts,
        oidcProviderArn: (url) => oidcProviders.get(url)?.arn,
        jwtMount: (path) => jwtMounts.get(path),
    };
}
