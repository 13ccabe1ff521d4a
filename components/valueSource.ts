// Where a secret's value comes from and how many bytes it will take once stored.
// Both validation (size limits) and the stores (SSM tier) read it from here.
import { byteLength } from "../policies/lib/limits";
import { DEFAULT_GENERATED_LENGTH } from "./secretSetArgs";
import { isKnown } from "./deferredChecks";
import type { GenerateSpec, ProvidedValue, SecretDeclaration } from "./types";

/**
 * - literal: `value` in the declaration (public only)
 * - config: the config key `secretset:<name>`
 * - generated: `random.RandomPassword` in Pulumi
 * - rotator: `generate.keepOutOfState`; the rotator writes the first value
 * - external: set out of band; SecretSet never manages the value
 */
export type ValueSource = "literal" | "config" | "generated" | "rotator" | "external";

/**
 * SSM cannot create a parameter without a value, so an `external` parameter starts
 * with this fixed, non-secret text and `ignoreChanges` keeps whatever is set later.
 */
export const EXTERNAL_PLACEHOLDER = "set-outside-pulumi";

export function valueSourceOf(declaration: SecretDeclaration, provided: ProvidedValue | undefined): ValueSource | undefined {
    // An adopted secret keeps the value it has: like `external`, SecretSet never writes it.
    if (declaration.external === true || declaration.adopt !== undefined) return "external";
    if (declaration.generate !== undefined) return declaration.generate.keepOutOfState === true ? "rotator" : "generated";
    if (declaration.value !== undefined) return "literal";
    if (provided !== undefined) return "config";
    return undefined;
}

/** Upper bound of the bytes a generated value takes (JSON escaping doubles `"` and `\`). */
export function generatedBytes(spec: GenerateSpec): number {
    const length = spec.length ?? DEFAULT_GENERATED_LENGTH;
    const escaping = spec.jsonKey !== undefined && /["\\]/.test(spec.overrideSpecial ?? "") ? 2 : 1;
    const bare = length * escaping;
    return spec.jsonKey === undefined ? bare : byteLength(JSON.stringify({ [spec.jsonKey]: "" })) + bare;
}

/** Bytes the stored value takes; undefined only for a provided value that is an Output (known at deployment). */
export function valueBytes(declaration: SecretDeclaration, provided: ProvidedValue | undefined): number | undefined {
    switch (valueSourceOf(declaration, provided)) {
        case "literal":
            return byteLength(declaration.value ?? "");
        case "config": {
            const value = provided?.value ?? "";
            return isKnown(value) ? byteLength(value) : undefined;
        }
        case "generated":
        case "rotator":
            return generatedBytes(declaration.generate ?? {});
        default:
            return byteLength(EXTERNAL_PLACEHOLDER);
    }
}
