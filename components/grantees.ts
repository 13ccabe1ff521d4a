// Who a read grant goes to: an IAM role of the program, a role name or ARN (also as
// an Output), a Lambda function (its execution role) or an ECS task definition's
// task or execution role. Each resolves to the role name an inline RolePolicy needs
// and, when one exists, a stable key that names the grant.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { checkedInput, isKnown } from "./deferredChecks";

/** The task role (what the application calls AWS with) or the execution role (what ECS uses to pull `secrets`). */
export interface EcsTaskRole {
    readonly taskDefinition: aws.ecs.TaskDefinition;
    /** "execution" for container `secrets` (ECS reads them before start); "task" for reads by the application. */
    readonly role: "task" | "execution";
}

/** A role of this program, a Lambda function, an ECS task role, or a role name / ARN (string or Output). */
export type ReadGrantee = aws.iam.Role | aws.lambda.Function | EcsTaskRole | pulumi.Input<string>;

export interface ResolvedGrantee {
    /** Stable key for the grant's resource name; undefined for an Output name or ARN (the caller must name the grant). */
    readonly key?: string;
    /** The role's name, as the RolePolicy's `role` input. */
    readonly roleName: pulumi.Input<string>;
    /** How to refer to the grantee in messages. */
    readonly description: string;
}

const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]{1,64})$/;
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;

/** The problem with a role name or ARN, or undefined. */
export function roleReferenceProblem(value: unknown): string | undefined {
    return typeof value === "string" && (ROLE_ARN.test(value) || ROLE_NAME.test(value))
        ? undefined
        : "A grant needs an IAM role name (up to 64 of A-Z a-z 0-9 +=,.@_-) or a role ARN (arn:aws:iam::<account>:role/<path/><name>).";
}

/** The role name in a role ARN (the last path segment), or the name itself. */
export function roleNameFromReference(reference: string): string {
    return ROLE_ARN.exec(reference)?.[1] ?? reference;
}

/** The name Pulumi registered a resource under (child names derive from it). */
export function logicalName(resource: pulumi.Resource): string {
    const name = (resource as unknown as { __name?: string }).__name;
    if (name === undefined) throw new Error("internal: a Pulumi resource without a registered name");
    return name;
}

function isEcsTaskRole(value: unknown): value is EcsTaskRole {
    return typeof value === "object" && value !== null && "taskDefinition" in value && aws.ecs.TaskDefinition.isInstance((value as EcsTaskRole).taskDefinition);
}

function referenceFromOutput(arn: pulumi.Input<string | undefined>, missing: string): pulumi.Output<string> {
    return pulumi.output(arn).apply((value) => {
        if (value === undefined || value === "") throw new pulumi.RunError(missing);
        return roleNameFromReference(value);
    });
}

/**
 * The role name of a role name or ARN; an ARN must be in this program's account: an inline
 * policy can only be attached to a role of this account (another account reads through
 * `crossAccountReaders`).
 */
function roleNameInThisAccount(reference: pulumi.Input<string>): pulumi.Output<string> {
    return pulumi.output(reference).apply((value) => {
        const account = /^arn:aws[a-z-]*:iam::(\d{12}):role\//.exec(value)?.[1];
        if (account === undefined) return pulumi.output(roleNameFromReference(value));
        return aws.getCallerIdentityOutput().accountId.apply((own) => {
            if (own !== account) {
                throw new pulumi.RunError(`The role \`${value}\` is in account ${account}, not in this stack's account ${own}; an inline grant cannot reach it. Let that account read with \`crossAccountReaders: [{ accountId: "${account}" }]\` and grant its role there.`);
            }
            return roleNameFromReference(value);
        });
    });
}

/** Throws (known values) or fails the deployment (Outputs) with the same message for a malformed name or ARN. */
export function resolveGrantee(grantee: ReadGrantee): ResolvedGrantee {
    if (aws.iam.Role.isInstance(grantee)) {
        return { key: logicalName(grantee), roleName: grantee.name, description: `role \`${logicalName(grantee)}\`` };
    }
    if (aws.lambda.Function.isInstance(grantee)) {
        const name = logicalName(grantee);
        return { key: `lambda-${name}`, roleName: referenceFromOutput(grantee.role, `Lambda function \`${name}\` has no execution role to grant to.`), description: `Lambda function \`${name}\`` };
    }
    if (isEcsTaskRole(grantee)) {
        const name = logicalName(grantee.taskDefinition);
        const arn = grantee.role === "task" ? grantee.taskDefinition.taskRoleArn : grantee.taskDefinition.executionRoleArn;
        const field = grantee.role === "task" ? "taskRoleArn" : "executionRoleArn";
        return {
            key: `ecs-${name}-${grantee.role}`,
            roleName: referenceFromOutput(arn, `ECS task definition \`${name}\` has no \`${field}\`; set it, or grant to the other role.`),
            description: `the ${grantee.role} role of ECS task definition \`${name}\``,
        };
    }
    if (isKnown(grantee)) {
        const problem = roleReferenceProblem(grantee);
        if (problem !== undefined) throw new pulumi.RunError(problem);
        const name = roleNameFromReference(grantee);
        return { key: name, roleName: grantee === name ? name : roleNameInThisAccount(grantee), description: `role \`${name}\`` };
    }
    const checked = checkedInput(grantee as pulumi.Input<string>, roleReferenceProblem, (message) => new pulumi.RunError(message));
    return { roleName: roleNameInThisAccount(checked), description: "a role given as an Output" };
}
