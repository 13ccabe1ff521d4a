// Mocks for the CI consumer kinds: the access mocks' ARN shapes plus IAM OIDC
// providers (`arn:aws:iam::<account>:oidc-provider/<host>`), and a runner that
// evaluates pack rules on the recorded resources.
import type * as pulumi from "@pulumi/pulumi";
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { createMocks, MOCK_ACCOUNT_ID, MOCK_REGION, type MockEnvironment, type RecordedResource } from "../helpers/mocks";
import { runResource } from "../policies/util";

function outputs(args: pulumi.runtime.MockResourceArgs): Record<string, unknown> | undefined {
    const name = args.inputs.name ?? args.name;
    switch (args.type) {
        case "aws:iam/openIdConnectProvider:OpenIdConnectProvider":
            return { arn: `arn:aws:iam::${MOCK_ACCOUNT_ID}:oidc-provider/${String(args.inputs.url).replace(/^https:\/\//, "")}` };
        case "aws:cloudwatch/logGroup:LogGroup":
            return { arn: `arn:aws:logs:${MOCK_REGION}:${MOCK_ACCOUNT_ID}:log-group:${name}` };
        case "aws:iam/instanceProfile:InstanceProfile":
            return { arn: `arn:aws:iam::${MOCK_ACCOUNT_ID}:instance-profile/${name}`, name };
        case "vault:index/policy:Policy":
            return { name };
        default:
            return undefined;
    }
}

export function useFederationMocks(): MockEnvironment {
    const mocks = createMocks({ outputs });
    before(() => mocks.install());
    return mocks;
}

/** Violation messages of `policy` over every recorded resource. */
export async function violationsOf(policy: ResourceValidationPolicy, resources: readonly RecordedResource[]): Promise<string[]> {
    const messages: string[] = [];
    for (const resource of resources) {
        const outcome = await runResource(policy, { type: resource.type, name: resource.name, props: resource.inputs });
        messages.push(...outcome.violations.map((v) => v.message));
    }
    return messages;
}
