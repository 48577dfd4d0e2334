import { CfnWaitConditionHandle, Stack, type StackProps } from "aws-cdk-lib";
import * as sns from "aws-cdk-lib/aws-sns";
import type { Construct } from "constructs";
import { createHash } from "node:crypto";
import type { PushPlan } from "../plan/plan";
import { uniqueIds } from "../plan/uniqueIds";
import { NOTICE_KIND_ATTRIBUTE, noticeKinds } from "../delivery/notice";
import { ownedBy } from "./resourceOwners";

/**
 * SNS's own key for topics: its key policy lets every principal of the account use it through
 * SNS, so the mover's publish needs no KMS grant, and e-mail delivery works with it.
 * https://docs.aws.amazon.com/sns/latest/dg/sns-server-side-encryption.html
 */
export const NOTICE_TOPIC_KEY = "alias/aws/sns";

/** A stable logical-id part for one address: a change of case or order never replaces a subscription. */
const addressId = (email: string) => createHash("sha256").update(email.toLowerCase()).digest("hex").slice(0, 10);

/**
 * One shard of notice topics (decision 0010): for each push dataset with notify addresses, its
 * topic (encrypted, TLS only) and one e-mail subscription per address, filtered on the notice's
 * kind. Deleted with the dataset's notify key: notices carry object keys, never data.
 */
export class NotifyStack extends Stack {
  constructor(scope: Construct, id: string, datasets: readonly PushPlan[], props: StackProps) {
    super(scope, id, props);
    // Keeps the stack deployable when its shard holds no topic.
    new CfnWaitConditionHandle(this, "Keep");
    const ids = uniqueIds(datasets.map((d) => d.dataset.name));
    for (const { dataset, notify } of datasets) {
      if (!notify) continue;
      const logicalId = `${ids.get(dataset.name) as string}Notices`;
      const topic = new sns.CfnTopic(this, `${dataset.name}Notices`, {
        topicName: notify.topicName,
        displayName: "data-exports",
        kmsMasterKeyId: NOTICE_TOPIC_KEY,
      });
      topic.overrideLogicalId(logicalId);
      const policy = new sns.CfnTopicPolicy(this, `${dataset.name}NoticesPolicy`, {
        topics: [topic.ref],
        policyDocument: notify.policy,
      });
      policy.overrideLogicalId(`${logicalId}Policy`);
      ownedBy([dataset.name], topic, policy);
      for (const email of notify.emails) {
        const subscription = new sns.CfnSubscription(this, `${dataset.name}Notices${addressId(email)}`, {
          topicArn: topic.ref,
          protocol: "email",
          endpoint: email,
          filterPolicyScope: "MessageAttributes",
          filterPolicy: { [NOTICE_KIND_ATTRIBUTE]: noticeKinds(notify.deliveries) },
        });
        subscription.overrideLogicalId(`${logicalId}${addressId(email)}`);
        ownedBy([dataset.name], subscription);
      }
    }
  }
}
