// Every rule of the pack, in one list: index.ts serves it, tests and tools read it
// (constructing the PolicyPack itself starts a gRPC server, so only index.ts does).
import { Policies } from "@pulumi/policy";
import { auditPolicies } from "./audit";
import { classificationPolicies } from "./classification";
import { crossAccountPolicies } from "./crossAccount";
import { federationPolicies } from "./federation";
import { hardcodedPolicies } from "./hardcoded";
import { hardcodedInputPolicies } from "./hardcodedInputs";
import { iamPolicies } from "./iam";
import { iamAccessPolicies } from "./iamAccess";
import { kmsPolicies } from "./kms";
import { quotaPolicies } from "./quotas";
import { rotationPolicies } from "./rotation";
import { secretsManagerPolicies } from "./secretsmanager";
import { ssmPolicies } from "./ssm";
import { stackPolicies } from "./stack";
import { vaultPolicies } from "./vault";

export const ALL_POLICIES: Policies = [
    ...classificationPolicies,
    ...ssmPolicies,
    ...secretsManagerPolicies,
    ...kmsPolicies,
    ...iamPolicies,
    ...iamAccessPolicies,
    ...vaultPolicies,
    ...hardcodedPolicies,
    ...hardcodedInputPolicies,
    ...stackPolicies,
    ...crossAccountPolicies,
    ...auditPolicies,
    ...rotationPolicies,
    ...quotaPolicies,
    ...federationPolicies,
];
