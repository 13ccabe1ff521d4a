// One hand-written evasion and its compliant twin: the twin is what a careful author
// would write instead, and must pass the whole pack on the prod config.
import { ResourceInput, StackInput } from "../util";

export type Area = "iam" | "kms" | "secretsmanager" | "ssm" | "vault" | "hardcoded";

export interface AdversarialCase {
    readonly area: Area;
    /** What the evasion does, in words. */
    readonly evasion: string;
    /** The policy that must fire, mandatory on the prod config. */
    readonly policy: string;
    readonly bad: ResourceInput;
    readonly twin: ResourceInput;
    /** Resources that stand next to the twin in its stack (for stack policies, e.g. a KeyPolicy for its key). */
    readonly twinStack?: readonly StackInput[];
}
