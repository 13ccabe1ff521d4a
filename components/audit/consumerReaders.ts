// The role ARNs of a set's consumers: the readers an unexpected-read alert must not
// fire on. A consumer's own role, or its `role.existing` (an ARN as given, a role name
// resolved in the deploying account: give the ARN when the role has a path).
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { ConsumerDeclaration } from "../consumers";
import type { SecretConsumer } from "../secretConsumer";

export function consumerReaderArns(consumers: Readonly<Record<string, SecretConsumer>>, declarations: unknown, opts?: pulumi.InvokeOutputOptions): pulumi.Output<string>[] {
    const declared = (declarations ?? {}) as Record<string, ConsumerDeclaration>;
    const readers: pulumi.Output<string>[] = [];
    for (const [name, consumer] of Object.entries(consumers)) {
        const existing = declared[name]?.role?.existing;
        if (consumer.role !== undefined) {
            readers.push(consumer.role.arn);
        } else if (existing !== undefined) {
            if (existing.startsWith("arn:")) {
                readers.push(pulumi.output(existing));
            } else {
                const account = aws.getCallerIdentityOutput({}, opts);
                const partition = aws.getPartitionOutput({}, opts);
                readers.push(pulumi.interpolate`arn:${partition.partition}:iam::${account.accountId}:role/${existing}`);
            }
        }
    }
    return readers;
}
