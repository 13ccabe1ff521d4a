// Builds the analyzer protocol messages for recorded resources, as the engine
// does: inputs for Analyze, state for AnalyzeStack, secrets still wrapped so the
// pack can tell them from plaintext, and the resource options the policy SDK
// requires (without them it reports that the CLI is too old).
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as analyzerproto from "@pulumi/pulumi/proto/analyzer_pb";
import type { RecordedResource } from "./model";
import { toAnalyzerWire } from "./wireValues";

function properties(values: Record<string, unknown>): Struct {
    return Struct.fromJavaScript(toAnalyzerWire(values) as never);
}

function resourceOptions(resource: RecordedResource): analyzerproto.AnalyzerResourceOptions {
    const options = new analyzerproto.AnalyzerResourceOptions();
    options.setProtect(resource.options.protect);
    options.setIgnorechangesList(resource.options.ignoreChanges);
    options.setAdditionalsecretoutputsList(resource.options.additionalSecretOutputs);
    options.setAliasesList(resource.options.aliases);
    options.setDeletebeforereplacedefined(false);
    options.setCustomtimeouts(new analyzerproto.AnalyzerResourceOptions.CustomTimeouts());
    if (resource.parent) options.setParent(resource.parent);
    return options;
}

export function analyzeRequest(resource: RecordedResource): analyzerproto.AnalyzeRequest {
    const request = new analyzerproto.AnalyzeRequest();
    request.setType(resource.type);
    request.setProperties(properties(resource.inputs));
    request.setUrn(resource.urn);
    request.setName(resource.name);
    request.setOptions(resourceOptions(resource));
    return request;
}

export function analyzeStackRequest(resources: readonly RecordedResource[]): analyzerproto.AnalyzeStackRequest {
    const request = new analyzerproto.AnalyzeStackRequest();
    request.setResourcesList(
        resources.map((resource) => {
            const message = new analyzerproto.AnalyzerResource();
            message.setType(resource.type);
            // Recorded state when there is one (ids, ARNs), else the inputs (a preview of a create).
            message.setProperties(properties(Object.keys(resource.outputs).length > 0 ? resource.outputs : resource.inputs));
            message.setUrn(resource.urn);
            message.setName(resource.name);
            message.setOptions(resourceOptions(resource));
            if (resource.parent) message.setParent(resource.parent);
            message.setDependenciesList(resource.dependencies);
            const dependencyMap = message.getPropertydependenciesMap();
            for (const [key, urns] of Object.entries(resource.propertyDependencies)) {
                const dependencies = new analyzerproto.AnalyzerPropertyDependencies();
                dependencies.setUrnsList(urns);
                dependencyMap.set(key, dependencies);
            }
            return message;
        }),
    );
    return request;
}
