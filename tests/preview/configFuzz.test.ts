// Generated fuzz test of the stack-config fast path (issue 10, item 9): 1,000
// random stack configs through the same reading and validation the CLI runs
// before any process starts (`--validate-only`). Asserts only what must hold for
// every input: exit 0 or 2 (1 needs a policy run), a clear one-line message with no
// stack trace, and no sentinel (planted in every value position) in any output.
// Deterministic: the seed is printed; FUZZ_SEED=<n> replays a run.
import { strict as assert } from "assert";
import { validateStackConfigText } from "../../tools/preview/configPreflight";
import { SecretScrubber } from "../../tools/preview/secretScrubber";
import { runCli, STACK_TRACE_LINE, tempFile } from "./previewHelpers";

const yaml = require("js-yaml") as { dump(value: unknown, options?: object): string };

const SEED = Number(process.env.FUZZ_SEED ?? 20261202);
const CASES = 1000;
const SENTINEL = "FUZZSENTINEL9q7w3e";

/** mulberry32: small, fast, deterministic. */
function rng(seed: number): () => number {
    let a = seed >>> 0;
    return () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

function generator(random: () => number) {
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
    const chance = (p: number) => random() < p;
    const sentinelValue = () => pick([SENTINEL, `prefix-${SENTINEL}-suffix`, `postgres://u:${SENTINEL}@db:5432/x`, `${SENTINEL}${SENTINEL}`]);
    const weird = (): unknown => pick([null, 0, -1, 1e9, 3.5, true, "", " ", [], {}, [1, "a"], { a: { b: [] } }, "x".repeat(300), "\u001b[31mred", "a\nb", sentinelValue()]);
    const name = () => pick(["docker-password", "api-token", "signing-key", "db", "x", "registry-url", "Bad Name", "a/b", "", "app", "secrets", "docker_password", `n${Math.floor(random() * 50)}`]);
    const days = () => pick([1, 7, 30, 60, 90, 91, 400, 0, -5, 2.5, "30", null]);
    const declaration = (): unknown => {
        if (chance(0.05)) return weird();
        const d: Record<string, unknown> = { classification: pick(["public", "internal", "confidential", "restricted", "secret", "", 3]) };
        if (chance(0.3)) d.value = chance(0.2) ? weird() : sentinelValue();
        if (chance(0.3)) d.rotation = chance(0.2) ? weird() : { days: days(), ...(chance(0.2) ? { mode: pick(["manual", "generated", "lambda", "x"]) } : {}) };
        if (chance(0.2)) d.generate = chance(0.2) ? weird() : { length: pick([8, 32, 64, 0, 5000, "x"]) };
        if (chance(0.1)) d.external = pick([true, false, "yes"]);
        if (chance(0.2)) d.backends = pick([["vault"], ["aws", "vault"], ["gcp"], "vault", []]);
        if (chance(0.1)) d[pick(["clasification", "rotaton", "valeu", "store"])] = weird();
        if (chance(0.1)) d.recoveryWindowDays = days();
        return d;
    };
    return (): string => {
        if (chance(0.03)) return pick(["config: [unclosed\n  - : :", "- a\n- b\n", "", "config: 5\n", `config:\n  secretset:app: ${SENTINEL}\n  bad: [\n`]);
        const config: Record<string, unknown> = {};
        if (chance(0.9)) config["secretset:app"] = chance(0.8) ? pick(["ci", "ci-pipeline", "App", "", "a b"]) : weird();
        if (chance(0.3)) config["aws:region"] = pick(["us-east-1", "eu-west-1", ""]);
        if (chance(0.3)) config["secretset:owner"] = chance(0.8) ? "team" : weird();
        if (chance(0.2)) config["secretset:environment"] = pick(["dev", "prod", "", "Bad Env"]);
        if (chance(0.1)) config["secretset:disposable"] = pick([true, false, "maybe"]);
        if (chance(0.2)) config["secretset:vault"] = chance(0.2) ? weird() : { mount: pick(["secret", "kv", ""]), maxVersions: pick([1, 2, 10, "x"]) };
        if (chance(0.1)) config["secretset:classifications"] = { [pick(["confidential", "restricted", "bogus"])]: { maxRotationDays: days() } };
        const declarations: Record<string, unknown> = {};
        const count = Math.floor(random() * 6);
        for (let i = 0; i < count; i++) declarations[name()] = declaration();
        if (chance(0.9)) config["secretset:secrets"] = chance(0.05) ? weird() : declarations;
        for (const key of Object.keys(declarations)) {
            if (chance(0.5)) config[`secretset:${key}`] = chance(0.5) ? { secure: `v1:${SENTINEL}` } : sentinelValue();
        }
        // Misspelt settings, orphaned values, near-miss namespaces.
        if (chance(0.2)) config[pick(["secretset:ap", "secretset:secret", "secretset:valt", "secretset:orphan-token", "secretsett:app", "owner"])] = sentinelValue();
        if (chance(0.1)) config[`secretset:${pick(Object.keys(declarations).concat(["docker-password"]))}x`] = sentinelValue();
        return yaml.dump({ config }, { lineWidth: -1 });
    };
}

describe("stack config fuzz (fast path, same checks as the CLI)", function () {
    this.timeout(300_000);

    it(`${CASES} random configs: exit 0 or 2, a clear one-line message, no stack trace, no sentinel`, () => {
        console.log(`      fuzz seed ${SEED} (replay with FUZZ_SEED=${SEED})`);
        const next = generator(rng(SEED));
        const tally = { 0: 0, 2: 0 };
        for (let i = 0; i < CASES; i++) {
            const text = next();
            const context = `case ${i} (seed ${SEED}):\n${text}`;
            const outcome = validateStackConfigText(text, "dev");
            assert.ok(outcome.exitCode === 0 || outcome.exitCode === 2, context);
            tally[outcome.exitCode]++;
            assert.doesNotMatch(outcome.message, STACK_TRACE_LINE, context);
            assert.ok(!outcome.message.includes("\n"), context);
            if (outcome.exitCode === 2) assert.ok(outcome.message.length > 20, `message too terse: ${outcome.message}\n${context}`);
            // What the CLI prints goes through the scrubber; even unscrubbed, no message may echo a value.
            assert.ok(!outcome.message.includes(SENTINEL), `sentinel in message: ${outcome.message}\n${context}`);
            assert.ok(!new SecretScrubber(outcome.secrets).scrub(outcome.message).includes(SENTINEL), context);
        }
        console.log(`      valid: ${tally[0]}, invalid (exit 2): ${tally[2]}`);
        assert.ok(tally[0] > 0 && tally[2] > 0, "the generator must produce both valid and invalid configs");
    });

    it("the CLI's --validate-only gives the same verdict as a process (sample of the same generator)", () => {
        const next = generator(rng(SEED + 1));
        for (let i = 0; i < 4; i++) {
            const text = next();
            const expected = validateStackConfigText(text, "dev");
            const run = runCli(["--stack", "dev", "--config", tempFile("Pulumi.dev.yaml", text), "--validate-only"]);
            assert.equal(run.status, expected.exitCode, `${text}\n${run.stderr}`);
            assert.equal(run.stdout, "");
            assert.doesNotMatch(run.stderr, STACK_TRACE_LINE);
            assert.ok(!run.stderr.includes(SENTINEL), run.stderr);
        }
    });
});
