// `npm run bench:policy [-- --sizes 250,1000] [--program <file>] [--policy-pack <dir>]`:
// offline preview of generated stacks with N secrets of mixed classes. Prints
// total wall time, program time, time per resource in the analyzer, peak memory
// of every process involved, and how time grows with N (goal: < 10 s for 1,000
// secrets on 2 cores, linear in N).
// First: every .ts module below loads through the transpile cache.
import "../tools/preview/registerTranspileCache";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CLASSIFICATIONS, CLASSIFICATION_RULES } from "../policies/lib/classification";
import { runOfflinePreview, PreviewOutcome } from "../tools/preview/runPreview";

Error.stackTraceLimit = 0;

const yaml = require("js-yaml") as { dump(value: unknown): string };

function flag(name: string): string | undefined {
    const index = process.argv.indexOf(name);
    return index >= 0 ? process.argv[index + 1] : undefined;
}

/** A stack config with `count` secrets cycling through the classes; every tenth non-public one also in Vault. */
function generatedConfig(count: number): string {
    const secrets: Record<string, unknown> = {};
    for (let i = 0; i < count; i++) {
        const classification = CLASSIFICATIONS[i % CLASSIFICATIONS.length];
        const rules = CLASSIFICATION_RULES[classification];
        const name = `secret-${String(i).padStart(4, "0")}`;
        const declaration: Record<string, unknown> = { classification };
        if (classification === "public") declaration.value = `https://example.test/${name}`;
        else declaration.generate = { length: 32 };
        if (rules.maxRotationDays !== undefined) declaration.rotation = { days: rules.maxRotationDays };
        if (classification !== "public" && i % 10 === 1) declaration.backends = ["aws", "vault"];
        secrets[name] = declaration;
    }
    return yaml.dump({
        config: {
            "aws:region": "us-east-1",
            "secretset:app": "bench",
            "secretset:owner": "platform-team",
            "secretset:disposable": true,
            "secretset:vault": { mount: "secret", createMount: true, maxVersions: 10 },
            "secretset:secrets": secrets,
        },
    });
}

function cpuSeconds(usage: NodeJS.CpuUsage): string {
    return ((usage.user + usage.system) / 1e6).toFixed(2);
}

function mb(kb: number): string {
    return `${(kb / 1024).toFixed(0)} MB`;
}

async function measure(count: number): Promise<PreviewOutcome & { wallMs: number }> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-policy-"));
    const configFile = path.join(dir, "Pulumi.dev.yaml");
    fs.writeFileSync(configFile, generatedConfig(count));
    const started = Date.now();
    const outcome = await runOfflinePreview({ stack: "dev", format: "json", help: false, configFile, program: flag("--program"), policyPack: flag("--policy-pack") });
    return { ...outcome, wallMs: Date.now() - started };
}

async function main(): Promise<void> {
    const sizes = (flag("--sizes") ?? "250,1000").split(",").map(Number);
    console.log(`offline preview benchmark on ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? "unknown"}), node ${process.version}`);
    const rows: { count: number; wallMs: number; resources: number }[] = [];
    for (const count of sizes) {
        const run = await measure(count);
        const t = run.evaluation.timings;
        const perResourceMs = t.analyzedResources > 0 ? t.analyzeMs / t.analyzedResources : 0;
        rows.push({ count, wallMs: run.wallMs, resources: run.report.summary.resources });
        console.log(
            [
                `N=${count} secrets: ${run.report.summary.resources} resources, ${run.report.summary.mandatory} mandatory / ${run.report.summary.advisory} advisory violations`,
                `  total wall time        ${(run.wallMs / 1000).toFixed(2)} s`,
                `  program under mocks    ${(run.timings.programMs / 1000).toFixed(2)} s (pack started in parallel: ${(t.packStartMs / 1000).toFixed(2)} s)`,
                `  Analyze                ${(t.analyzeMs / 1000).toFixed(2)} s for ${t.analyzedResources} resources = ${perResourceMs.toFixed(2)} ms per resource (runs while the program registers)`,
                `  pack CPU per resource  ${(run.evaluation.packCpuMs / Math.max(1, t.analyzedResources)).toFixed(2)} ms (start-up included)`,
                `  AnalyzeStack           ${(t.analyzeStackMs / 1000).toFixed(2)} s`,
                `  CPU time               cli ${cpuSeconds(process.cpuUsage())} s (cumulative), program ${(run.programCpuMs / 1000).toFixed(2)} s, policy pack ${(run.evaluation.packCpuMs / 1000).toFixed(2)} s`,
                `  peak memory            cli ${mb(process.resourceUsage().maxRSS)}, program ${mb(run.programMaxRssKb)}, policy pack ${mb(run.evaluation.packMaxRssKb)}`,
            ].join("\n"),
        );
    }
    if (rows.length >= 2) {
        const [small, large] = [rows[0], rows[rows.length - 1]];
        const growth = large.wallMs / small.wallMs;
        console.log(`linearity: ${large.count / small.count}x the secrets took ${growth.toFixed(2)}x the time (${(large.wallMs / large.resources).toFixed(2)} vs ${(small.wallMs / small.resources).toFixed(2)} ms per resource, fixed start-up included)`);
    }
}

main().catch((error) => {
    console.error(`bench:policy failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
});
