// The unexpected-read alert: an SNS topic encrypted with a customer-managed key,
// its subscriptions, one EventBridge rule per watched service (state set so that
// read-only management events reach it), each targeting the topic, and a topic
// policy that lets only those rules publish.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { topicKeyPolicy, topicPolicy } from "./auditDocuments";
import type { AlertSubscription } from "./auditSettings";
import { READ_EVENTS_RULE_STATE, type ReadPatterns, type WatchedReads, unexpectedReadPatterns } from "./readPatterns";

export interface AlertTopic {
    readonly topic: aws.sns.Topic;
    readonly key: aws.kms.Key;
    readonly subscriptions: readonly aws.sns.TopicSubscription[];
}

export function createAlertTopic(
    args: { resourcePrefix: string; description: string; subscriptions: readonly AlertSubscription[]; accountId: pulumi.Input<string>; partition: pulumi.Input<string>; tags: Record<string, string> },
    opts: pulumi.CustomResourceOptions,
): AlertTopic {
    const p = args.resourcePrefix;
    const key = new aws.kms.Key(
        `${p}-alert-key`,
        {
            description: `Encrypts ${args.description}`,
            enableKeyRotation: true,
            deletionWindowInDays: 30,
            policy: pulumi.all([args.accountId, args.partition]).apply(([accountId, partition]) => topicKeyPolicy({ accountId, partition })),
            tags: args.tags,
        },
        opts,
    );
    const topic = new aws.sns.Topic(`${p}-alert-topic`, { displayName: args.description.slice(0, 100), kmsMasterKeyId: key.arn, tags: args.tags }, opts);
    const subscriptions = args.subscriptions.map(
        (s, i) => new aws.sns.TopicSubscription(`${p}-alert-subscription-${i}`, { topic: topic.arn, protocol: s.protocol, endpoint: s.endpoint }, opts),
    );
    return { topic, key, subscriptions };
}

export interface ReadAlertRules {
    readonly rules: Readonly<Partial<Record<keyof ReadPatterns, aws.cloudwatch.EventRule>>>;
    readonly targets: readonly aws.cloudwatch.EventTarget[];
    readonly topicPolicy: aws.sns.TopicPolicy;
}

/** Watches `watched` (resolved when the ARNs are known) and sends every match to `topic`. */
export function createReadAlertRules(
    args: { resourcePrefix: string; ruleNamePrefix: string; watched: pulumi.Output<WatchedReads>; services: readonly (keyof ReadPatterns)[]; topic: aws.sns.Topic; tags: Record<string, string> },
    opts: pulumi.CustomResourceOptions,
): ReadAlertRules {
    const p = args.resourcePrefix;
    const patterns = args.watched.apply(unexpectedReadPatterns);
    const rules: Partial<Record<keyof ReadPatterns, aws.cloudwatch.EventRule>> = {};
    const targets: aws.cloudwatch.EventTarget[] = [];
    for (const service of args.services) {
        const rule = new aws.cloudwatch.EventRule(
            `${p}-unexpected-read-${service}`,
            {
                // A fixed name: the target and the pack can name the rule before it exists.
                name: `${args.ruleNamePrefix}-unexpected-read-${service}`.slice(0, 64),
                description: `A read of the set's ${service} by a principal that is not a declared reader`,
                eventPattern: patterns.apply((all) => JSON.stringify(all[service] ?? {})),
                state: READ_EVENTS_RULE_STATE,
                tags: args.tags,
            },
            opts,
        );
        rules[service] = rule;
        targets.push(new aws.cloudwatch.EventTarget(`${p}-unexpected-read-${service}-target`, { rule: rule.name, arn: args.topic.arn }, opts));
    }
    const ruleArns = Object.values(rules).map((r) => r.arn);
    const policy = new aws.sns.TopicPolicy(
        `${p}-alert-topic-policy`,
        { arn: args.topic.arn, policy: pulumi.all([args.topic.arn, pulumi.all(ruleArns)]).apply(([topicArn, arns]) => topicPolicy({ topicArn, ruleArns: arns })) },
        opts,
    );
    return { rules, targets, topicPolicy: policy };
}
