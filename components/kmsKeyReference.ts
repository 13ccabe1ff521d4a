// A KMS key given by the user (ARN, alias name or alias ARN): its format check, and
// the key ARN IAM statements need (kms:Decrypt is authorised on the key, never on
// an alias), resolved through `aws.kms.getAlias` when an alias is given.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { isAwsManagedKey } from "../policies/lib/resourceKinds";

const KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/;
const ALIAS_NAME = /^alias\/[A-Za-z0-9/_-]+$/;
const ALIAS_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(alias\/[A-Za-z0-9/_-]+)$/;

/** The problem with a key reference, or undefined. `where` names the field, e.g. "`kmsKeys.confidential`". */
export function kmsKeyProblem(key: unknown, where: string): string | undefined {
    if (typeof key !== "string" || !(KEY_ARN.test(key) || ALIAS_NAME.test(key) || ALIAS_ARN.test(key))) {
        return `${where} must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>), an alias (\`alias/<name>\`) or an alias ARN.`;
    }
    if (isAwsManagedKey(key)) {
        return `${where} names an AWS-managed key (\`alias/aws/*\`); secrets need a customer-managed key: create one or leave ${where} out so SecretSet creates it.`;
    }
    return undefined;
}

/** The alias name of an alias reference, or undefined for a key ARN. */
export function aliasNameOf(key: string): string | undefined {
    if (ALIAS_NAME.test(key)) return key;
    return ALIAS_ARN.exec(key)?.[1];
}

/** The key ARN behind a (checked) reference: as is for a key ARN, looked up for an alias. */
export function resolveKeyArn(key: pulumi.Input<string>, parent: pulumi.Resource): pulumi.Output<string> {
    return pulumi.output(key).apply((reference) => {
        const alias = aliasNameOf(reference);
        return alias === undefined ? pulumi.output(reference) : aws.kms.getAliasOutput({ name: alias }, { parent }).targetKeyArn;
    });
}
