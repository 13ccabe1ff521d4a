// Hard-coded credentials: literals that look like a key, token or password in places
// that are stored or shown in plaintext (a plaintext SSM `String`, a Lambda environment,
// a CodeBuild `PLAINTEXT` variable, tags, descriptions), with advice for each place.
// Like every credential rule they judge only inputs that are not Pulumi secrets (issue
// #10: "every string input that is not a Pulumi secret"); hardcodedInputs.ts covers
// every other input.
// Messages say what kind of credential a value
// looks like and where it is; they never repeat any part of it.
import { ResourceValidationArgs, ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";
import { credentialKind, EntropyThreshold, namedValueKind, textCredentialKinds } from "./lib/credentials";
import { scanWithSecretlint } from "./lib/secretlintScan";
import { isSecretInput } from "./lib/secretInputs";
import { printableKey } from "./lib/stringInputs";
import { readConfig } from "./lib/packConfig";
import { isObject, isUnknown, list, Plain, plainInputs, str } from "./lib/previewValues";
import { describe, RESOURCES, ssmStore } from "./lib/resourceKinds";

const entropySchema = {
    properties: {
        minLength: { type: "integer", minimum: 8, default: 20, description: "Shortest token judged by its entropy." },
        minBitsPerChar: { type: "number", minimum: 1, default: 4, description: "Shannon entropy (bits per character) from which a mixed-case alphanumeric token looks like a key." },
    },
} as const;

function thresholdOf(args: ResourceValidationArgs): EntropyThreshold {
    return readConfig<EntropyThreshold>(entropySchema, args.getConfig());
}

/** Why a named literal looks like a credential, or undefined (secretlint, fixed formats, entropy, name and shape). */
async function namedLiteralProblem(name: string, value: Plain, threshold: EntropyThreshold): Promise<string | undefined> {
    if (typeof value !== "string" || isUnknown(value)) return undefined;
    const kind = credentialKind(value, threshold) ?? (await scanWithSecretlint([value]))[0]?.kind ?? textCredentialKinds(value)[0];
    if (kind) return `holds ${kind}`;
    const named = namedValueKind(name, value);
    if (named === "a literal under a credential name") return "is named like a credential but holds a literal";
    if (named) return `is named like a key and holds ${named}`;
    return undefined;
}

// CKV_SECRET_2/CKV_SECRET_6 (AWS keys, high-entropy strings), Trivy secret scanning, KICS "Passwords And Secrets" queries.
export const hardcodedSsmStringValue: ResourceValidationPolicy = {
    name: "hardcoded-ssm-string-value",
    description: "Checks whether plaintext SSM parameters (`String`, `StringList`) hold no credential-looking value.",
    enforcementLevel: "mandatory",
    configSchema: entropySchema,
    validateResource: validateResourceOfType(RESOURCES.ssmParameter, async (_, args, report) => {
        const inputs = plainInputs(args.props);
        if (ssmStore(inputs.type) !== "ssm-string") return;
        const name = str(inputs.name);
        if (isSecretInput(args.props, [inputs.value !== undefined ? "value" : "insecureValue"]) === true) return;
        const problem = await namedLiteralProblem(typeof name === "string" ? name : args.name, inputs.value ?? inputs.insecureValue, thresholdOf(args));
        if (problem) {
            report(`${describe(args.type, args.name)} must not keep a credential in a plaintext \`String\`: the parameter ${problem}; use a \`SecureString\` or Secrets Manager.`);
        }
    }),
};

// CKV_AWS_45 (no hard-coded secrets in Lambda environment variables).
export const hardcodedLambdaEnvironment: ResourceValidationPolicy = {
    name: "hardcoded-lambda-environment",
    description: "Checks whether Lambda environment variables hold no credential-looking literal.",
    enforcementLevel: "mandatory",
    configSchema: entropySchema,
    validateResource: validateResourceOfType(RESOURCES.lambdaFunction, async (_, args, report) => {
        const environment = plainInputs(args.props).environment;
        const variables = isObject(environment) ? environment.variables : undefined;
        if (!isObject(variables)) return;
        const threshold = thresholdOf(args);
        for (const [key, value] of Object.entries(variables)) {
            if (isSecretInput(args.props, ["environment", "variables", key]) === true) continue;
            const problem = await namedLiteralProblem(key, value, threshold);
            if (problem) {
                report(`${describe(args.type, args.name)} must not put a credential in environment variable \`${printableKey(key)}\` (it ${problem}); pass a Secrets Manager ARN or SSM parameter name and read it at run time.`);
            }
        }
    }),
};

// New for CodeBuild `PLAINTEXT` variables (Checkov/Trivy secret scanning covers literals generally);
// AWS guidance: use PARAMETER_STORE / SECRETS_MANAGER variable types.
export const hardcodedCodebuildPlaintextEnvironment: ResourceValidationPolicy = {
    name: "hardcoded-codebuild-plaintext-environment",
    description: "Checks whether CodeBuild environment variables of type `PLAINTEXT` hold no credential-looking literal.",
    enforcementLevel: "mandatory",
    configSchema: entropySchema,
    validateResource: validateResourceOfType(RESOURCES.codebuildProject, async (_, args, report) => {
        const environment = plainInputs(args.props).environment;
        const variables = isObject(environment) ? list(environment.environmentVariables) : undefined;
        if (!Array.isArray(variables)) return;
        const threshold = thresholdOf(args);
        for (const [index, variable] of variables.entries()) {
            if (!isObject(variable)) continue;
            const type = str(variable.type) ?? "PLAINTEXT";
            const name = str(variable.name);
            if (typeof type !== "string" || type.toUpperCase() !== "PLAINTEXT" || typeof name !== "string") continue;
            if (isSecretInput(args.props, ["environment", "environmentVariables", String(index), "value"]) === true) continue;
            const problem = await namedLiteralProblem(name, variable.value, threshold);
            if (problem) {
                report(`${describe(args.type, args.name)} must not put a credential in \`PLAINTEXT\` variable \`${printableKey(name)}\` (it ${problem}); use \`type: "SECRETS_MANAGER"\` or \`"PARAMETER_STORE"\` with the secret's name.`);
            }
        }
    }),
};

// CKV_SECRET_* (generic secrets in any attribute), Trivy/KICS secret scanning of tags and descriptions.
export const hardcodedTagsAndDescriptions: ResourceValidationPolicy = {
    name: "hardcoded-tags-and-descriptions",
    description: "Checks whether resource tags and descriptions hold no credential-looking literal.",
    enforcementLevel: "mandatory",
    configSchema: entropySchema,
    validateResource: async (args, report) => {
        const inputs = plainInputs(args.props);
        const threshold = thresholdOf(args);
        const description = str(inputs.description);
        const tags = isObject(inputs.tags) ? Object.entries(inputs.tags).filter((e): e is [string, string] => typeof e[1] === "string" && !isUnknown(e[1])) : [];
        const texts = [...(typeof description === "string" && !isUnknown(description) ? [description] : []), ...tags.map(([, value]) => value)];
        // One secretlint call for the description and every tag value.
        const linted = new Map<number, string>();
        for (const finding of await scanWithSecretlint(texts)) if (!linted.has(finding.index)) linted.set(finding.index, finding.kind);
        const kindAt = (index: number) => credentialKind(texts[index], threshold) ?? linted.get(index);
        if (typeof description === "string" && !isUnknown(description)) {
            const kind = kindAt(0) ?? textCredentialKinds(description)[0];
            if (kind) report(`${describe(args.type, args.name)} must not have a \`description\` that holds ${kind}.`);
        }
        const offset = texts.length - tags.length;
        tags.forEach(([key, value], index) => {
            const tagKind = kindAt(offset + index) ?? namedValueKind(key, value);
            if (tagKind) report(`${describe(args.type, args.name)} must not have a tag \`${printableKey(key)}\` whose value holds ${tagKind}.`);
        });
    },
};

export const hardcodedPolicies = [hardcodedSsmStringValue, hardcodedLambdaEnvironment, hardcodedCodebuildPlaintextEnvironment, hardcodedTagsAndDescriptions];
