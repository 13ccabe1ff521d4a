// The analyzer gRPC protocol, client side, with the request types the engine
// uses (`@pulumi/pulumi/proto/analyzer_*`), as promises.
import * as grpc from "@grpc/grpc-js";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { AnalyzerClient as GeneratedClient } from "@pulumi/pulumi/proto/analyzer_grpc_pb";
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

    close(): void {
        this.client.close();
    }
}
