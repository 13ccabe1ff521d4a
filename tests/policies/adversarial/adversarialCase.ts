// One hand-written evasion and its compliant twin: the twin is what a careful author
// would write instead, and must pass the whole pack on the prod config.
import { ResourceInput } from "../util";

export type Area = "iam" | "kms" | "secretsmanager" | "ssm" | "vault" | "hardcoded";

export interface AdversarialCase {
    readonly area: Area;
    /** What the evasion does, in words. */
    readonly evasion: string;
    /** The policy that must fire, mandatory on the prod config. */
    readonly policy: string;
    readonly bad: ResourceInput;
    readonly twin: ResourceInput;
}
