// The library entry point (`import { SecretSet } from "secretset"`). Importing it
// registers nothing, reads no stack config and starts nothing: every export is a
// class, a function or a type. The Pulumi program in the repository root (index.ts)
// is the reference use of these exports.
export { SecretSet } from "./secretSet";
export { SecretSetReference, type SecretSetReferenceOptions } from "./secretSetReference";
export type { EcsTaskRole, ReadGrantee } from "./grantees";
export type { CodeBuildReference, EcsContainerSecret, SecretLocation } from "./secretReferences";
export type { SecretSetArgs } from "./secretSetArgs";
export type { SecretSummary, StoredSecret } from "./storedSecret";
export type {
    AdoptSpec,
    Backend,
    ClassificationTightenings,
    CrossAccountReader,
    ExistingKmsKeys,
    GenerateSpec,
    ProvidedValue,
    ReplicaSpec,
    RotationSpec,
    SecretDeclaration,
    VaultSettings,
} from "./types";
export { SecretSetValidationError, validateSecretSet, type ValidationProblem } from "./validation";
export { SecretConsumer, createSecretConsumers } from "./secretConsumer";
export { type ConsumerDeclaration, type ConsumerProblem, assertValidConsumers, validateConsumers } from "./consumers";
export type { AccessibleSecret, AccessibleSet } from "./accessibleSet";
export { buildReadPolicyDocument, type PolicyDocument, type ReadableSecretArns } from "./grants";
export { renderVaultReadPolicy } from "./vaultPolicyDocument";
export { CLASSIFICATIONS, type Classification } from "../policies/lib/classification";
