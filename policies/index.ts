// The SecretSet CrossGuard pack: `pulumi preview --policy-pack policies`.
import { PolicyPack } from "@pulumi/policy";
import { ALL_POLICIES } from "./allPolicies";
import { withConfigFloors } from "./lib/floorSchemas";

// The config schemas carry the tighten-only floors, so the CLI refuses a loosening config.
new PolicyPack("secretset-policies", { policies: withConfigFloors(ALL_POLICIES) });
