/** Names of the resources the plan creates: stable, because changing one replaces the resource. */

/** Path of every role the system creates. */
export const SERVICE_ROLE_PATH = "/service-role/";

/** The role the mover assumes for one push dataset. */
export const moverRoleName = (dataset: string) => `export_${dataset}-move`;

/** The mover function's own execution role, which may only assume dataset roles. */
export const MOVER_FUNCTION_ROLE = "data-exports-mover";
export const MOVER_FUNCTION = "data-exports-mover";
export const QUEUE = "data-exports-objects";
export const DEAD_LETTER_QUEUE = "data-exports-objects-dead-letter";

/** The role a pull dataset's Google and Azure principals assume through web identity federation. */
export const federatedRoleName = (dataset: string) => `pull_${dataset}-federated`;
/** Every delivery-notice topic's name starts with this, so the mover's grant can name them all and nothing else. */
export const NOTIFY_TOPIC_PREFIX = "data-exports-notify-";

/** The SNS topic of one push dataset's delivery notices (decision 0010). */
export const notifyTopicName = (dataset: string) => `${NOTIFY_TOPIC_PREFIX}${dataset}`;
