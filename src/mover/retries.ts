// How often the mover tries an object and how often the sweep runs: written once, read by the
// infrastructure (src/infra/core/moverFunction.ts, sweep.ts), the messages and the local platform.
// This file must not import the CDK: the Lambda bundles and the CLI read it.

/**
 * Tries of one object event before it is given up: the mover queue's maxReceiveCount, after
 * which SQS moves the message to the dead-letter queue (and the local queue stops retrying).
 */
export const MAX_TRIES = 5;

/** How often the sweep runs on AWS, and how long an object waits in the export bucket before it re-sends it. */
export const SWEEP_EVERY_MINUTES = 15;

/** The sweep's promise, as messages word it: "the sweep sends the object again within 15 minutes". */
export const WITHIN_A_SWEEP = `within ${SWEEP_EVERY_MINUTES} minutes`;
