// Read-only AWS clients for the audit, configured the standard way: credentials,
// region and endpoints from the environment (AWS_REGION, AWS_ENDPOINT_URL, profiles),
// the stack's `aws:region` as the fallback region. Every call is counted.
import { KMSClient } from "@aws-sdk/client-kms";
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { SSMClient } from "@aws-sdk/client-ssm";
import { type ApiCallCounter, countCalls } from "./apiCalls";

export interface AwsClients {
    readonly secretsManager: SecretsManagerClient;
    readonly ssm: SSMClient;
    readonly kms: KMSClient;
}

export function awsClients(counter: ApiCallCounter, fallbackRegion: string | undefined): AwsClients {
    const region = process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? fallbackRegion;
    const config = { ...(region !== undefined ? { region } : {}), maxAttempts: 3 };
    return {
        secretsManager: countCalls(new SecretsManagerClient(config), "secretsmanager", counter),
        ssm: countCalls(new SSMClient(config), "ssm", counter),
        kms: countCalls(new KMSClient(config), "kms", counter),
    };
}
