// Builds the analyzer protocol messages for recorded resources, as the engine
// does: inputs for Analyze, state for AnalyzeStack, secrets still wrapped so the
// pack can tell them from plaintext, and the resource options the policy SDK
// requires (without them it reports that the CLI is too old).
//
// The requests are encoded straight to protobuf bytes: the same bytes as building
// `AnalyzeRequest` / `AnalyzerResource` messages with `Struct.fromJavaScript` and
// serializing them (same field order, map keys sorted as google-protobuf sorts
// them), without first building a message object for every value of every
// resource (that cost ~0.15 ms per resource in the CLI).
import { BinaryWriter } from "google-protobuf";
import * as analyzerproto from "@pulumi/pulumi/proto/analyzer_pb";
import type { RecordedResource } from "./model";
import { toAnalyzerWire } from "./wireValues";

type Json = unknown;

/**
 * One `google.protobuf.Value`, as `Value.fromJavaScript(value).serializeBinaryToWriter` writes
 * it. Boxed: `BinaryWriter.writeMessage` skips a null or undefined value altogether.
 */
function writeValue([value]: [Json], writer: BinaryWriter): void {
    if (value === null) {
        writer.writeEnum(1, 0); // null_value: NULL_VALUE
        return;
    }
    switch (typeof value) {
        case "number":
            writer.writeDouble(2, value);
            return;
        case "string":
            writer.writeString(3, value);
            return;
        case "boolean":
            writer.writeBool(4, value);
            return;
        case "object":
            if (Array.isArray(value)) writer.writeMessage(6, value, writeListValue);
            else writer.writeMessage(5, value, writeStruct);
            return;
        default:
            throw new Error("Unexpected struct type."); // what Value.fromJavaScript throws
    }
}

function writeListValue(values: Json[], writer: BinaryWriter): void {
    for (const value of values) writer.writeMessage(1, [value], writeValue);
}

function writeStructEntry(entry: [string, Json], writer: BinaryWriter): void {
    writer.writeString(1, entry[0]);
    writer.writeMessage(2, [entry[1]], writeValue);
}

/** A `google.protobuf.Struct` of a plain object: `for...in` keys, as fromJavaScript reads them, sorted as its map writes them. */
function writeStruct(object: Record<string, Json>, writer: BinaryWriter): void {
    const keys: string[] = [];
    for (const key in object) keys.push(key);
    keys.sort();
    for (const key of keys) writer.writeMessage(1, [key, object[key]], writeStructEntry);
}

/** The options the CLI sends with every resource (without them the policy SDK reports an old CLI). */
export function resourceOptions(resource: RecordedResource): analyzerproto.AnalyzerResourceOptions {
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

function writeString(writer: BinaryWriter, field: number, value: string): void {
    if (value.length > 0) writer.writeString(field, value); // proto3: empty strings are not written
}

/** Fields 1-5 shared by `AnalyzeRequest` and `AnalyzerResource`: type, properties, urn, name, options. */
function writeResourceHead(writer: BinaryWriter, resource: RecordedResource, properties: Record<string, Json>): void {
    writeString(writer, 1, resource.type);
    writer.writeMessage(2, toAnalyzerWire(properties), writeStruct);
    writeString(writer, 3, resource.urn);
    writeString(writer, 4, resource.name);
    writer.writeMessage(5, resourceOptions(resource), analyzerproto.AnalyzerResourceOptions.serializeBinaryToWriter);
}

/** A serialized `AnalyzeRequest` for a resource's inputs. */
export function encodeAnalyzeRequest(resource: RecordedResource): Uint8Array {
    const writer = new BinaryWriter();
    writeResourceHead(writer, resource, resource.inputs);
    return writer.getResultBuffer();
}

function writeUrnList(urns: string[], writer: BinaryWriter): void {
    if (urns.length > 0) writer.writeRepeatedString(1, urns);
}

function writePropertyDependency(entry: [string, string[]], writer: BinaryWriter): void {
    writer.writeString(1, entry[0]);
    writer.writeMessage(2, entry[1], writeUrnList);
}

/** A serialized `AnalyzerResource`: one entry of AnalyzeStack, with the resource's state. */
export function encodeAnalyzerResource(resource: RecordedResource): Uint8Array {
    const writer = new BinaryWriter();
    // Recorded state when there is one (ids, ARNs), else the inputs (a preview of a create).
    writeResourceHead(writer, resource, Object.keys(resource.outputs).length > 0 ? resource.outputs : resource.inputs);
    if (resource.parent) writeString(writer, 7, resource.parent);
    if (resource.dependencies.length > 0) writer.writeRepeatedString(8, resource.dependencies);
    for (const key of Object.keys(resource.propertyDependencies).sort()) {
        writer.writeMessage(9, [key, resource.propertyDependencies[key]], writePropertyDependency);
    }
    return writer.getResultBuffer();
}

/**
 * A serialized `AnalyzeStackRequest` with every resource's state. `encoded` gives entries
 * already made with `encodeAnalyzerResource` (an embedded message is written exactly
 * as bytes of the same length would be).
 */
export function encodeAnalyzeStackRequest(resources: readonly RecordedResource[], encoded?: (resource: RecordedResource) => Uint8Array | undefined): Uint8Array {
    const writer = new BinaryWriter();
    for (const resource of resources) writer.writeBytes(1, encoded?.(resource) ?? encodeAnalyzerResource(resource));
    return writer.getResultBuffer();
}
