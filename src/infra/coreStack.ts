import { Stack, type CfnElement, type StackProps } from "aws-cdk-lib";
import * as cloudwatchActions from "aws-cdk-lib/aws-cloudwatch-actions";
import type { Construct } from "constructs";
import type { Plan } from "../plan/plan";
import { alarmTopic } from "./alarmTopic";
import { DeliveryLedger } from "./core/deliveryLedger";
import { ExportBucket } from "./core/exportBucket";
import { MoverFunction } from "./core/moverFunction";
import { groupFreeLogicalId } from "./core/resourceGroup";
import { statusReaders } from "./core/statusReaders";
import { SWEEPER_FUNCTION, Sweep } from "./core/sweep";

/**
 * What every dataset shares: the export bucket and its access-log bucket, the delivery ledger and
 * its records key, the mover (its queue, dead-letter queue and function), the sweep, the topic
 * their alarms notify, and the policy that lets people read delivery status.
 */
export class CoreStack extends Stack {
  constructor(scope: Construct, id: string, plan: Plan, props: StackProps) {
    super(scope, id, props);
    const alarms = new cloudwatchActions.SnsAction(alarmTopic(this, plan.settings.alarmEmails));
    const exports = new ExportBucket(this, "Exports", plan);
    const exportBucket = exports.bucket;
    const ledger = new DeliveryLedger(this, "Ledger", {
      plan,
      functionNames: [plan.mover.functionName, SWEEPER_FUNCTION],
    });
    // S3 refuses a logging target that does not exist yet (InvalidTargetBucketForLogging).
    ledger.node.addDependency(exports);
    const { queue } = new MoverFunction(this, "Moving", { plan, exportBucket, alarms, ledger });
    new Sweep(this, "Sweep", { plan, exportBucket, queue, alarms, recordsKey: ledger.key });
    statusReaders(this, plan.settings);
  }

  // The groups came after the first deployments: leaving them out of logical ids replaces nothing.
  protected override allocateLogicalId(element: CfnElement): string {
    return groupFreeLogicalId(this, element);
  }
}
