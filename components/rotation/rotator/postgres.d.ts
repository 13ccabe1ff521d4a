// Types for postgres.js, the PostgreSQL rotation Lambda ("postgres.handler").
import type { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import type { ClientConfig } from "pg";
import type { GenerateSpec } from "../../types";
import type { RotationEvent, RotationLogEntry } from "./index";

/** The connected client the handler uses: `pg.Client` or a test's wrapper of it. */
export interface DatabaseClient {
    query(text: string, values?: unknown[]): Promise<{ rowCount: number | null; rows: Record<string, unknown>[] }>;
    escapeIdentifier(value: string): string;
    escapeLiteral(value: string): string;
    end(): Promise<void>;
}

export interface PostgresRotationOptions {
    /** @default a SecretsManagerClient for the Lambda's region */
    readonly client?: SecretsManagerClient;
    /** Opens a connection; rejects with the server's error (SQLSTATE in `code`). @default a `pg.Client` */
    readonly connect?: (settings: ClientConfig) => Promise<DatabaseClient>;
    /** @default one JSON line per entry on console.log */
    readonly log?: (entry: RotationLogEntry) => void;
    /** How new passwords are generated. @default PASSWORD_SPEC */
    readonly passwordSpec?: GenerateSpec;
}

export declare const STRATEGY_TAG: "secretset:rotation-strategy";
export declare const PASSWORD_SPEC: GenerateSpec;
export declare function createHandler(options?: PostgresRotationOptions): (event: RotationEvent) => Promise<void>;
export declare const handler: (event: RotationEvent) => Promise<void>;
