// The SecretSet CrossGuard pack: `pulumi preview --policy-pack policies`.
import { PolicyPack } from "@pulumi/policy";
import { ALL_POLICIES } from "./allPolicies";

new PolicyPack("secretset-policies", { policies: ALL_POLICIES });
