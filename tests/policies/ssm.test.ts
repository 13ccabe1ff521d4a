import { ssmSecureStringCustomerKey, ssmTierFitsValue } from "../../policies/ssm";
import { SSM_ADVANCED_MAX_BYTES, SSM_STANDARD_MAX_BYTES } from "../../policies/lib/limits";
import { internalParameter, publicParameter } from "./baselines";
import { describeRule } from "./cases";
import { mutate, secret, SENTINEL } from "./util";

// A value just over a limit, built from the sentinel so a leak would show.
const valueOf = (bytes: number) => SENTINEL.repeat(Math.ceil(bytes / SENTINEL.length)).slice(0, bytes);

describe("policies: ssm", () => {
    describeRule(
        ssmSecureStringCustomerKey,
        [
            { change: "an internal SecureString has no keyId", input: mutate(internalParameter, (r) => delete r.props.keyId), says: "must set `keyId`" },
            { change: "an internal SecureString uses alias/aws/ssm", input: mutate(internalParameter, (r) => (r.props.keyId = "alias/aws/ssm")), says: "not an AWS-managed" },
            { change: "the AWS-managed key is given by ARN", input: mutate(internalParameter, (r) => (r.props.keyId = "arn:aws:kms:us-east-1:123456789012:alias/aws/ssm")), says: "customer-managed" },
        ],
        [
            { change: "a public String has no key", input: publicParameter },
            { change: "the key is a customer-managed alias", input: mutate(internalParameter, (r) => (r.props.keyId = "alias/dev-ci-pipeline-secrets")) },
        ],
    );

    describeRule(
        ssmTierFitsValue,
        [
            { change: "a Standard parameter holds more than 4 KB", input: mutate(internalParameter, (r) => (r.props.value = secret(valueOf(SSM_STANDARD_MAX_BYTES + 1)))), says: 'tier: "Advanced"' },
            { change: "the tier is unset and the value is over 4 KB", input: mutate(publicParameter, (r) => { delete r.props.tier; r.props.value = valueOf(SSM_STANDARD_MAX_BYTES + 10); }), says: "Advanced" },
            { change: "any tier holds more than 8 KB", input: mutate(internalParameter, (r) => { r.props.tier = "Advanced"; r.props.value = secret(valueOf(SSM_ADVANCED_MAX_BYTES + 1)); }), says: "Secrets Manager" },
            { change: "multi-byte characters push the value over 4 KB", input: mutate(publicParameter, (r) => (r.props.value = "é".repeat(SSM_STANDARD_MAX_BYTES / 2 + 1))), says: "Advanced" },
        ],
        [
            { change: "an Advanced parameter holds 5 KB", input: mutate(internalParameter, (r) => { r.props.tier = "Advanced"; r.props.value = secret(valueOf(5 * 1024)); }) },
            { change: "a Standard parameter holds exactly 4 KB", input: mutate(internalParameter, (r) => (r.props.value = secret(valueOf(SSM_STANDARD_MAX_BYTES)))) },
        ],
    );
});
