// The invoke permission Secrets Manager needs on a rotation function, bound to one
// secret (SourceArn) and its account (SourceAccount), so no other secret or account
// can make the function rotate anything.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export function invokePermission(name: string, functionArn: pulumi.Input<string>, secretArn: pulumi.Input<string>, opts: pulumi.CustomResourceOptions): aws.lambda.Permission {
    return new aws.lambda.Permission(
        name,
        {
            action: "lambda:InvokeFunction",
            function: functionArn,
            principal: "secretsmanager.amazonaws.com",
            sourceArn: secretArn,
            sourceAccount: pulumi.output(secretArn).apply((arn) => arn.split(":")[4]),
        },
        opts,
    );
}
