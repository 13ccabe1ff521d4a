// EventBridge patterns that match a read of the set's secrets, parameters or keys
// (CloudTrail "AWS API Call via CloudTrail" events) by a principal that is not an
// expected reader. Pure: built from plain ARNs and names, so tests can read them.
//
// Event shapes (CloudTrail record under `detail`):
// - secretsmanager GetSecretValue: requestParameters.secretId = name, full ARN or
//   partial ARN (BatchGetSecretValue logs one GetSecretValue per secret);
// - ssm GetParameter: requestParameters.name; GetParameters: requestParameters.names[];
//   GetParametersByPath: requestParameters.path; GetParameterHistory: requestParameters.name;
// - kms Decrypt: resources[].ARN = the key ARN (also when SSM / Secrets Manager call it
//   for the caller: userIdentity is still the caller).
// - userIdentity.type "AssumedRole": userIdentity.sessionContext.sessionIssuer.arn is the
//   role ARN; other types (IAMUser, Root, FederatedUser, IdentityCenterUser) have no role.

export const CLOUDTRAIL_DETAIL_TYPE = "AWS API Call via CloudTrail";
/** Rule state that lets read-only management events (Get*, Decrypt) reach a rule. */
export const READ_EVENTS_RULE_STATE = "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS";
export const SECRET_READ_EVENTS = ["GetSecretValue"];
export const PARAMETER_READ_EVENTS = ["GetParameter", "GetParameters", "GetParametersByPath", "GetParameterHistory"];
export const KEY_READ_EVENTS = ["Decrypt"];
/** PutRule's limit on the length of an event pattern. */
export const EVENT_PATTERN_MAX_CHARS = 4096;
/** Caller types that are not an IAM role session; none of them is an expected reader. */
const ROLE_SESSION = "AssumedRole";
/** AWS services acting on their own behalf (e.g. CloudTrail writing logs). */
const AWS_SERVICE = "AWSService";

export interface WatchedReads {
    /**
     * Name prefixes of the set's Secrets Manager secrets (`dev/app/`) and the same as ARN
     * prefixes (`arn:aws:secretsmanager:us-east-1:111122223333:secret:dev/app/`): prefixes
     * keep the pattern small whatever the number of secrets. Empty: no secret to watch.
     */
    readonly secretIdPrefixes: readonly string[];
    /** Names of the set's non-public SSM parameters (`/env/app/name`). */
    readonly parameterNames: readonly string[];
    /** ARNs of the customer-managed keys that encrypt the set's values. */
    readonly keyArns: readonly string[];
    /** Role (or user) ARNs allowed to read: consumers, the rotator, declared readers. */
    readonly expectedReaders: readonly string[];
}

type Pattern = Record<string, unknown>;

/** The caller is not one of the expected readers: a non-role caller, or a role not in the list. */
export function unexpectedCallerBranches(expectedReaders: readonly string[]): Pattern[] {
    const roles = [...new Set(expectedReaders.filter((arn) => arn.includes(":role/")))].sort();
    const users = [...new Set(expectedReaders.filter((arn) => arn.includes(":user/")))].sort();
    const nonRole: Pattern = { userIdentity: { type: [{ "anything-but": [ROLE_SESSION, AWS_SERVICE] }] } };
    const otherRole: Pattern = {
        userIdentity: roles.length > 0 ? { type: [ROLE_SESSION], sessionContext: { sessionIssuer: { arn: [{ "anything-but": roles }] } } } : { type: [ROLE_SESSION] },
    };
    if (users.length === 0) return [nonRole, otherRole];
    // An expected IAM user: any non-role caller except those users.
    const nonRoleOtherUser: Pattern = { userIdentity: { type: [{ "anything-but": [ROLE_SESSION, AWS_SERVICE, "IAMUser"] }] } };
    const otherUser: Pattern = { userIdentity: { type: ["IAMUser"], arn: [{ "anything-but": users }] } };
    return [nonRoleOtherUser, otherUser, otherRole];
}

/** Every combination of a caller branch and a resource branch, as one `$or`. */
function crossed(callers: Pattern[], resources: Pattern[]): Pattern[] {
    return callers.flatMap((caller) => resources.map((resource) => ({ ...resource, ...caller })));
}

function apiCallPattern(source: string, eventSource: string, eventNames: readonly string[], branches: Pattern[]): Pattern {
    return {
        source: [source],
        "detail-type": [CLOUDTRAIL_DETAIL_TYPE],
        detail: { eventSource: [eventSource], eventName: [...eventNames], $or: branches },
    };
}

export interface ReadPatterns {
    readonly secrets?: Pattern;
    readonly parameters?: Pattern;
    readonly keys?: Pattern;
}

/** One pattern per service that has something to watch. */
export function unexpectedReadPatterns(watched: WatchedReads): ReadPatterns {
    const callers = unexpectedCallerBranches(watched.expectedReaders);
    const patterns: { secrets?: Pattern; parameters?: Pattern; keys?: Pattern } = {};
    if (watched.secretIdPrefixes.length > 0) {
        const ids = [...new Set(watched.secretIdPrefixes)].sort().map((prefix) => ({ prefix }));
        patterns.secrets = apiCallPattern("aws.secretsmanager", "secretsmanager.amazonaws.com", SECRET_READ_EVENTS, crossed(callers, [{ requestParameters: { secretId: ids } }]));
    }
    if (watched.parameterNames.length > 0) {
        // Callers may leave out the leading slash; a path read of any prefix of a name reaches it.
        const names = [...new Set(watched.parameterNames.flatMap((n) => [n, n.replace(/^\//, "")]))].sort();
        const paths = [...new Set(watched.parameterNames.flatMap(pathPrefixes))].sort();
        const resources: Pattern[] = [{ requestParameters: { name: names } }, { requestParameters: { names } }, { requestParameters: { path: paths } }];
        patterns.parameters = apiCallPattern("aws.ssm", "ssm.amazonaws.com", PARAMETER_READ_EVENTS, crossed(callers, resources));
    }
    if (watched.keyArns.length > 0) {
        patterns.keys = apiCallPattern("aws.kms", "kms.amazonaws.com", KEY_READ_EVENTS, crossed(callers, [{ resources: { ARN: [...new Set(watched.keyArns)].sort() } }]));
    }
    for (const [service, pattern] of Object.entries(patterns)) {
        const length = JSON.stringify(pattern).length;
        if (length > EVENT_PATTERN_MAX_CHARS) {
            throw new Error(`The unexpected-read pattern for ${service} is ${length} characters, over EventBridge's ${EVENT_PATTERN_MAX_CHARS}; declare fewer \`alert.expectedReaders\` or split the set.`);
        }
    }
    return patterns;
}

/** `/dev/app/x` -> `/`, `/dev`, `/dev/app` (with and without a trailing slash). */
function pathPrefixes(name: string): string[] {
    const segments = name.replace(/^\//, "").split("/").slice(0, -1);
    const prefixes = ["/"];
    for (let i = 1; i <= segments.length; i++) {
        const path = `/${segments.slice(0, i).join("/")}`;
        prefixes.push(path, `${path}/`);
    }
    return prefixes;
}
