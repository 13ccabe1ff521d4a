// The pack config can only tighten, and only the command line chooses it
// (issue 10, item 4): a loosening file is exit 2 naming the file, policy, field
// and floor; a stack name inside an export never picks the file; an unknown stack
// falls back to the strictest shipped config and says so.
import { strict as assert } from "assert";
import * as path from "path";
import { PackConfigLoosensError, readConfig } from "../../policies/lib/packConfig";
import { ALL_POLICIES } from "../../policies/allPolicies";
import { withConfigFloors } from "../../policies/lib/floorSchemas";
import { levelProblem, propertyProblem } from "../../policies/lib/packConfigFloors";
import { choosePackConfig } from "../../tools/preview/packConfigChoice";
import { REPO, runCli, STACK_EXPORT, STACK_TRACE_LINE, tempFile } from "./previewHelpers";

const PACK = path.join(REPO, "policies");

describe("pack config: chosen by the command line only", () => {
    it("--policy-config wins; then policies/config/<stack>.json", () => {
        assert.equal(choosePackConfig({ policyConfigFile: "x.json", stack: "dev", packDir: PACK, cwd: "/w" }).file, "/w/x.json");
        assert.deepEqual(choosePackConfig({ stack: "dev", packDir: PACK }), { file: path.join(PACK, "config", "dev.json") });
    });

    it("an unknown or missing stack gets the strictest shipped config, with a notice", () => {
        for (const stack of ["staging", undefined]) {
            const choice = choosePackConfig({ stack, packDir: PACK });
            assert.equal(choice.file, path.join(PACK, "config", "prod.json"));
            assert.match(choice.notice!, /using the strictest shipped pack config .*prod\.json/);
        }
    });
});

describe("pack config: floors", () => {
    it("levels: mandatory policies stay mandatory, a few may be advisory, none disabled", () => {
        assert.equal(levelProblem("iam-no-secret-read-on-all-resources", "mandatory", "mandatory"), undefined);
        assert.match(levelProblem("iam-no-secret-read-on-all-resources", "mandatory", "advisory")!.message, /floor is "mandatory"/);
        assert.equal(levelProblem("secretsmanager-recovery-window", "mandatory", "advisory"), undefined);
        assert.match(levelProblem("secretsmanager-recovery-window", "mandatory", "disabled")!.message, /floor is "advisory"/);
        assert.equal(levelProblem("stack-monthly-cost-budget", "advisory", "disabled"), undefined);
    });

    it("properties: rotation from the classification matrix, lists may only grow, thresholds only drop", () => {
        assert.equal(propertyProblem("p", "maxRotationDays", 60, 90), undefined);
        assert.match(propertyProblem("p", "maxRotationDays", 91, 90)!.message, /`maxRotationDays` 91 loosens the rule; it must be at most 90 \(floor from classification `confidential` maxRotationDays\)/);
        assert.match(propertyProblem("p", "restrictedMaxRotationDays", 31, 30)!.message, /at most 30/);
        assert.match(propertyProblem("p", "minRecoveryWindowDays", 0, 7)!.message, /at least 7/);
        assert.match(propertyProblem("p", "services", ["ssm"], ["ssm", "secretsmanager", "kms"])!.message, /still includes "secretsmanager", "kms"/);
        assert.equal(propertyProblem("p", "services", ["ssm", "secretsmanager", "kms", "lambda"], ["ssm", "secretsmanager", "kms"]), undefined);
        assert.match(propertyProblem("p", "minLength", 40, 20)!.message, /at most 20/);
    });

    it("the pack's config schemas carry the numeric floors, so the CLI's schema check refuses loosening", () => {
        const schemaOf = (policy: string, property: string) => withConfigFloors(ALL_POLICIES).find((p) => p.name === policy)!.configSchema!.properties[property];
        assert.equal(schemaOf("secretsmanager-rotation-max-days", "maxRotationDays").maximum, 90);
        assert.equal(schemaOf("secretsmanager-recovery-window", "minRecoveryWindowDays").minimum, 7);
        assert.equal(schemaOf("stack-secret-rotation-schedule", "restrictedMaxRotationDays").maximum, 30);
        // The exported rules themselves are left as they are (a user's own pack composes them).
        assert.notEqual(ALL_POLICIES.find((p) => p.name === "secretsmanager-recovery-window")!.configSchema!.properties.minRecoveryWindowDays.minimum, 7);
    });

    it("the pack itself refuses a loosened property (pulumi preview --policy-pack-config)", () => {
        const schema = { properties: { maxRotationDays: { type: "integer" as const, default: 90 } } };
        assert.deepEqual(readConfig(schema, { maxRotationDays: 30 }), { maxRotationDays: 30 });
        assert.throws(() => readConfig(schema, { maxRotationDays: 400 }), (e: Error) => e instanceof PackConfigLoosensError && /at most 90/.test(e.message));
    });
});

describe("pack config through the CLI", function () {
    this.timeout(120_000);

    it("a loosening file is exit 2 naming the file, the policy, the field and the floor", () => {
        const file = tempFile("loose.json", JSON.stringify({ "secretsmanager-rotation-max-days": { maxRotationDays: 400 }, "iam-no-service-wildcard-actions": "disabled" }));
        const run = runCli(["--export", STACK_EXPORT, "--policy-config", file, "--format", "json"]);
        assert.equal(run.status, 2, run.stderr);
        assert.equal(run.stdout, "");
        assert.doesNotMatch(run.stderr, STACK_TRACE_LINE);
        const error = run.stderr.split("\n").find((l) => l.startsWith("error: "))!;
        assert.ok(error.includes(file), error);
        assert.match(error, /`secretsmanager-rotation-max-days`: `maxRotationDays` 400 loosens the rule; it must be at most 90/);
        assert.match(error, /`iam-no-service-wildcard-actions`: `enforcementLevel` "disabled" loosens the policy; its floor is "mandatory"/);
    });

    it("the stack named inside an export does not choose the file: without --stack, prod applies", () => {
        const run = runCli(["--export", STACK_EXPORT, "--format", "json"]);
        assert.ok(run.status === 0 || run.status === 1, run.stderr);
        assert.equal(JSON.parse(run.stdout).stack, "dev", "the export's own stack name is still reported");
        assert.match(run.stderr, /no `--stack` was given; using the strictest shipped pack config policies\/config\/prod\.json/);
    });
});
