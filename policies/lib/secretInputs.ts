// Whether an input was a Pulumi secret.
//
// The policy SDK 1.21 deserialises the engine's inputs with `proxySecrets = false` for
// `Analyze` and `AnalyzeStack`: a secret arrives unwrapped, indistinguishable from a
// plain string. (Only its remediation path keeps secrets, as `Secret` objects behind a
// proxy that unwraps them on read.) A rule cannot see secret-ness through the public API.
//
// So this module switches the SDK's deserialiser to keep the markers for every call:
// `deserializeProperties(struct, proxySecrets)` is always called with `true`. Reads are
// unchanged for every rule (the SDK's own secrets-preserving proxy unwraps on read);
// `isSecretInput` looks under the proxies for the `Secret` wrapper. The switch is made
// once, when this module is first loaded (the Vault rules import it), and is checked by
// the in-process analyzer test, which drives the SDK's own Analyze handler.
import { Secret } from "@pulumi/policy";
import { isUnknown, rawTarget, UNKNOWN, Unknown } from "./previewValues";

type Deserialize = (struct: unknown, proxySecrets: boolean) => unknown;
interface DeserializeModule {
    deserializeProperties: Deserialize;
}
interface StructLike {
    toJavaScript(): unknown;
}

// The SDK deserialises a resource's inputs again for every validation function it runs
// (~25 per resource with this pack), and `Struct.toJavaScript` is most of that cost. The
// plain form of each request's Struct is kept (it is only read: `deserializeProperties`
// copies it into fresh objects on every call, so no rule sees another rule's objects).
const plainForms = new WeakMap<object, unknown>();
function readOnce(struct: unknown): unknown {
    if (typeof struct !== "object" || struct === null || typeof (struct as StructLike).toJavaScript !== "function") return struct;
    let plain = plainForms.get(struct);
    if (plain === undefined) {
        plain = (struct as StructLike).toJavaScript();
        plainForms.set(struct, plain);
    }
    const cached = plain;
    return { toJavaScript: () => cached };
}

const PATCHED = Symbol.for("secretset.policies.keepSecretMarkers");

function installSecretMarkers(): boolean {
    let module: DeserializeModule & { [PATCHED]?: true };
    try {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        module = require("@pulumi/policy/deserialize");
    } catch {
        return false;
    }
    if (typeof module.deserializeProperties !== "function") return false;
    if (module[PATCHED]) return true;
    const original = module.deserializeProperties;
    module.deserializeProperties = (struct: unknown, _proxySecrets: boolean) => original(readOnce(struct), true);
    module[PATCHED] = true;
    return true;
}

/** False when the SDK no longer has the shape this relies on; rules then cannot judge secret-ness. */
export const secretMarkersAvailable: boolean = installSecretMarkers();

/**
 * True when the input at `path` (or one of its parents) was a Pulumi secret; `UNKNOWN`
 * when the value is unknown during preview.
 */
export function isSecretInput(props: unknown, path: readonly string[]): boolean | Unknown {
    let current: unknown = props;
    for (const key of path) {
        const raw = rawTarget(current);
        if (raw instanceof Secret) return true;
        if (isUnknown(raw)) return UNKNOWN;
        if (raw === null || typeof raw !== "object") return false;
        current = (raw as Record<string, unknown>)[key];
    }
    const leaf = rawTarget(current);
    if (leaf instanceof Secret) return true;
    return isUnknown(leaf) ? UNKNOWN : false;
}
