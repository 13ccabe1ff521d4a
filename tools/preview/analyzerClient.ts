// The analyzer gRPC protocol, client side, with the request types the engine
// uses (`@pulumi/pulumi/proto/analyzer_*`), as promises.
import * as grpc from "@grpc/grpc-js";
import { BinaryReader } from "google-protobuf";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { AnalyzerClient as GeneratedClient, AnalyzerService } from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import * as analyzerproto from "@pulumi/pulumi/proto/analyzer_pb";

// AnalyzeStack carries every resource of the stack in one message.
const MAX_MESSAGE_BYTES = 400 * 1024 * 1024;

export class AnalyzerConnection {
    private readonly client: GeneratedClient;

    constructor(address: string) {
        this.client = new GeneratedClient(address, grpc.credentials.createInsecure(), {
            "grpc.max_receive_message_length": MAX_MESSAGE_BYTES,
            "grpc.max_send_message_length": MAX_MESSAGE_BYTES,
        });
    }

    private call<Req, Res>(method: (req: Req, callback: (error: grpc.ServiceError | null, response: Res) => void) => unknown, request: Req): Promise<Res> {
        return new Promise((resolve, reject) => {
            method.call(this.client, request, (error, response) => (error ? reject(error) : resolve(response)));
        });
    }

    getAnalyzerInfo(): Promise<analyzerproto.AnalyzerInfo> {
        return this.call(this.client.getAnalyzerInfo, new Empty());
    }

    configure(request: analyzerproto.ConfigureAnalyzerRequest): Promise<unknown> {
        return this.call(this.client.configure, request);
    }

    configureStack(request: analyzerproto.AnalyzerStackConfigureRequest): Promise<analyzerproto.AnalyzerStackConfigureResponse> {
        return this.call(this.client.configureStack, request);
    }

    analyze(request: analyzerproto.AnalyzeRequest): Promise<analyzerproto.AnalyzeResponse> {
        return this.call(this.client.analyze, request);
    }

    analyzeStack(request: analyzerproto.AnalyzeStackRequest): Promise<analyzerproto.AnalyzeResponse> {
        return this.call(this.client.analyzeStack, request);
    }

    /** Analyze with a request already serialized (`encodeAnalyzeRequest`); resolves to its diagnostics. */
    analyzeEncoded(request: Uint8Array): Promise<analyzerproto.AnalyzeDiagnostic[]> {
        return this.encodedCall(AnalyzerService.analyze, request);
    }

    /** AnalyzeStack with a request already serialized (`encodeAnalyzeStackRequest`); resolves to its diagnostics. */
    analyzeStackEncoded(request: Uint8Array): Promise<analyzerproto.AnalyzeDiagnostic[]> {
        return this.encodedCall(AnalyzerService.analyzeStack, request);
    }

    private encodedCall(method: { path: string }, request: Uint8Array): Promise<analyzerproto.AnalyzeDiagnostic[]> {
        return new Promise((resolve, reject) => {
            this.client.makeUnaryRequest(method.path, toBuffer, diagnosticsOf, request, (error, response) => (error ? reject(error) : resolve(response!)));
        });
    }

    close(): void {
        this.client.close();
    }
}

function toBuffer(bytes: Uint8Array): Buffer {
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

// `AnalyzeResponse`: `repeated AnalyzeDiagnostic diagnostics = 2; repeated PolicyNotApplicable not_applicable = 3;`
const DIAGNOSTICS_FIELD = 2;

/**
 * The diagnostics of a serialized `AnalyzeResponse`, read as `AnalyzeResponse.deserializeBinary`
 * reads them. Its not-applicable list (one entry per policy that skipped the resource,
 * ~30 per resource) is skipped unread: the preview reports violations only.
 */
export function diagnosticsOf(bytes: Uint8Array): analyzerproto.AnalyzeDiagnostic[] {
    const reader = new BinaryReader(bytes);
    const diagnostics: analyzerproto.AnalyzeDiagnostic[] = [];
    while (reader.nextField() && !reader.isEndGroup()) {
        if (reader.getFieldNumber() === DIAGNOSTICS_FIELD) {
            const diagnostic = new analyzerproto.AnalyzeDiagnostic();
            reader.readMessage(diagnostic, analyzerproto.AnalyzeDiagnostic.deserializeBinaryFromReader);
            diagnostics.push(diagnostic);
        } else {
            reader.skipField();
        }
    }
    return diagnostics;
}
