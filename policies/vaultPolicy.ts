// Vault policy documents (`vault.Policy`), parsed with HashiCorp's HCL parser: the
// document must parse; no `sudo`/`root`; nothing on a root-wide path; no system
// backend, auth or identity paths beyond a token's own self-service; no reads across
// apps or environments; writes only in the stack's own environment. Messages name
// the kind of path and count rules; they never quote a path from the document.
import { ResourceValidationArgs, ResourceValidationPolicy, ReportViolation, validateResourceOfType } from "@pulumi/policy";
import { ENVIRONMENT_PROPERTY, readConfig } from "./lib/packConfig";
import { isUnknown, plainInputs, str } from "./lib/previewValues";
import { describe, RESOURCES } from "./lib/resourceKinds";
import { firstGlobSegment, grants, kvScope, parseVaultPolicy, segmentsOf, VAULT_WRITE_CAPABILITIES, VaultPathRule } from "./lib/vaultPolicyHcl";

type RuleCheck = (rules: readonly VaultPathRule[], args: ResourceValidationArgs, report: ReportViolation) => void;

/** Runs `check` on the parsed rules of a Vault policy; unknown text waits, unparseable text is vault-policy-parseable's. */
function onPolicyRules(check: RuleCheck) {
    return validateResourceOfType(RESOURCES.vaultPolicy, async (_, args, report) => {
        const text = str(plainInputs(args.props).policy);
        if (typeof text !== "string" || isUnknown(text)) return;
        const rules = await parseVaultPolicy(text);
        if (rules !== "invalid") check(rules, args, report);
    });
}

const count = (rules: readonly VaultPathRule[]) => `${rules.length} path rule${rules.length === 1 ? "" : "s"}`;

// New: a document the pack cannot read would hide every other Vault rule.
export const vaultPolicyParseable: ResourceValidationPolicy = {
    name: "vault-policy-parseable",
    description: "Checks whether a Vault policy document is valid HCL or Vault's JSON policy form, so that every other Vault rule can read it.",
    enforcementLevel: "mandatory",
    validateResource: validateResourceOfType(RESOURCES.vaultPolicy, async (_, args, report) => {
        const text = str(plainInputs(args.props).policy);
        if (typeof text !== "string" || isUnknown(text)) return;
        if ((await parseVaultPolicy(text)) === "invalid") {
            report(`${describe(args.type, args.name)} must be a valid HCL or JSON Vault policy (\`path "<path>" { capabilities = [...] }\`).`);
        }
    }),
};

// New (Vault hardening guide: avoid `*` paths). No public IaC scanner covers Vault policies.
export const vaultPolicyNoWildcardPath: ResourceValidationPolicy = {
    name: "vault-policy-no-wildcard-path",
    description: "Checks whether a Vault policy grants nothing on a root-wide path (a glob in the first segment: `*`, `+/...`, `se*`).",
    enforcementLevel: "mandatory",
    validateResource: onPolicyRules((rules, args, report) => {
        const wide = rules.filter((rule) => grants(rule) && firstGlobSegment(rule.path) === 0);
        if (wide.length > 0) report(`${describe(args.type, args.name)} must not grant capabilities on a root-wide path (${count(wide)}); grant on the mount and path of each secret.`);
    }),
};

// New (Vault hardening guide: `sudo` and root policies only for operators).
export const vaultPolicyNoSudoRoot: ResourceValidationPolicy = {
    name: "vault-policy-no-sudo-root",
    description: "Checks whether a Vault policy grants no `sudo` or `root` capability on any path (legacy `policy = \"sudo\"` included).",
    enforcementLevel: "mandatory",
    validateResource: onPolicyRules((rules, args, report) => {
        const elevated = rules.filter((rule) => rule.capabilities.includes("sudo") || rule.capabilities.includes("root"));
        if (elevated.length > 0) report(`${describe(args.type, args.name)} must not grant \`sudo\` or \`root\` (${count(elevated)}).`);
    }),
};

// What any token may do on itself (Vault's `default` policy); everything else under sys/ and auth/ is operator ground.
const SELF_SERVICE_PATHS = new Set([
    "sys/capabilities-self",
    "sys/leases/renew",
    "sys/leases/lookup",
    "sys/renew",
    "sys/tools/hash",
    "sys/wrapping/wrap",
    "sys/wrapping/lookup",
    "sys/wrapping/unwrap",
    "sys/control-group/request",
    "sys/internal/ui/resultant-acl",
    "sys/tools/hash/*",
    "sys/mfa/challenge",
    "identity/mfa/method/totp/generate",
    "identity/mfa/method/totp/destroy",
    "identity/oidc/provider/+/authorize",
    "auth/token/lookup-self",
    "auth/token/renew-self",
    "auth/token/revoke-self",
]);

/** sys/, auth/ (but a login endpoint) and identity/ writes: who may reconfigure Vault or mint identities. */
function operatorArea(rule: VaultPathRule): "system backend (`sys/`)" | "token creation (`auth/token/create`)" | "auth method (`auth/`)" | "identity (`identity/`)" | undefined {
    const segments = segmentsOf(rule.path);
    const normalised = segments.join("/").replace(/\/+$/, "");
    if (!grants(rule) || SELF_SERVICE_PATHS.has(normalised)) return undefined;
    const [first, second, third] = segments;
    if (first === "sys") return "system backend (`sys/`)";
    if (first === "auth") {
        const glob = firstGlobSegment(rule.path);
        if (second === "token" && (third === undefined || third.startsWith("create") || glob === 2)) return "token creation (`auth/token/create`)";
        // `auth/<mount>/login` is how a client logs in; it grants nothing by itself.
        if (glob < 0 && segments.length === 3 && third === "login") return undefined;
        return "auth method (`auth/`)";
    }
    if (first === "identity" && rule.capabilities.some((c) => VAULT_WRITE_CAPABILITIES.includes(c) || c === "sudo")) return "identity (`identity/`)";
    return undefined;
}

// New (Vault hardening guide: policies for applications never touch sys/, auth/ or token creation).
export const vaultPolicyNoOperatorPaths: ResourceValidationPolicy = {
    name: "vault-policy-no-operator-paths",
    description: "Checks whether a Vault policy grants nothing on system backend (`sys/`), auth method (`auth/`, token creation) or identity write paths, beyond a token's own self-service paths (`auth/token/lookup-self`, `sys/leases/renew`, ...).",
    enforcementLevel: "mandatory",
    validateResource: onPolicyRules((rules, args, report) => {
        const areas = new Map<string, number>();
        for (const rule of rules) {
            const area = operatorArea(rule);
            if (area) areas.set(area, (areas.get(area) ?? 0) + 1);
        }
        if (areas.size > 0) {
            const parts = [...areas].map(([area, n]) => `${area}: ${n} path rule${n === 1 ? "" : "s"}`);
            report(`${describe(args.type, args.name)} must not grant operator paths (${parts.join("; ")}); an application policy grants only its own secrets' paths.`);
        }
    }),
};

/** A grant that reaches more than one app's or environment's secrets. */
function crossScope(rule: VaultPathRule): boolean {
    // `cubbyhole/` is each token's private storage (Vault's default policy grants `cubbyhole/*`).
    if (!grants(rule) || segmentsOf(rule.path)[0] === "cubbyhole") return false;
    if (segmentsOf(rule.path).some((segment) => segment === ".." || segment === ".")) return true; // climbs out of its scope
    const glob = firstGlobSegment(rule.path);
    if (glob === 1) return true; // `{mount}/*`: the whole mount
    const scope = kvScope(rule.path);
    if (scope !== undefined) return scope.environment === "*" || scope.app === "*";
    // Other engines and KV v1: `{mount}/{role|key|environment}/...` -- `transit/decrypt/*`,
    // `database/creds/+`, `kv/prod/*` reach every key, role or app of the mount.
    return glob === 2;
}

// New: the `{mount}/data/{environment}/{app}/...` layout only isolates apps if no grant spans it.
export const vaultPolicyNoCrossScopeAccess: ResourceValidationPolicy = {
    name: "vault-policy-no-cross-scope-access",
    description:
        "Checks whether a Vault policy grants nothing across apps or environments: no mount-wide glob; on KV v2 paths `{mount}/data|metadata/{environment}/{app}/...` no glob (`*`, `+`, `prod*`) or missing segment in the environment or app position; on other paths (KV v1, transit, database, ...) no glob in the third segment (`transit/decrypt/*`, `kv/prod/*`).",
    enforcementLevel: "mandatory",
    validateResource: onPolicyRules((rules, args, report) => {
        const wide = rules.filter(crossScope);
        if (wide.length > 0) {
            report(`${describe(args.type, args.name)} must grant only one app's paths in one environment (${count(wide)} span several apps or environments); name \`{mount}/data/{environment}/{app}/...\` in full.`);
        }
    }),
};

const environmentSchema = { properties: { environment: ENVIRONMENT_PROPERTY } };

// New: keeps a dev stack's Vault policies from writing prod paths.
export const vaultPolicyOwnEnvironmentWrites: ResourceValidationPolicy = {
    name: "vault-policy-own-environment-writes",
    description: "Checks whether a Vault policy writes (create, update, patch, delete) only to KV paths of the stack's own environment.",
    enforcementLevel: "mandatory",
    configSchema: environmentSchema,
    validateResource: onPolicyRules((rules, args, report) => {
        const { environment } = readConfig<{ environment: string }>(environmentSchema, args.getConfig());
        if (environment === "") args.notApplicable("no `environment` in the pack config");
        const foreign = rules.filter((rule) => {
            const segment = kvScope(rule.path)?.environment;
            return segment !== undefined && segment !== environment && rule.capabilities.some((c) => VAULT_WRITE_CAPABILITIES.includes(c));
        });
        if (foreign.length > 0) report(`${describe(args.type, args.name)} must write only under environment \`${environment}\` (${count(foreign)} may write elsewhere).`);
    }),
};

export const vaultPolicyDocumentPolicies = [
    vaultPolicyParseable,
    vaultPolicyNoWildcardPath,
    vaultPolicyNoSudoRoot,
    vaultPolicyNoOperatorPaths,
    vaultPolicyNoCrossScopeAccess,
    vaultPolicyOwnEnvironmentWrites,
];
