// Types for index.js, the generic rotation Lambda ("index.handler").
import type { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import type { GenerateSpec } from "../../types";

export type RotationStep = "createSecret" | "setSecret" | "testSecret" | "finishSecret";

/** The event Secrets Manager sends to a rotation function. */
export interface RotationEvent {
    readonly SecretId: string;
    readonly ClientRequestToken: string;
    readonly Step: RotationStep;
}

/** One structured log line: step, secret name and token, never a value. */
export interface RotationLogEntry {
    readonly message: string;
    readonly step: RotationStep;
    readonly secret: string;
    readonly token: string;
    readonly [extra: string]: unknown;
}

export interface RotationHandlerOptions {
    /** @default a SecretsManagerClient for the Lambda's region */
    readonly client?: SecretsManagerClient;
    /** Generation specs keyed by secret name. @default parsed from SECRETSET_GENERATION_SPECS */
    readonly specs?: Readonly<Record<string, GenerateSpec>>;
    /** @default one JSON line per entry on console.log */
    readonly log?: (entry: RotationLogEntry) => void;
}

/** The name of the environment variable holding the specs (JSON object keyed by secret name). */
export declare const GENERATION_SPECS_VARIABLE: "SECRETSET_GENERATION_SPECS";
export declare function createHandler(options?: RotationHandlerOptions): (event: RotationEvent) => Promise<void>;
export declare const handler: (event: RotationEvent) => Promise<void>;

/** The tag holding a secret's generation spec. */
export declare const GENERATION_SPEC_TAG: "secretset:generate";
/** Reads the spec from a secret's tags (DescribeSecret's `Tags`); undefined without the tag. */
export declare function specFromTags(tags: readonly { Key?: string; Value?: string }[] | undefined, name: string): GenerateSpec | undefined;
