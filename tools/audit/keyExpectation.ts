// Which KMS key a declared secret must be encrypted with: the set's alias for its key
// role (shared, or the level's dedicated key), resolved to a key id with ListAliases.
import type { SecretPlan } from "../../components/secretPlan";
import { kmsAliasName } from "../../policies/lib/naming";
import { keyIdOf } from "./kmsAliases";

export class KeyExpectation {
    constructor(
        private readonly app: string,
        private readonly environment: string,
        private readonly aliases: ReadonlyMap<string, string>,
    ) {}

    aliasFor(plan: SecretPlan): string | undefined {
        if (plan.keyRole === undefined) return undefined;
        return kmsAliasName(this.environment, this.app, plan.keyRole === "shared" ? undefined : plan.keyRole);
    }

    /** A sentence fragment when `actual` (as the store reports it) is not the expected key; undefined when fine. */
    problem(plan: SecretPlan, actual: string | undefined): string | undefined {
        const alias = this.aliasFor(plan);
        if (alias === undefined) return undefined;
        if (actual === undefined || /(^|:)alias\/aws\//.test(actual)) return `is encrypted with the AWS-managed key; it must use the set's key \`${alias}\`.`;
        const expected = this.aliases.get(alias);
        if (expected === undefined) return `must be encrypted with \`${alias}\`, which does not exist.`;
        const actualId = keyIdOf(actual, this.aliases);
        return actualId === expected ? undefined : `is encrypted with key \`${actualId ?? actual}\`; it must use the set's key \`${alias}\` (${expected}).`;
    }
}
