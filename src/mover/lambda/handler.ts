// The mover's Lambda entry point. The mover itself is issue #4; until it lands this handler
// moves nothing and reports every record as failed, so each message is retried and then kept in
// the dead-letter queue, and every object stays in the export bucket: nothing is lost or skipped.
interface SqsEvent {
  Records: { messageId: string }[];
}

export const handler = async (event: SqsEvent) => {
  console.error(JSON.stringify({ level: "ERROR", message: "the mover is not deployed yet; the object stays in the export bucket", records: event.Records.length }));
  return { batchItemFailures: event.Records.map((r) => ({ itemIdentifier: r.messageId })) };
};
