import { NOTICE_PUBLISH } from "../actions";
import { topicArn } from "../arns";
import { NOTIFY_TOPIC_PREFIX } from "../names";
import type { PolicyDocument, Statement } from "../policyDocument";
import type { Settings } from "../../config/settings";

/**
 * A notice topic's policy: it denies publishing except over TLS (cdk-nag's SNS3). It grants
 * nothing: the mover's own role allows its publish, which in the same account is enough.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-basics.html
 */
export function noticeTopicPolicy(arn: string): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "DenyPlainHttp",
        Effect: "Deny",
        Principal: "*",
        Action: NOTICE_PUBLISH,
        Resource: arn,
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      },
    ],
  };
}

/**
 * The mover function's grant to publish notices: every topic named `data-exports-notify-*` in the
 * platform's account and region, and no other (the alarm topic is `data-exports-alarms`). One ARN
 * per dataset would pass IAM's role policy size at 1,000 datasets.
 */
export function noticePublishStatement(settings: Settings): Statement {
  return {
    Sid: "PublishNotices",
    Effect: "Allow",
    Action: NOTICE_PUBLISH,
    Resource: topicArn(settings.region, settings.accountId, `${NOTIFY_TOPIC_PREFIX}*`),
  };
}
