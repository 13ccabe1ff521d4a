// The invoke permission Secrets Manager needs on a rotation function, bound to one
// secret (SourceArn) and its account (SourceAccount), so no other secret or account
// can make the function rotate anything.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** `sourceArn` is one secret's ARN, or a rotator's own set pattern (then `accountOf` names a secret of the set). */
export function invokePermission(name: string, functionArn: pulumi.Input<string>, sourceArn: pulumi.Input<string>, opts: pulumi.CustomResourceOptions, accountOf: pulumi.Input<string> = sourceArn): aws.lambda.Permission {
    return new aws.lambda.Permission(
        name,
        {
            action: "lambda:InvokeFunction",
            function: functionArn,
            principal: "secretsmanager.amazonaws.com",
            sourceArn,
            sourceAccount: pulumi.output(accountOf).apply((arn) => arn.split(":")[4]),
        },
        opts,
    );
}
