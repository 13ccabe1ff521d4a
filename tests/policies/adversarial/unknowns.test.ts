// Preview safety for the resource types the adversarial cases bring in (role trust and
// inline policies, attachments, key policies, Vault tokens, user data, task definitions):
// with any input of a compliant twin unknown, no rule crashes and none fires.
import * as assert from "assert";
import { UNKNOWN_INPUT } from "../util";
import { CASES, runWholePack } from "./prodPack";

const SIG_KEY = "4dabf18193072939515e22adb298388d";

/** Paths to every object or leaf up to three levels deep (secret wrappers are leaves). */
function paths(value: unknown, prefix: (string | number)[] = [], depth = 0): (string | number)[][] {
    if (value === null || typeof value !== "object" || depth >= 3 || SIG_KEY in (value as object)) return [];
    const entries: [string | number, unknown][] = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value as Record<string, unknown>);
    return entries.flatMap(([key, child]) => [[...prefix, key], ...paths(child, [...prefix, key], depth + 1)]);
}

function withUnknownAt(props: Record<string, unknown>, path: (string | number)[]): Record<string, unknown> {
    const copy = JSON.parse(JSON.stringify(props)) as Record<string, unknown>;
    let target = copy as Record<string | number, unknown>;
    for (const key of path.slice(0, -1)) target = target[key] as Record<string | number, unknown>;
    target[path[path.length - 1]] = UNKNOWN_INPUT;
    return copy;
}

describe("policies: adversarial twins with inputs unknown during preview", function () {
    this.timeout(60_000);
    // One twin per resource type keeps this fast; the types are what matter here.
    const byType = new Map(CASES.map((c) => [c.twin.type, c.twin]));
    for (const twin of byType.values()) {
        it(`${twin.type}: no rule crashes or fires`, async () => {
            for (const path of paths(twin.props)) {
                const findings = await runWholePack({ ...twin, props: withUnknownAt(twin.props, path) });
                assert.deepStrictEqual(findings.filter((f) => f.level === "mandatory"), [], `unknown ${path.join(".")}`);
            }
            const wholly = Object.fromEntries(Object.keys(twin.props).map((k) => [k, UNKNOWN_INPUT]));
            assert.deepStrictEqual((await runWholePack({ ...twin, props: wholly })).filter((f) => f.level === "mandatory"), [], "every input unknown");
        });
    }
});
