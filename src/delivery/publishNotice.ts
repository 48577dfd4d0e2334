// Delivery notices on AWS: the only file that uses the SNS client.
import { PublishCommand, type SNSClient } from "@aws-sdk/client-sns";
import { NOTICE_KIND_ATTRIBUTE, type Notice } from "./notice";

/** Sends one notice; rejects when it could not. */
export type PublishNotice = (topicArn: string, notice: Notice) => Promise<void>;

/**
 * A PublishNotice over SNS: the notice's kind rides as a message attribute, which each
 * subscription's filter policy reads (failures-only subscribers never see deliveries).
 * Needs sns:Publish on the topic (SNS API reference, Publish).
 */
export function snsPublisher(sns: SNSClient): PublishNotice {
  return async (topicArn, notice) => {
    await sns.send(
      new PublishCommand({
        TopicArn: topicArn,
        Subject: notice.subject,
        Message: notice.message,
        MessageAttributes: { [NOTICE_KIND_ATTRIBUTE]: { DataType: "String", StringValue: notice.kind } },
      }),
    );
  };
}
