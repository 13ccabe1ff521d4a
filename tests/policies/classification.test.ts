import * as assert from "assert";
import { classificationEnvironmentMatch, classificationProtection, classificationStoreAllowed, classificationTagPresent } from "../../policies/classification";
import { TAG_KEYS } from "../../policies/lib/classification";
import { confidentialSecret, internalParameter, publicParameter, restrictedSecret, vaultSecret } from "./baselines";
import { describeRule } from "./cases";
import { mutate, runResource, secret, SENTINEL } from "./util";

type Tags = Record<string, string>;
type Metadata = { data: Record<string, string> };

describe("policies: classification", () => {
    describeRule(classificationTagPresent, [
        { change: "an SSM parameter has no classification tag", input: mutate(internalParameter, (r) => delete (r.props.tags as Tags)[TAG_KEYS.classification]), says: TAG_KEYS.classification },
        { change: "a secret's classification is not a known level", input: mutate(confidentialSecret, (r) => ((r.props.tags as Tags)[TAG_KEYS.classification] = "secret")), says: "known value" },
        { change: "a secret has no tags at all", input: mutate(confidentialSecret, (r) => delete r.props.tags), says: "public, internal, confidential, restricted" },
        { change: "a Vault KV secret has no classification metadata", input: mutate(vaultSecret, (r) => delete (r.props.customMetadata as Metadata).data[TAG_KEYS.classification]), says: "custom metadata" },
    ]);

    describeRule(
        classificationStoreAllowed,
        [
            { change: "a confidential value is an SSM String", input: mutate(publicParameter, (r) => ((r.props.tags as Tags)[TAG_KEYS.classification] = "confidential")), says: "must not be stored in SSM Parameter Store at all" },
            { change: "a confidential value is an SSM SecureString", input: mutate(internalParameter, (r) => ((r.props.tags as Tags)[TAG_KEYS.classification] = "confidential")), says: "must not be stored in SSM Parameter Store at all" },
            { change: "a restricted value is an SSM SecureString", input: mutate(internalParameter, (r) => ((r.props.tags as Tags)[TAG_KEYS.classification] = "restricted")), says: "restricted secrets belong in Secrets Manager" },
            { change: "an internal value is an SSM StringList", input: mutate(internalParameter, (r) => (r.props.type = "StringList")), says: "must not be a `StringList` parameter" },
        ],
        [
            { change: "a public value is an SSM String", input: publicParameter },
            { change: "a restricted value is in Secrets Manager", input: restrictedSecret },
        ],
    );

    describeRule(
        classificationEnvironmentMatch,
        [
            { change: "a dev stack writes an SSM parameter under /prod", input: mutate(internalParameter, (r) => (r.props.name = "/prod/ci-pipeline/docker-username")), says: "its name starts with another environment" },
            { change: "a dev stack writes a Secrets Manager secret under prod/", input: mutate(confidentialSecret, (r) => (r.props.name = "prod/ci-pipeline/docker-password")), says: "environment `dev`" },
            { change: "the environment tag says prod", input: mutate(confidentialSecret, (r) => ((r.props.tags as Tags)[TAG_KEYS.environment] = "prod")), says: TAG_KEYS.environment },
            { change: "a Vault path is under prod", input: mutate(vaultSecret, (r) => (r.props.name = "prod/ci-pipeline/partner-token")), says: "its name starts with another environment" },
            { change: "the prod pack config checks a dev resource", input: internalParameter, config: { environment: "prod" }, says: "under environment `prod`" },
        ],
        [{ change: "the name does not follow the convention", input: mutate(confidentialSecret, (r) => (r.props.name = "legacy-secret")) }],
    );

    describeRule(
        classificationProtection,
        [
            { change: "a restricted secret is not protected", input: mutate(restrictedSecret, (r) => (r.opts = { protect: false })), says: "`protect`" },
            { change: "a restricted Vault secret is not protected", input: mutate(vaultSecret, (r) => ((r.props.customMetadata as Metadata).data[TAG_KEYS.classification] = "restricted")), says: "(restricted)" },
        ],
        [{ change: "a confidential secret is not protected", input: confidentialSecret }],
    );

    it("treats a secret-wrapped literal like any other value", async () => {
        // A plaintext value marked secret is still a value: the store rule judges the store, not secret-ness.
        const input = mutate(publicParameter, (r) => {
            r.props.value = secret(SENTINEL);
            (r.props.tags as Tags)[TAG_KEYS.classification] = "internal";
        });
        const outcome = await runResource(classificationStoreAllowed, input);
        assert.strictEqual(outcome.violations.length, 1);
        assert.match(outcome.violations[0].message, /\(internal\) must not be a `String` parameter/);
    });
});
