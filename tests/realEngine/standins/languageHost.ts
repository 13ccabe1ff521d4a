// Stand-in for `pulumi-language-nodejs`, the Node.js language host that the Go
// module proxy does not serve. It is a LanguageRuntime gRPC server like the
// official Go host: the CLI starts it with the engine address as the last
// argument and reads the port from its first stdout line. It then
//   - Run:       starts the program with the SDK's own `@pulumi/pulumi/cmd/run`
//                (config in PULUMI_CONFIG / PULUMI_CONFIG_SECRET_KEYS, flags as the Go host passes them);
//   - RunPlugin: starts a policy pack (kind `analyzer`) with `@pulumi/pulumi/cmd/run-policy-pack
//                <engine> .` from the pack folder, streaming its stdout/stderr and exit code back;
//   - GetRequiredPackages / GetRequiredPlugins: the provider packages found in the program's node_modules.
// Everything that is not needed to preview, update and destroy (code generation,
// packing, dependency installation) answers UNIMPLEMENTED.
import { spawn } from "child_process";
import * as grpc from "@grpc/grpc-js";
import * as languageGrpc from "@pulumi/pulumi/proto/language_grpc_pb";
import * as language from "@pulumi/pulumi/proto/language_pb";
import * as plugin from "@pulumi/pulumi/proto/plugin_pb";
import { requiredProviderPackages } from "./requiredPackages";

/** Exit code by which `cmd/run` says it already reported a user-actionable error (the Go host's "bail"). */
const PROGRAM_REPORTED_ERROR_EXIT_CODE = 32;
const HOST_VERSION = "3.276.0-secretset-standin";

type UnaryCall<Req> = grpc.ServerUnaryCall<Req, unknown>;
type Callback<Res> = grpc.sendUnaryData<Res>;

function programDirectory(info: language.ProgramInfo | undefined, fallback: string): string {
    return info?.getProgramDirectory() || fallback;
}

function runtimeOptions(info: language.ProgramInfo | undefined): Record<string, unknown> {
    return (info?.getOptions()?.toJavaScript() ?? {}) as Record<string, unknown>;
}

/** The SDK entry point (`cmd/run`, `cmd/run-policy-pack`) from the program's own node_modules. */
function sdkEntry(dir: string, entry: string): string {
    return require.resolve(`@pulumi/pulumi/${entry}`, { paths: [dir] });
}

function runArguments(request: language.RunRequest, engineAddress: string, program: string): string[] {
    const args: string[] = [];
    const add = (flag: string, value: string | number | undefined) => {
        if (value !== undefined && value !== "" && value !== 0) args.push(`--${flag}`, String(value));
    };
    add("monitor", request.getMonitorAddress());
    add("engine", engineAddress);
    add("organization", request.getOrganization());
    add("project", request.getProject());
    add("stack", request.getStack());
    add("pwd", request.getPwd());
    if (request.getDryrun()) args.push("--dry-run");
    add("parallel", request.getParallel());
    args.push(program, ...request.getArgsList());
    return args;
}

function runEnvironment(request: language.RunRequest): NodeJS.ProcessEnv {
    const config: Record<string, string> = {};
    request.getConfigMap().forEach((value, key) => { config[key] = value; });
    const options = runtimeOptions(request.getInfo());
    const env: NodeJS.ProcessEnv = {
        ...process.env,
        PULUMI_CONFIG: JSON.stringify(config),
        PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(request.getConfigsecretkeysList()),
    };
    if (options.typescript !== undefined) env.PULUMI_NODEJS_TYPESCRIPT = String(options.typescript);
    if (typeof options.tsconfig === "string") env.PULUMI_NODEJS_TSCONFIG_PATH = options.tsconfig;
    return env;
}

function run(engineAddress: string) {
    return (call: UnaryCall<language.RunRequest>, callback: Callback<language.RunResponse>) => {
        const request = call.request;
        const dir = programDirectory(request.getInfo(), request.getPwd());
        const entryPoint = request.getInfo()?.getEntryPoint() || request.getProgram() || ".";
        let runPath: string;
        try {
            runPath = sdkEntry(dir, "cmd/run");
        } catch {
            callback({ code: grpc.status.FAILED_PRECONDITION, details: `@pulumi/pulumi is not installed for ${dir}; run npm install.` });
            return;
        }
        // Program output goes to our stdout/stderr, which the engine shows as the program's output.
        const child = spawn(process.execPath, [runPath, ...runArguments(request, engineAddress, entryPoint)], {
            cwd: request.getPwd() || dir, env: runEnvironment(request), stdio: ["ignore", "inherit", "inherit"],
        });
        child.on("error", (error) => callback({ code: grpc.status.INTERNAL, details: `could not start the program: ${error.message}` }));
        child.on("exit", (code, signal) => {
            const response = new language.RunResponse();
            if (code === PROGRAM_REPORTED_ERROR_EXIT_CODE) response.setBail(true);
            else if (code !== 0) response.setError(`Program exited with non-zero exit code: ${code ?? signal}`);
            callback(null, response);
        });
    };
}

function runPlugin(call: grpc.ServerWritableStream<language.RunPluginRequest, language.RunPluginResponse>): void {
    const request = call.request;
    const dir = programDirectory(request.getInfo(), request.getPwd());
    if (request.getKind() !== "analyzer") {
        call.destroy(Object.assign(new Error(`the stand-in language host runs policy packs only, not ${request.getKind()} plugins`), { code: grpc.status.UNIMPLEMENTED }));
        return;
    }
    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const entry of request.getEnvList()) {
        const at = entry.indexOf("=");
        if (at > 0) env[entry.slice(0, at)] = entry.slice(at + 1);
    }
    const child = spawn(process.execPath, [sdkEntry(dir, "cmd/run-policy-pack"), ...request.getArgsList(), "."], { cwd: dir, env, stdio: ["ignore", "pipe", "pipe"] });
    const forward = (set: (chunk: Uint8Array) => void) => (chunk: Buffer) => {
        const response = new language.RunPluginResponse();
        set.call(response, new Uint8Array(chunk));
        call.write(response);
    };
    child.stdout.on("data", forward(language.RunPluginResponse.prototype.setStdout));
    child.stderr.on("data", forward(language.RunPluginResponse.prototype.setStderr));
    child.on("close", (code) => {
        const response = new language.RunPluginResponse();
        response.setExitcode(code ?? 1);
        call.write(response);
        call.end();
    });
    // The engine cancels the stream to stop the pack.
    call.on("cancelled", () => child.kill());
}

function packageDependencies(dir: string): plugin.PackageDependency[] {
    return requiredProviderPackages(dir).map((pkg) => {
        const dependency = new plugin.PackageDependency();
        dependency.setKind("resource");
        dependency.setName(pkg.name);
        dependency.setVersion(pkg.version);
        if (pkg.server) dependency.setServer(pkg.server);
        return dependency;
    });
}

function getRequiredPackages(call: UnaryCall<language.GetRequiredPackagesRequest>, callback: Callback<language.GetRequiredPackagesResponse>): void {
    const response = new language.GetRequiredPackagesResponse();
    response.setPackagesList(packageDependencies(programDirectory(call.request.getInfo(), process.cwd())));
    callback(null, response);
}

function getRequiredPlugins(call: UnaryCall<language.GetRequiredPluginsRequest>, callback: Callback<language.GetRequiredPluginsResponse>): void {
    const response = new language.GetRequiredPluginsResponse();
    response.setPluginsList(packageDependencies(programDirectory(call.request.getInfo(), call.request.getPwd())).map((p) => {
        const dependency = new plugin.PluginDependency();
        dependency.setKind(p.getKind());
        dependency.setName(p.getName());
        dependency.setVersion(p.getVersion());
        dependency.setServer(p.getServer());
        return dependency;
    }));
    callback(null, response);
}

function getPluginInfo(_call: unknown, callback: Callback<plugin.PluginInfo>): void {
    const info = new plugin.PluginInfo();
    info.setVersion(HOST_VERSION);
    callback(null, info);
}

async function main(): Promise<void> {
    // The engine address is the last positional argument (flags such as -tracing come first).
    const engineAddress = process.argv.slice(2).filter((arg) => !arg.startsWith("-")).pop() ?? "";
    const server = new grpc.Server({ "grpc.max_receive_message_length": 400 * 1024 * 1024 });
    // Methods not listed here get grpc-js's UNIMPLEMENTED answer, which the engine treats as "not supported".
    server.addService(languageGrpc.LanguageRuntimeService, {
        run: run(engineAddress), runPlugin, getRequiredPackages, getRequiredPlugins, getPluginInfo,
    } as unknown as grpc.UntypedServiceImplementation);
    const port = await new Promise<number>((resolve, reject) =>
        server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))));
    process.stdout.write(`${port}\n`);
}

main().catch((error: Error) => {
    process.stderr.write(`pulumi-language-nodejs (stand-in): ${error.message}\n`);
    process.exit(1);
});
