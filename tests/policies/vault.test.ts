import { TAG_KEYS } from "../../policies/lib/classification";
import { vaultKvDataSecret, vaultKvMaxVersions, vaultKvVersion2 } from "../../policies/vault";
import { vaultPolicyNoSudoRoot, vaultPolicyNoWildcardPath, vaultPolicyOwnEnvironmentWrites } from "../../policies/vaultPolicy";
import { vaultBackend, vaultMount, vaultPolicy, vaultSecret } from "./baselines";
import { describeRule } from "./cases";
import { mutate, SENTINEL } from "./util";

type Metadata = { maxVersions?: number; data: Record<string, string> };
const withPolicy = (hcl: string) => mutate(vaultPolicy, (r) => (r.props.policy = hcl));

describe("policies: vault", () => {
    describeRule(
        vaultKvVersion2,
        [
            { change: "a kv mount has no version option", input: mutate(vaultMount, (r) => delete r.props.options), says: "KV version 2" },
            { change: "a kv mount is version 1", input: mutate(vaultMount, (r) => (r.props.options = { version: "1" })), says: '`options: { version: "2" }`' },
        ],
        [
            { change: "the mount type is kv-v2", input: mutate(vaultMount, (r) => { r.props.type = "kv-v2"; delete r.props.options; }) },
            { change: "the mount is another engine", input: mutate(vaultMount, (r) => { r.props.type = "transit"; delete r.props.options; }) },
        ],
    );

    describeRule(
        vaultKvMaxVersions,
        [
            { change: "the backend keeps one version", input: mutate(vaultBackend, (r) => (r.props.maxVersions = 1)), says: "at least 2 versions" },
            { change: "a secret keeps one version", input: mutate(vaultSecret, (r) => ((r.props.customMetadata as Metadata).maxVersions = 1)), says: "`customMetadata.maxVersions`" },
            { change: "the pack config asks for 5 and the backend keeps 3", input: mutate(vaultBackend, (r) => (r.props.maxVersions = 3)), config: { minMaxVersions: 5 }, says: "at least 5" },
        ],
        [{ change: "maxVersions is 0 (Vault's default of 10)", input: mutate(vaultBackend, (r) => (r.props.maxVersions = 0)) }],
    );

    describeRule(
        vaultPolicyNoWildcardPath,
        [
            { change: 'the policy grants on path "*"', input: withPolicy('path "*" {\n  capabilities = ["read", "list"]\n}'), says: "root-wide" },
            { change: "the policy grants on every mount with +", input: withPolicy('path "+/data/dev/*" { capabilities = ["read"] }'), says: "root-wide" },
            { change: "the policy is in Vault's JSON form", input: withPolicy(JSON.stringify({ path: { "*": { capabilities: ["read"] } } })), says: "root-wide" },
        ],
        [{ change: 'a "*" path only denies', input: withPolicy('path "*" { capabilities = ["deny"] }') }],
    );

    describeRule(vaultPolicyNoSudoRoot, [
        { change: "the policy grants sudo", input: withPolicy('path "sys/mounts/*" { capabilities = ["create", "sudo"] }'), says: "`sudo` or `root`" },
        { change: "the policy grants root", input: withPolicy('path "secret/data/dev/x" { capabilities = ["root"] }'), says: "(1 path rule)" },
    ]);

    describeRule(
        vaultPolicyOwnEnvironmentWrites,
        [
            { change: "a dev policy writes prod paths", input: withPolicy('path "secret/data/prod/ci-pipeline/*" { capabilities = ["create", "update"] }'), says: "under environment `dev`" },
            { change: "a dev policy deletes metadata in every environment", input: withPolicy('path "secret/metadata/+/ci-pipeline/*" { capabilities = ["delete"] }'), says: "1 path rule may write elsewhere" },
            { change: "the prod pack config checks the dev baseline policy", input: vaultPolicy, config: { environment: "prod" }, says: "under environment `prod`" },
        ],
        [
            { change: "a dev policy reads prod metadata", input: withPolicy('path "secret/metadata/prod/ci-pipeline/*" { capabilities = ["list", "read"] }') },
            { change: "a commented-out write to prod", input: withPolicy('# path "secret/data/prod/x" { capabilities = ["update"] }\npath "secret/data/dev/x" { capabilities = ["update"] }') },
        ],
    );

    describeRule(
        vaultKvDataSecret,
        [
            { change: "confidential dataJson is a plain string", input: mutate(vaultSecret, (r) => (r.props.dataJson = JSON.stringify({ value: SENTINEL }))), says: "Pulumi secret" },
            { change: "internal dataJson is a plain string", input: mutate(vaultSecret, (r) => { r.props.dataJson = JSON.stringify({ value: SENTINEL }); (r.props.customMetadata as Metadata).data[TAG_KEYS.classification] = "internal"; }), says: "(internal)" },
        ],
        [
            { change: "public dataJson is a plain string", input: mutate(vaultSecret, (r) => { r.props.dataJson = JSON.stringify({ url: "https://example.com" }); (r.props.customMetadata as Metadata).data[TAG_KEYS.classification] = "public"; }) },
            { change: "the value is write-only (dataJsonWo)", input: mutate(vaultSecret, (r) => { delete r.props.dataJson; r.props.dataJsonWo = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"; }) },
        ],
    );
});
