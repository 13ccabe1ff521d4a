// Types for generate.js (plain CommonJS so the Lambda needs no build step).
import type { GenerateSpec } from "../../types";

export declare const DEFAULT_LENGTH: number;
/** The default special set of `random.RandomPassword`. */
export declare const DEFAULT_SPECIAL: string;
/** Throws (naming the field and the fix) when the spec cannot be satisfied. */
export declare function checkSpec(spec: GenerateSpec, label: string): void;
export declare function generateValue(spec?: GenerateSpec): string;
/** The rules `value` breaks; empty when it matches. Never contains the value. */
export declare function specViolations(value: unknown, spec?: GenerateSpec): string[];
export declare function nextSecretString(spec: GenerateSpec, currentString: string | undefined, label: string): string;
export declare function governedValue(spec: GenerateSpec, secretString: string, label: string): unknown;
/** Parses the SECRETSET_GENERATION_SPECS environment variable. */
export declare function parseGenerationSpecs(text: string | undefined): Record<string, GenerateSpec>;
