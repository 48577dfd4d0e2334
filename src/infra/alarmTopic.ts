import * as sns from "aws-cdk-lib/aws-sns";
import * as subscriptions from "aws-cdk-lib/aws-sns-subscriptions";
import { Validations } from "aws-cdk-lib";
import type { Construct } from "constructs";

/**
 * The topic every alarm notifies, with the settings' alarm_emails subscribed (each address must
 * confirm its subscription before it receives anything).
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Notify_Users_Alarm_Changes.html
 */
export function alarmTopic(scope: Construct, emails: readonly string[]): sns.Topic {
  const topic = new sns.Topic(scope, "AlarmTopic", { topicName: "data-exports-alarms", enforceSSL: true });
  for (const email of emails) topic.addSubscription(new subscriptions.EmailSubscription(email));
  Validations.of(topic).acknowledge({
    id: "AwsSolutions-SNS2",
    reason:
      "Alarm notifications carry alarm names and states, no exported data; encrypting them would need a customer managed key that CloudWatch may use.",
  });
  return topic;
}
