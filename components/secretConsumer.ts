// One consumer of a SecretSet (`secretset:index:SecretConsumer`): its IAM role (new
// or existing) with exact read grants, an optional CodeBuild project, and an
// optional Vault policy with an AppRole role.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as vault from "@pulumi/vault";
import { type AccessibleSet, accessTags, codeBuildSources, readableSecrets, vaultPaths } from "./accessibleSet";
import { type CodeBuildConsumer, codeBuildVariables, createCodeBuildConsumer } from "./codebuild";
import { assertValidConsumers, type ConsumerDeclaration } from "./consumers";
import { roleNameFromReference } from "./grantees";
import { attachReadPolicy, serviceTrustPolicy } from "./grants";
import type { SecretDeclaration } from "./types";
import { createAppRoleMount, createVaultReadAccess, DEFAULT_APPROLE_MOUNT_PATH, type VaultReadAccess } from "./vaultAccess";
import { type IdentityProviders, createGitLabJwtRole, federatedTrustPolicy, gitlabJwtMountPath } from "./federation/federatedAccess";
import { createIdentityProviders, NO_IDENTITY_PROVIDERS } from "./federation/identityProviders";
import { ImagePipeline } from "./pipeline/imagePipeline";
import { serviceTrustInAccount } from "./pipeline/pipelinePolicies";

export interface SecretConsumerArgs {
    readonly set: AccessibleSet;
    readonly declaration: ConsumerDeclaration;
    /** AppRole auth method shared by the set's consumers (see `createSecretConsumers`). */
    readonly appRoleMount?: vault.AuthBackend;
    /** OIDC providers and Vault JWT mounts shared by the set's `githubActions` / `gitlabCi` consumers. */
    readonly identityProviders?: IdentityProviders;
}

/** Role name from a name or an ARN (`arn:aws:iam::123456789012:role/path/name`). */
export const roleNameOf = roleNameFromReference;

/** Physical names are `<environment>-<app>-<consumer>`; CodeBuild allows 255, IAM roles are auto-named. */
export function consumerResourceName(set: AccessibleSet, consumer: string): string {
    return `${set.environment}-${set.app}-${consumer}`;
}

export class SecretConsumer extends pulumi.ComponentResource {
    /** The role created for the consumer; undefined when it uses an existing role or reads only Vault. */
    readonly role?: aws.iam.Role;
    /** Name of the role holding the read grant. */
    readonly roleName?: pulumi.Output<string>;
    readonly readPolicy?: aws.iam.RolePolicy;
    readonly codebuild?: CodeBuildConsumer;
    readonly vaultAccess?: VaultReadAccess;
    /** ARN of the created role (what a GitHub/GitLab job assumes); undefined for an existing role. */
    readonly roleArn?: pulumi.Output<string>;
    /** `jenkins.instanceProfile`: the profile the Jenkins agents run with. */
    readonly instanceProfile?: aws.iam.InstanceProfile;
    /** `gitlabCi.vault`: the JWT role GitLab jobs log in to Vault with. */
    readonly vaultJwtRole?: vault.jwt.AuthBackendRole;
    /** `pipeline`: the CodePipeline whose build stage is this consumer's project. */
    readonly pipeline?: ImagePipeline;

    constructor(consumer: string, args: SecretConsumerArgs, opts?: pulumi.ComponentResourceOptions) {
        // Validate before super(): on a problem not even the component is registered.
        assertValidConsumers({ [consumer]: args.declaration }, declarationsOf(args.set));
        const name = `${args.set.setName}-consumer-${consumer}`;
        super("secretset:index:SecretConsumer", name, {}, opts);
        const { set, declaration } = args;

        const childOpts: pulumi.CustomResourceOptions = { parent: this };
        const tags = accessTags(set, declaration.secrets);
        const readable = readableSecrets(set, declaration.secrets);

        if (readable.length > 0) {
            if (declaration.role?.existing !== undefined) {
                const roleName = roleNameFromReference(declaration.role.existing);
                this.roleName = pulumi.output(roleName);
                // Several consumers may share one existing role: the consumer's name keeps their
                // grants (resource and inline policy names) apart. Earlier name kept as an alias.
                this.readPolicy = attachReadPolicy(
                    // The name or ARN as declared: an ARN of another account is refused, naming crossAccountReaders.
                    { setName: set.setName, grantee: declaration.role.existing, secrets: readable, qualifier: consumer, aliases: [{ name: `${set.setName}-read-${roleName}` }] },
                    childOpts,
                );
            } else {
                const principals = new Set(declaration.role?.assumedBy ?? []);
                if (declaration.codebuild !== undefined) principals.add("codebuild.amazonaws.com");
                if (declaration.jenkins?.instanceProfile === true) principals.add("ec2.amazonaws.com");
                const federatedTrust = federatedTrustPolicy(consumer, declaration, args.identityProviders ?? NO_IDENTITY_PROVIDERS);
                this.role = new aws.iam.Role(
                    `${name}-role`,
                    {
                        assumeRolePolicy: federatedTrust ?? codeBuildProjectTrust(set, consumer, declaration, principals, this) ?? serviceTrustPolicy([...principals].sort()),
                        description: `Reads SecretSet ${set.setName} secrets for ${consumer}`,
                        tags,
                    },
                    childOpts,
                );
                this.roleName = this.role.name;
                this.roleArn = this.role.arn;
                if (declaration.jenkins?.instanceProfile === true) {
                    this.instanceProfile = new aws.iam.InstanceProfile(`${name}-instance-profile`, { name: consumerResourceName(set, consumer), role: this.role.name, tags }, childOpts);
                }
                this.readPolicy = attachReadPolicy({ setName: set.setName, grantee: this.role, secrets: readable }, childOpts);
            }
        }

        if (declaration.codebuild !== undefined && this.role !== undefined) {
            const codebuildArgs = {
                resourcePrefix: name,
                projectName: consumerResourceName(set, consumer),
                role: this.role,
                variables: codeBuildVariables(consumer, declaration.codebuild.environmentVariables, codeBuildSources(set)),
                settings: declaration.codebuild,
                tags,
            };
            // The project must not start a build before it may read what it references.
            const readFirst = this.readPolicy === undefined ? [] : [this.readPolicy];
            if (declaration.pipeline !== undefined) {
                this.pipeline = new ImagePipeline(
                    `${name}-delivery`,
                    { physicalName: consumerResourceName(set, consumer), ecrPrefix: `${set.environment}-${set.app}`, settings: declaration.pipeline, codebuild: codebuildArgs, tags, buildDependsOn: readFirst },
                    { parent: this },
                );
                this.codebuild = this.pipeline.codebuild;
            } else {
                this.codebuild = createCodeBuildConsumer(codebuildArgs, { parent: this, dependsOn: readFirst });
            }
        }

        const paths = vaultPaths(set, declaration.secrets);
        if (paths.length > 0 && set.vaultMount !== undefined) {
            this.vaultAccess = createVaultReadAccess(
                name,
                {
                    policyName: consumerResourceName(set, consumer),
                    mount: set.vaultMount,
                    paths,
                    includeMetadata: declaration.vault?.includeMetadata,
                    appRole: declaration.vault?.appRole,
                    appRoleMountPath: args.appRoleMount?.path,
                },
                { parent: this, dependsOn: args.appRoleMount === undefined ? [] : [args.appRoleMount] },
            );
            const gitlab = declaration.gitlabCi;
            if (gitlab?.vault !== undefined) {
                const mount = (args.identityProviders ?? NO_IDENTITY_PROVIDERS).jwtMount(gitlabJwtMountPath(gitlab));
                this.vaultJwtRole = createGitLabJwtRole(`${name}-jwt-role`, consumerResourceName(set, consumer), gitlab, this.vaultAccess.policy.name, {
                    parent: this,
                    dependsOn: mount === undefined ? [] : [mount],
                });
            }
        }

        this.registerOutputs({
            roleName: this.roleName,
            roleArn: this.roleArn,
            codebuildProject: this.codebuild?.project?.name,
            vaultPolicy: this.vaultAccess?.policy.name,
            instanceProfile: this.instanceProfile?.name,
            pipeline: this.pipeline?.pipeline.name,
            vaultJwtRole: this.vaultJwtRole?.roleName,
        });
    }
}

/**
 * A role only CodeBuild assumes, for a project SecretSet creates: trusted for that
 * project of this account only (aws:SourceAccount, aws:SourceArn). Undefined otherwise
 * (other principals do not all send these keys).
 */
function codeBuildProjectTrust(set: AccessibleSet, consumer: string, declaration: ConsumerDeclaration, principals: ReadonlySet<string>, parent: pulumi.Resource): pulumi.Output<string> | undefined {
    if (declaration.codebuild === undefined || declaration.codebuild.createProject === false || principals.size !== 1) return undefined;
    const opts = { parent };
    const identity = aws.getCallerIdentityOutput({}, opts);
    const region = aws.getRegionOutput({}, opts);
    const partition = aws.getPartitionOutput({}, opts);
    const projectArn = pulumi.interpolate`arn:${partition.partition}:codebuild:${region.region}:${identity.accountId}:project/${consumerResourceName(set, consumer)}`;
    return pulumi.all([identity.accountId, projectArn]).apply(([account, arn]) => serviceTrustInAccount("codebuild.amazonaws.com", account, arn));
}

function declarationsOf(set: AccessibleSet): Record<string, SecretDeclaration> {
    const declarations: Record<string, SecretDeclaration> = {};
    for (const [key, secret] of Object.entries(set.secrets)) declarations[key] = secret.declaration;
    return declarations;
}

/**
 * Every consumer of `secretset:consumers`: validated together first (one error
 * listing all problems), then one AppRole auth method per mount path that asks to
 * be created, then one SecretConsumer each. `consumers` is the raw config object.
 */
export function createSecretConsumers(set: AccessibleSet, consumers: unknown, opts?: pulumi.ComponentResourceOptions): Record<string, SecretConsumer> {
    assertValidConsumers(consumers, declarationsOf(set));
    const declared = (consumers ?? {}) as Record<string, ConsumerDeclaration>;

    const mounts = new Map<string, vault.AuthBackend>();
    for (const declaration of Object.values(declared)) {
        const appRole = declaration.vault?.appRole;
        if (appRole === undefined || appRole.createMount === false || vaultPaths(set, declaration.secrets).length === 0) continue;
        const path = appRole.mountPath ?? DEFAULT_APPROLE_MOUNT_PATH;
        if (!mounts.has(path)) {
            mounts.set(path, createAppRoleMount(`${set.setName}-approle-${path.replace(/[^A-Za-z0-9-]/g, "-")}`, path, { parent: opts?.parent }));
        }
    }

    const identityProviders = createIdentityProviders(set, declared, opts?.parent);

    const created: Record<string, SecretConsumer> = {};
    for (const [consumer, declaration] of Object.entries(declared)) {
        const path = declaration.vault?.appRole?.mountPath ?? DEFAULT_APPROLE_MOUNT_PATH;
        created[consumer] = new SecretConsumer(consumer, { set, declaration, appRoleMount: declaration.vault?.appRole ? mounts.get(path) : undefined, identityProviders }, opts);
    }
    return created;
}
