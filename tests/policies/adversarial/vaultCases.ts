// Vault policies that a regular expression misreads, dangerous paths beyond `*`, KV v1,
// generic secrets and root token policies.
import { TAG_KEYS } from "../../../policies/lib/classification";
import { TYPES } from "../../../policies/lib/resourceKinds";
import { secret } from "../util";
import { AdversarialCase } from "./adversarialCase";
import { APP, ENV, resource, SENTINELS, VAULT_EXACT, vaultPolicy } from "./fixtures";

const rule = (path: string, body = 'capabilities = ["read"]') => `path "${path}" {\n  ${body}\n}\n`;
const APP_PATH = `secret/data/${ENV}/${APP}/${SENTINELS.path}`;
/** The exact read plus a token's own self-service paths and cubbyhole, as Vault's default policy grants. */
const VAULT_WITH_SELF_SERVICE = `${VAULT_EXACT}${rule("auth/token/lookup-self")}${rule("auth/token/renew-self", 'capabilities = ["update"]')}${rule("sys/leases/renew", 'capabilities = ["update"]')}${rule("cubbyhole/*", 'capabilities = ["create", "read", "update", "delete", "list"]')}${rule("auth/approle/login", 'capabilities = ["create", "update"]')}`;

const byPolicy: Record<string, [string, string][]> = {
    "vault-policy-no-wildcard-path": [
        ['`path "*"`', rule("*", 'capabilities = ["read", "list"]')],
        ["`+` in place of the mount", rule(`+/data/${ENV}/${APP}/*`)],
        ["a glob inside the mount name", rule(`se*/data/${ENV}/${APP}/x`)],
        ["a leading slash before `*`", rule("/*")],
    ],
    "vault-policy-no-operator-paths": [
        ["read on every system path", rule("sys/*")],
        ["update on the policy endpoint", rule(`sys/policy/${SENTINELS.path}`, 'capabilities = ["update"]')],
        ["token creation", rule("auth/token/create", 'capabilities = ["update"]')],
        ["orphan token creation", rule("auth/token/create-orphan", 'capabilities = ["create", "update"]')],
        ["issuing AppRole secret ids", rule(`auth/approle/role/${APP}/secret-id`, 'capabilities = ["update"]')],
        ["every auth method", rule("auth/*")],
        ["creating identity entities", rule("identity/entity", 'capabilities = ["create", "update"]')],
        ["a system path hidden after a block whose nested braces end early", `path "sys/mounts/*" {\n  allowed_parameters = {\n    "type" = []\n  }\n  capabilities = ["create", "update"]\n}\n`],
        ["a comment marker inside the quoted path of the first rule", `path "secret/data/${ENV}/${APP}/#notes" { capabilities = ["read"] }\npath "sys/auth/*" { capabilities = ["update"] }\n`],
        ["a block comment with a closing brace before the capabilities", `path "sys/seal" {\n  /* } */ capabilities = ["update"]\n}\n`],
        ["Vault's JSON form", JSON.stringify({ path: { "sys/policies/acl/*": { capabilities: ["update"] } } })],
        ["Vault's JSON form with a list of path maps", JSON.stringify({ path: [{ "auth/token/create": { capabilities: ["update"] } }] })],
    ],
    "vault-policy-no-sudo-root": [
        ["`sudo` on the app's own path", rule(APP_PATH, 'capabilities = ["read", "sudo"]')],
        ['the legacy `policy = "sudo"` form', rule(APP_PATH, 'policy = "sudo"')],
    ],
    "vault-policy-no-cross-scope-access": [
        ["read on the whole mount", rule("secret/*")],
        ['legacy `policy = "write"` on the whole mount', rule("secret/*", 'policy = "write"')],
        ["read on every environment", rule("secret/data/*")],
        ["read on every app of the environment", rule(`secret/data/${ENV}/*`)],
        ["`+` in the environment segment", rule(`secret/data/+/${APP}/*`)],
        ["a prefix glob on the environment", rule("secret/data/pro*")],
        ["a prefix glob on the app", rule(`secret/data/${ENV}/ci-*`)],
        ["listing every secret's metadata", rule("secret/metadata/", 'capabilities = ["list"]')],
        ["a nested mount with `+` for the app", rule(`kv/team/data/${ENV}/+/token`)],
        ["transit decryption with every key", rule("transit/decrypt/*", 'capabilities = ["update"]')],
        ["database credentials of every role", rule("database/creds/+")],
        ["a KV version 1 mount read for every app", rule(`kv/${ENV}/*`)],
        ["`..` climbing from the app's path to another's", rule(`secret/data/${ENV}/${APP}/../payments/db`)],
    ],
    "vault-policy-parseable": [["an unclosed block", `path "${APP_PATH}" {\n  capabilities = ["read"]\n`]],
    "vault-policy-own-environment-writes": [["a prod policy that writes dev secrets", rule(`secret/data/dev/${APP}/${SENTINELS.path}`, 'capabilities = ["update"]')]],
};

const mount = (props: Record<string, unknown>) => resource(TYPES.vaultMount, { path: "secret", description: "KV", ...props }, "mount");
const KV2 = { type: "kv", options: { version: "2" } };
const metadata = { maxVersions: 10, data: { [TAG_KEYS.classification]: "confidential", [TAG_KEYS.environment]: ENV } };
const kvV2Secret = () => resource(TYPES.vaultKvSecret, { mount: "secret", name: `${ENV}/${APP}/${SENTINELS.path}`, dataJson: secret(JSON.stringify({ value: SENTINELS.password })), customMetadata: metadata }, "kv2");

export const VAULT_CASES: AdversarialCase[] = [
    ...Object.entries(byPolicy).flatMap(([policy, cases]) =>
        cases.map(([evasion, text], index): AdversarialCase => ({ area: "vault", evasion, policy, bad: vaultPolicy(text), twin: vaultPolicy(index % 2 === 0 ? VAULT_EXACT : VAULT_WITH_SELF_SERVICE) })),
    ),
    {
        area: "vault",
        evasion: "an HCL1-only one-line block (HCL2 refuses it) that grants a system path",
        policy: "vault-policy-no-operator-paths",
        bad: vaultPolicy(`path "${APP_PATH}" { capabilities = ["read"] min_wrapping_ttl = "1s" }\npath "sys/mounts/*" = { capabilities = ["update"] }\n`),
        twin: vaultPolicy(`path "${APP_PATH}" { capabilities = ["read"] min_wrapping_ttl = "1s" }\n`),
    },
    { area: "vault", evasion: "a KV mount without a version", policy: "vault-kv-version-2", bad: mount({ type: "kv" }), twin: mount(KV2) },
    { area: "vault", evasion: "a KV mount with version 1", policy: "vault-kv-version-2", bad: mount({ type: "kv", options: { version: "1" } }), twin: mount(KV2) },
    { area: "vault", evasion: "a `kv-v1` mount", policy: "vault-kv-version-2", bad: mount({ type: "kv-v1" }), twin: mount({ type: "kv-v2" }) },
    { area: "vault", evasion: "a `generic` mount (KV v1 by its old name)", policy: "vault-kv-version-2", bad: mount({ type: "generic" }), twin: mount({ type: "kv-v2" }) },
    { area: "vault", evasion: "a KV version 1 secret resource", policy: "vault-no-kv-v1-or-generic-secrets", bad: resource(TYPES.vaultKvV1Secret, { path: `kv/${ENV}/${APP}/x`, dataJson: secret(JSON.stringify({ value: SENTINELS.password })) }), twin: kvV2Secret() },
    { area: "vault", evasion: "a generic secret", policy: "vault-no-kv-v1-or-generic-secrets", bad: resource(TYPES.vaultGenericSecret, { path: `secret/${ENV}/${APP}/x`, dataJson: secret(JSON.stringify({ value: SENTINELS.password })) }), twin: kvV2Secret() },
    {
        area: "vault",
        evasion: "a generic endpoint writing into a KV mount",
        policy: "vault-no-kv-v1-or-generic-secrets",
        bad: resource(TYPES.vaultGenericEndpoint, { path: `secret/data/${ENV}/${APP}/x`, dataJson: secret(JSON.stringify({ data: { value: SENTINELS.password } })) }),
        twin: resource(TYPES.vaultGenericEndpoint, { path: `auth/approle/role/${APP}`, dataJson: JSON.stringify({ token_ttl: "1h", token_policies: [`${APP}-${ENV}-read`] }) }),
    },
    { area: "vault", evasion: "a token given the root policy", policy: "vault-no-root-token-policy", bad: resource(TYPES.vaultToken, { policies: ["default", "root"] }), twin: resource(TYPES.vaultToken, { policies: [`${APP}-${ENV}-read`] }) },
    { area: "vault", evasion: "a JWT auth role given the root policy", policy: "vault-no-root-token-policy", bad: resource("vault:jwt/authBackendRole:AuthBackendRole", { roleName: APP, userClaim: "sub", tokenPolicies: ["root"] }), twin: resource("vault:jwt/authBackendRole:AuthBackendRole", { roleName: APP, userClaim: "sub", tokenPolicies: [`${APP}-${ENV}-read`] }) },
    { area: "vault", evasion: "an upper-case PATH block Vault itself would refuse", policy: "vault-policy-parseable", bad: vaultPolicy(`PATH "sys/*" {\n  capabilities = ["sudo"]\n}\n`), twin: vaultPolicy(VAULT_EXACT) },
    { area: "vault", evasion: "an AppRole role given the root policy", policy: "vault-no-root-token-policy", bad: resource(TYPES.vaultAppRole, { roleName: APP, tokenPolicies: ["Root"] }), twin: resource(TYPES.vaultAppRole, { roleName: APP, tokenPolicies: [`${APP}-${ENV}-read`] }) },
    { area: "vault", evasion: "KV v2 data that is not a Pulumi secret", policy: "vault-kv-data-secret", bad: { ...kvV2Secret(), props: { ...kvV2Secret().props, dataJson: JSON.stringify({ value: "x" }) } }, twin: kvV2Secret() },
    { area: "vault", evasion: "a KV v2 backend that keeps one version", policy: "vault-kv-max-versions", bad: resource(TYPES.vaultKvBackend, { mount: "secret", maxVersions: 1 }), twin: resource(TYPES.vaultKvBackend, { mount: "secret", maxVersions: 10 }) },
];
