// The shared mocks helper, with the ARN shapes access code checks: log groups
// (`arn:aws:logs:...:log-group:<name>`) and Lambda functions (`...:function:<name>`).
import type * as pulumi from "@pulumi/pulumi";
import { createMocks, MOCK_ACCOUNT_ID, MOCK_REGION, type MockEnvironment, type RecordedResource } from "../helpers/mocks";

export { MOCK_ACCOUNT_ID as ACCOUNT, MOCK_REGION as REGION };

function accessArns(args: pulumi.runtime.MockResourceArgs): Record<string, unknown> | undefined {
    const name = args.inputs.name ?? args.name;
    switch (args.type) {
        case "aws:cloudwatch/logGroup:LogGroup":
            return { arn: `arn:aws:logs:${MOCK_REGION}:${MOCK_ACCOUNT_ID}:log-group:${name}` };
        case "aws:lambda/function:Function":
            return { arn: `arn:aws:lambda:${MOCK_REGION}:${MOCK_ACCOUNT_ID}:function:${name}` };
        default:
            return undefined;
    }
}

/** For a mocha `describe`: installs the mocks in `before`; call `reset()` yourself when building once for several tests. */
export function useAccessMocks(): MockEnvironment {
    const mocks = createMocks({ outputs: accessArns });
    before(() => mocks.install());
    return mocks;
}

/** Every IAM policy document recorded (inline role policies). */
export function policyDocuments(resources: readonly RecordedResource[]): { resource: string; document: any }[] {
    return resources
        .filter((r) => r.type === "aws:iam/rolePolicy:RolePolicy" || r.type === "aws:iam/policy:Policy")
        .map((r) => ({ resource: r.name, document: JSON.parse(r.inputs.policy) }));
}
