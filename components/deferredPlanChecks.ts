// The checks of a plan's Output arguments (rotation Lambda ARN, replica keys, an
// existing KMS key), wired into the plan so every resource using the value waits for
// the check. The messages are the ones validation reports for a known value.
import type * as pulumi from "@pulumi/pulumi";
import { checkedInput } from "./deferredChecks";
import { kmsKeyProblem } from "./kmsKeyReference";
import type { SecretPlan } from "./secretPlan";
import { lambdaArnProblem, replicaKeyProblem } from "./specChecks";
import { SecretSetValidationError } from "./validation";

/** The error a failed check throws: the same text as validation's for one problem. */
export function deferredFailure(setName: string, secret: string | undefined, field: string): (message: string) => Error {
    return (message) => new SecretSetValidationError(setName, [{ ...(secret !== undefined ? { secret } : {}), field, message }]);
}

/** Message of an existing-key problem, as validation words it. */
export function existingKeyMessage(classification: string, key: unknown): string | undefined {
    const text = kmsKeyProblem(key, `\`kmsKeys.${classification}\``);
    return text === undefined ? undefined : `Setting ${text}`;
}

export function withDeferredChecks(setName: string, plan: SecretPlan): SecretPlan {
    const secretMessage = (text: string | undefined): string | undefined => (text === undefined ? undefined : `Secret \`${plan.key}\`: ${text}`);
    const rotation = plan.rotation?.lambdaArn === undefined
        ? plan.rotation
        : { ...plan.rotation, lambdaArn: checkedInput(plan.rotation.lambdaArn, (arn) => secretMessage(lambdaArnProblem(arn)), deferredFailure(setName, plan.key, "rotation.lambdaArn")) };
    const secretsManager = plan.secretsManager === undefined
        ? undefined
        : {
              ...plan.secretsManager,
              replicas: plan.secretsManager.replicas.map((replica, index) => ({
                  region: replica.region,
                  kmsKeyArn: checkedInput(
                      replica.kmsKeyArn,
                      (arn) => secretMessage(replicaKeyProblem(`replicas[${index}]`, arn, replica.region)),
                      deferredFailure(setName, plan.key, `replicas[${index}].kmsKeyArn`),
                  ),
              })),
          };
    const existingKey: pulumi.Input<string> | undefined = plan.existingKey === undefined
        ? undefined
        : checkedInput(plan.existingKey, (key) => existingKeyMessage(plan.classification, key), deferredFailure(setName, undefined, `kmsKeys.${plan.classification}`));
    return {
        ...plan,
        ...(rotation !== undefined ? { rotation } : {}),
        ...(secretsManager !== undefined ? { secretsManager } : {}),
        ...(existingKey !== undefined ? { existingKey } : {}),
    };
}
