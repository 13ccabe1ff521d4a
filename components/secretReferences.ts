// References to a set's secrets for the places consumers read them: a Lambda
// environment, an ECS container's `secrets`, a CodeBuild project. Always a name or
// ARN of the store, never the value. The consumer's role still needs `grantRead`.
import * as pulumi from "@pulumi/pulumi";
import type { StoredSecret } from "./storedSecret";

/** Where one secret can be read on AWS. Secrets Manager wins when the secret is in both. */
export interface SecretLocation {
    readonly secretArn?: string;
    readonly ssmParameterName?: string;
    readonly ssmParameterArn?: string;
    /** JSON field of a generated JSON document (`generate.jsonKey`). */
    readonly jsonKey?: string;
}

/** An ECS container definition's `secrets` entry. */
export interface EcsContainerSecret {
    readonly name: string;
    readonly valueFrom: pulumi.Input<string>;
}

/** A CodeBuild `environmentVariables` entry: a reference type, never PLAINTEXT. */
export interface CodeBuildReference {
    readonly name: string;
    readonly type: pulumi.Input<"PARAMETER_STORE" | "SECRETS_MANAGER">;
    readonly value: pulumi.Input<string>;
}

/** Finds a secret's location (throwing, or failing the deployment, for an unknown or Vault-only secret). */
export type LocationLookup = (key: string, use: string) => pulumi.Input<SecretLocation>;

const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function entries(mapping: Readonly<Record<string, string>>, use: string): [string, string][] {
    return Object.keys(mapping)
        .sort()
        .map((variable) => {
            if (!VARIABLE_NAME.test(variable)) {
                throw new pulumi.RunError(`${use}: \`${variable}\` is not a valid environment variable name; use letters, digits and \`_\`, not starting with a digit.`);
            }
            return [variable, mapping[variable]];
        });
}

/** Lambda variable value: the Secrets Manager ARN, or the SSM parameter name (what the Parameters and Secrets extension reads). */
export function lambdaReference(location: SecretLocation): string {
    return (location.secretArn ?? location.ssmParameterName) as string;
}

/** ECS `valueFrom`: the secret ARN (`<arn>:<jsonKey>::` for a JSON document) or the parameter ARN. */
export function ecsReference(location: SecretLocation): string {
    if (location.secretArn !== undefined) return location.jsonKey !== undefined ? `${location.secretArn}:${location.jsonKey}::` : location.secretArn;
    return location.ssmParameterArn as string;
}

/** CodeBuild: SECRETS_MANAGER with the ARN (`ARN:<jsonKey>`), or PARAMETER_STORE with the parameter name. */
export function codeBuildReference(location: SecretLocation): { type: "PARAMETER_STORE" | "SECRETS_MANAGER"; value: string } {
    if (location.secretArn !== undefined) {
        return { type: "SECRETS_MANAGER", value: location.jsonKey !== undefined ? `${location.secretArn}:${location.jsonKey}` : location.secretArn };
    }
    return { type: "PARAMETER_STORE", value: location.ssmParameterName as string };
}

export function lambdaEnvironmentOf(lookup: LocationLookup, mapping: Readonly<Record<string, string>>): Record<string, pulumi.Output<string>> {
    const variables: Record<string, pulumi.Output<string>> = {};
    for (const [variable, key] of entries(mapping, "lambdaEnvironment")) {
        variables[variable] = pulumi.output(lookup(key, "lambdaEnvironment")).apply((l) => lambdaReference(l as SecretLocation));
    }
    return variables;
}

export function ecsSecretsOf(lookup: LocationLookup, mapping: Readonly<Record<string, string>>): EcsContainerSecret[] {
    return entries(mapping, "ecsSecrets").map(([variable, key]) => ({
        name: variable,
        valueFrom: pulumi.output(lookup(key, "ecsSecrets")).apply((l) => ecsReference(l as SecretLocation)),
    }));
}

export function codeBuildEnvironmentOf(lookup: LocationLookup, mapping: Readonly<Record<string, string>>): CodeBuildReference[] {
    return entries(mapping, "codeBuildEnvironment").map(([variable, key]) => {
        const reference = pulumi.output(lookup(key, "codeBuildEnvironment")).apply((l) => codeBuildReference(l as SecretLocation));
        return { name: variable, type: reference.type, value: reference.value };
    });
}

/** A secret of this program's set, for `localLookup`. */
export interface LocalSecret {
    readonly vaultOnly: boolean;
    readonly location: pulumi.Input<SecretLocation>;
}

/** The lookup over a set's own secrets: unknown keys and Vault-only secrets are refused at once. */
export function localLookup(setName: string, secrets: Readonly<Record<string, LocalSecret>>): LocationLookup {
    return (key, use) => {
        const secret = secrets[key];
        if (secret === undefined) {
            throw new pulumi.RunError(`${use}: secret \`${key}\` is not declared in SecretSet \`${setName}\`; use one of ${Object.keys(secrets).map((k) => `\`${k}\``).join(", ")}.`);
        }
        if (secret.vaultOnly) {
            throw new pulumi.RunError(`${use}: secret \`${key}\` of SecretSet \`${setName}\` is stored only in Vault; AWS consumers can reference only secrets on AWS (add \`aws\` to its \`backends\`).`);
        }
        return secret.location;
    };
}

/** The lookup over what a SecretSet stored: where each secret is on AWS, and which are Vault-only. */
export function storedSecretsLookup(setName: string, stored: Readonly<Record<string, StoredSecret>>): LocationLookup {
    const secrets: Record<string, LocalSecret> = {};
    for (const secret of Object.values(stored)) {
        secrets[secret.key] = {
            vaultOnly: secret.ssmParameter === undefined && secret.secret === undefined,
            location: pulumi.output({
                ...(secret.ssmParameter !== undefined && secret.plan.ssm !== undefined ? { ssmParameterName: secret.plan.ssm.name, ssmParameterArn: secret.ssmParameter.arn } : {}),
                ...(secret.secret !== undefined ? { secretArn: secret.secret.arn } : {}),
                ...(secret.declaration.generate?.jsonKey !== undefined ? { jsonKey: secret.declaration.generate.jsonKey } : {}),
            }) as pulumi.Output<SecretLocation>,
        };
    }
    return localLookup(setName, secrets);
}
