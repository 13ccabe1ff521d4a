// The value versions Pulumi last wrote, read from a `pulumi stack export` file:
// a SecretVersion's `versionId`, an SSM parameter's `version`, a Vault secret's
// `metadata.version`. Only these ids are read; the values in the file are ignored.
import { TYPES } from "../../policies/lib/resourceKinds";
import { readStackExport } from "../preview/stackExport";
import { toDisplay } from "../preview/wireValues";

export interface RecordedVersions {
    /** Secrets Manager secret name -> version id Pulumi wrote. */
    readonly secretsManager: ReadonlyMap<string, string>;
    /** SSM parameter name -> version. */
    readonly ssm: ReadonlyMap<string, number>;
    /** `mount/path` -> KV v2 version. */
    readonly vault: ReadonlyMap<string, number>;
}

const SECRET_VERSION = "aws:secretsmanager/secretVersion:SecretVersion";

function text(value: unknown): string | undefined {
    return typeof value === "string" && value !== "" ? value : undefined;
}

export function readRecordedVersions(file: string): RecordedVersions {
    const collected = readStackExport(file);
    const outputs = collected.resources.map((r) => ({ type: r.type, out: toDisplay(r.outputs) as Record<string, unknown> }));
    const secretNameByArn = new Map<string, string>();
    for (const { type, out } of outputs) {
        if (type === TYPES.secret && text(out.arn) && text(out.name)) secretNameByArn.set(String(out.arn), String(out.name));
    }
    const secretsManager = new Map<string, string>();
    const ssm = new Map<string, number>();
    const vault = new Map<string, number>();
    for (const { type, out } of outputs) {
        if (type === SECRET_VERSION) {
            const secretId = text(out.secretId) ?? text(out.arn);
            const name = secretId !== undefined ? (secretNameByArn.get(secretId) ?? secretId) : undefined;
            if (name !== undefined && text(out.versionId)) secretsManager.set(name, String(out.versionId));
        } else if (type === TYPES.ssmParameter && text(out.name) && typeof out.version === "number") {
            ssm.set(String(out.name), out.version);
        } else if (type === TYPES.vaultKvSecret && text(out.mount) && text(out.name)) {
            const metadata = out.metadata as Record<string, unknown> | undefined;
            const version = Number(metadata?.version);
            if (Number.isInteger(version) && version > 0) vault.set(`${out.mount}/${out.name}`, version);
        }
    }
    return { secretsManager, ssm, vault };
}
