// Pass-through resource provider for the real engine tests: a ResourceProvider
// gRPC server (the protocol the engine speaks to pulumi-resource-aws & co.) that
// stores nothing anywhere and talks to no cloud. Check echoes inputs (rejecting
// invalid JSON documents), Diff compares old and new inputs and asks for a
// replacement where the real provider would (providerRules.ts), Create / Update
// return the inputs plus the outputs the real provider computes (arn, id, names)
// from tools/preview/mockOutputs.ts, Read returns the stored state, Delete
// forgets. Secrets stay wrapped as secrets in every answer.
//
// Usage (written into a plugin folder by tests/realEngine/pluginInstall.ts):
//   node -r ts-node/register/transpile-only passThroughProvider.ts <package> <version> <engine-address>
import * as grpc from "@grpc/grpc-js";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as plugin from "@pulumi/pulumi/proto/plugin_pb";
import * as providerGrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as provider from "@pulumi/pulumi/proto/provider_pb";
import { DEFAULT_REGION, fakeCall, fakeResource } from "../../../tools/preview/mockOutputs";
import { configProblems, JSON_INPUTS, REPLACE_ON_CHANGE } from "./providerRules";
import { containsUnknown, reveal, sameValue, UNKNOWN } from "./propertyValues";

type Props = Record<string, unknown>;
type Call<Req> = grpc.ServerUnaryCall<Req, unknown>;
type Callback<Res> = grpc.sendUnaryData<Res>;

const [pkg = "unknown", version = "0.0.0"] = process.argv.slice(2);
let region = DEFAULT_REGION;

function props(struct: Struct | undefined): Props {
    return (struct?.toJavaScript() ?? {}) as Props;
}

function struct(value: Props): Struct {
    return Struct.fromJavaScript(value as never);
}

function handle<Req, Res>(body: (request: Req) => Res) {
    return (call: Call<Req>, callback: Callback<Res>) => {
        try {
            callback(null, body(call.request));
        } catch (error) {
            callback({ code: grpc.status.UNKNOWN, details: `${pkg} (pass-through): ${(error as Error).message}` });
        }
    };
}

function failure(property: string, reason: string): provider.CheckFailure {
    const f = new provider.CheckFailure();
    f.setProperty(property);
    f.setReason(reason);
    return f;
}

function checkConfig(request: provider.CheckRequest): provider.CheckResponse {
    const news = props(request.getNews());
    const response = new provider.CheckResponse();
    response.setInputs(struct(news));
    response.setFailuresList(configProblems(pkg, news, process.env).map((p) => failure(p.property, p.reason)));
    return response;
}

function diffConfig(request: provider.DiffRequest): provider.DiffResponse {
    const olds = props(request.getOldInputs() ?? request.getOlds());
    const news = props(request.getNews());
    const changed = [...new Set([...Object.keys(olds), ...Object.keys(news)])].filter((k) => !sameValue(olds[k], news[k]));
    const response = new provider.DiffResponse();
    response.setChanges(changed.length > 0 ? provider.DiffResponse.DiffChanges.DIFF_SOME : provider.DiffResponse.DiffChanges.DIFF_NONE);
    response.setDiffsList(changed);
    return response;
}

function configure(request: provider.ConfigureRequest): provider.ConfigureResponse {
    const args = props(request.getArgs());
    const fromVariables = request.getVariablesMap().get(`${pkg}:config:region`) ?? request.getVariablesMap().get(`${pkg}:region`);
    const configured = reveal(args.region) ?? fromVariables ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
    if (typeof configured === "string" && configured !== "" && configured !== UNKNOWN) region = configured;
    const response = new provider.ConfigureResponse();
    response.setAcceptsecrets(true);
    // Resource references arrive as their ids, as for bridged providers.
    response.setAcceptresources(false);
    response.setSupportspreview(true);
    return response;
}

function check(request: provider.CheckRequest): provider.CheckResponse {
    const news = props(request.getNews());
    const failures: provider.CheckFailure[] = [];
    for (const key of JSON_INPUTS[request.getType()] ?? []) {
        const value = reveal(news[key]);
        if (typeof value !== "string" || value === UNKNOWN) continue;
        try {
            JSON.parse(value);
        } catch (error) {
            failures.push(failure(key, `\`${key}\` is not a valid JSON document: ${(error as Error).message}`));
        }
    }
    const response = new provider.CheckResponse();
    response.setInputs(struct(news));
    response.setFailuresList(failures);
    return response;
}

function diff(request: provider.DiffRequest): provider.DiffResponse {
    const olds = props(request.getOldInputs() ?? request.getOlds());
    const news = props(request.getNews());
    const replaceKeys = REPLACE_ON_CHANGE[request.getType()] ?? [];
    const changed = [...new Set([...Object.keys(olds), ...Object.keys(news)])]
        .filter((k) => containsUnknown(news[k]) || !sameValue(olds[k], news[k]))
        .sort();
    const replaces = changed.filter((k) => replaceKeys.includes(k));
    const response = new provider.DiffResponse();
    response.setChanges(changed.length > 0 ? provider.DiffResponse.DiffChanges.DIFF_SOME : provider.DiffResponse.DiffChanges.DIFF_NONE);
    response.setDiffsList(changed);
    response.setReplacesList(replaces);
    response.setHasdetaileddiff(true);
    for (const key of changed) {
        const entry = new provider.PropertyDiff();
        const added = !(key in olds), removed = !(key in news), replace = replaces.includes(key);
        entry.setKind(added ? (replace ? provider.PropertyDiff.Kind.ADD_REPLACE : provider.PropertyDiff.Kind.ADD)
            : removed ? (replace ? provider.PropertyDiff.Kind.DELETE_REPLACE : provider.PropertyDiff.Kind.DELETE)
                : replace ? provider.PropertyDiff.Kind.UPDATE_REPLACE : provider.PropertyDiff.Kind.UPDATE);
        entry.setInputdiff(true);
        response.getDetaileddiffMap().set(key, entry);
    }
    return response;
}

/** Inputs plus the computed outputs; computed values are unknown in a preview, as with the real providers. */
function outputsFor(type: string, name: string, inputs: Props, preview: boolean): { id: string; outputs: Props } {
    const fake = fakeResource(type, name, reveal(inputs) as Props, { region });
    const outputs: Props = { ...inputs };
    for (const [key, value] of Object.entries(fake.outputs)) {
        if (!(key in inputs) || inputs[key] === undefined) outputs[key] = preview ? UNKNOWN : value;
    }
    return { id: preview ? "" : fake.id, outputs };
}

function create(request: provider.CreateRequest): provider.CreateResponse {
    const { id, outputs } = outputsFor(request.getType(), request.getName(), props(request.getProperties()), request.getPreview());
    const response = new provider.CreateResponse();
    response.setId(id);
    response.setProperties(struct(outputs));
    return response;
}

function update(request: provider.UpdateRequest): provider.UpdateResponse {
    const olds = props(request.getOlds());
    const news = props(request.getNews());
    const { outputs } = outputsFor(request.getType(), request.getName(), news, request.getPreview());
    // An in-place update keeps what the cloud computed at creation (arn, ids): only inputs change.
    for (const key of Object.keys(outputs)) {
        if (!(key in news) && olds[key] !== undefined) outputs[key] = olds[key];
    }
    const response = new provider.UpdateResponse();
    response.setProperties(struct(outputs));
    return response;
}

/**
 * What an import (`import` resource option: a Read with an id and no state) finds: the
 * resource as if it existed under that id, its identifying inputs taken from the id.
 */
function importedState(type: string, id: string): Props {
    switch (type) {
        case "aws:secretsmanager/secret:Secret":
            return { arn: id, name: id.split(":").slice(6).join(":").slice(0, -7) };
        case "aws:ssm/parameter:Parameter":
            return { name: id, type: "SecureString" };
        case "vault:kv/secretV2:SecretV2": {
            const [mount, , ...path] = id.split("/");
            return { mount, name: path.join("/"), path: id };
        }
        default:
            return {};
    }
}

function read(request: provider.ReadRequest): provider.ReadResponse {
    const response = new provider.ReadResponse();
    response.setId(request.getId());
    const known = props(request.getProperties());
    if (Object.keys(known).length === 0 && request.getId() !== "") {
        // An import: no state yet.
        const identity = importedState(request.getType(), request.getId());
        const fake = fakeResource(request.getType(), request.getId(), identity, { region });
        response.setProperties(struct({ ...fake.outputs, ...identity }));
        response.setInputs(struct(identity));
        return response;
    }
    response.setProperties(request.getProperties() ?? struct({}));
    if (request.getInputs()) response.setInputs(request.getInputs());
    return response;
}

function invoke(request: provider.InvokeRequest): provider.InvokeResponse {
    const response = new provider.InvokeResponse();
    response.setReturn(struct(fakeCall(request.getTok(), reveal(props(request.getArgs())) as Props, { region })));
    return response;
}

function getPluginInfo(): plugin.PluginInfo {
    const info = new plugin.PluginInfo();
    info.setVersion(version.replace(/^v/, ""));
    return info;
}

async function main(): Promise<void> {
    const server = new grpc.Server({ "grpc.max_receive_message_length": 400 * 1024 * 1024 });
    // Methods left out (GetSchema, Construct, Call, GetMapping, Handshake, ...) answer UNIMPLEMENTED,
    // which the engine treats as "not supported by this provider".
    server.addService(providerGrpc.ResourceProviderService, {
        getPluginInfo: handle(getPluginInfo),
        checkConfig: handle(checkConfig),
        diffConfig: handle(diffConfig),
        configure: handle(configure),
        check: handle(check),
        diff: handle(diff),
        create: handle(create),
        update: handle(update),
        read: handle(read),
        delete: handle(() => new Empty()),
        invoke: handle(invoke),
        cancel: handle(() => new Empty()),
        attach: handle(() => new Empty()),
    } as unknown as grpc.UntypedServiceImplementation);
    const port = await new Promise<number>((resolve, reject) =>
        server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))));
    process.stdout.write(`${port}\n`);
}

main().catch((error: Error) => {
    process.stderr.write(`pulumi-resource-${pkg} (pass-through): ${error.message}\n`);
    process.exit(1);
});
