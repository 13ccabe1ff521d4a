// Hard-coded credentials in ANY input of ANY resource that is not a Pulumi secret:
// secretlint's recommended detectors plus the shapes they lack (a credential name with
// a literal, hex and random keys under key names, `NAME=value` and `--password value`
// in scripts), looking inside JSON and YAML documents (container definitions,
// buildspecs, Vault data) and base64 user data. Findings name the kind of credential
// and the input path, never the text.
import { ResourceValidationPolicy } from "@pulumi/policy";
import { fixedFormatKind, isReferenceOrEmpty, namedValueKind, randomTokenKind, textCredentialKinds } from "./lib/credentials";
import { plainInputs, PlainObject } from "./lib/previewValues";
import { describe, ssmStore, TYPES } from "./lib/resourceKinds";
import { scanWithSecretlint } from "./lib/secretlintScan";
import { printableKey, StringLeaf, stringLeaves } from "./lib/stringInputs";

/** Inputs the dedicated hardcoded-* rules judge (with their own advice), so they are not reported twice. */
function judgedElsewhere(type: string, path: string, inputs: PlainObject): boolean {
    if (/^(tags|tagsAll|description)(\.|$)/.test(path)) return true;
    // A SecureString value that is not a Pulumi secret still lands in the state in plaintext: judged here.
    if (type === TYPES.ssmParameter) return ssmStore(inputs.type) === "ssm-string" && /^(value|insecureValue)$/.test(path);
    if (type === TYPES.lambdaFunction) return /^environment\.variables\.[^.]+$/.test(path);
    if (type === TYPES.codebuildProject) return /^environment\.environmentVariables\[\d+\]\.value$/.test(path);
    return false;
}

/** The top-level input a leaf sits in (`userData (base64-decoded).x` -> `userData`) for grouping. */
const fieldOf = (path: string) => path.split(/[ .[]/)[0] || "(inputs)";

// Cheap to skip: too short to be any credential secretlint knows.
const SECRETLINT_MIN_LENGTH = 8;

export interface InputFinding {
    readonly path: string;
    readonly name?: string;
    readonly kind: string;
}

/** Every credential finding in a resource's inputs (exported for tools and tests). */
export async function findHardcodedCredentials(type: string, props: unknown): Promise<InputFinding[]> {
    const inputs = plainInputs(props);
    const leaves = stringLeaves(props).filter((leaf) => !leaf.reference && !judgedElsewhere(type, leaf.path, inputs));
    const findings: InputFinding[] = [];
    const add = (leaf: StringLeaf, kind: string) => findings.push({ path: leaf.path, name: leaf.name, kind });
    const forSecretlint: StringLeaf[] = [];
    for (const leaf of leaves) {
        const fixed = fixedFormatKind(leaf.value);
        if (fixed) add(leaf, fixed);
        if (!leaf.structured) {
            const named = leaf.name !== undefined && !leaf.value.includes("\n") ? namedValueKind(leaf.name, leaf.value) : undefined;
            if (named) add(leaf, named);
            else if (!fixed) {
                const random = randomTokenKind(leaf.name, leaf.value);
                if (random) add(leaf, random);
            }
            if (/[=:\n]|\s-/.test(leaf.value)) for (const kind of textCredentialKinds(leaf.value)) add(leaf, kind);
        }
        // References (ARNs, parameter paths, `${...}`) name a secret; they cannot hold one.
        if (leaf.value.length >= SECRETLINT_MIN_LENGTH && !leaf.structured && !isReferenceOrEmpty(leaf.value)) forSecretlint.push(leaf);
    }
    for (const finding of await scanWithSecretlint(forSecretlint.map((leaf) => leaf.value))) add(forSecretlint[finding.index], finding.kind);
    return findings;
}

// CKV_SECRET_* (Checkov's secret scanning of every attribute), Trivy/KICS secret scanning;
// detectors from secretlint's recommended preset.
export const hardcodedCredentialsInInputs: ResourceValidationPolicy = {
    name: "hardcoded-credentials-in-inputs",
    description:
        "Checks whether any input of any resource that is not a Pulumi secret holds a credential (secretlint's recommended detectors, credential names with literals, hex keys, passwords in scripts, buildspecs, container definitions and base64 user data).",
    enforcementLevel: "mandatory",
    validateResource: async (args, report) => {
        const findings = await findHardcodedCredentials(args.type, args.props);
        if (findings.length === 0) return;
        const byPlace = new Map<string, Set<string>>();
        for (const finding of findings) {
            const place = finding.name && finding.name !== fieldOf(finding.path) ? `\`${finding.path}\` (\`${printableKey(finding.name)}\`)` : `\`${finding.path}\``;
            const kinds = byPlace.get(place) ?? new Set<string>();
            kinds.add(finding.kind);
            byPlace.set(place, kinds);
        }
        const parts = [...byPlace].map(([place, kinds]) => `${place} holds ${[...kinds].join(" and ")}`);
        report(`${describe(args.type, args.name)} must not hold credentials in plain inputs: ${parts.join("; ")}. Pass the value as a Pulumi secret or reference it (Secrets Manager / SSM \`SecureString\` / Vault) and read it at run time.`);
    },
};

export const hardcodedInputPolicies = [hardcodedCredentialsInInputs];
