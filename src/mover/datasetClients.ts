import { S3Client, type S3ClientConfig } from "@aws-sdk/client-s3";
import type { ClientForDataset, DatasetRoute } from "./moveObject";

/** Credentials for a role, refreshed by the provider before they expire (the SDK's fromTemporaryCredentials). */
export type AssumeRole = (roleArn: string, sessionName: string) => NonNullable<S3ClientConfig["credentials"]>;

/**
 * One S3 client per dataset, acting as that dataset's mover role and kept for the life of the
 * process, so its credentials are assumed once and reused until near expiry.
 */
export function datasetClients(
  routes: ReadonlyMap<string, DatasetRoute>,
  assumeRole: AssumeRole,
  config: S3ClientConfig = {},
): ClientForDataset {
  const clients = new Map<string, S3Client>();
  return (dataset) => {
    const existing = clients.get(dataset);
    if (existing) return existing;
    const route = routes.get(dataset);
    if (!route) throw new Error(`no route for dataset ${dataset}`);
    const client = new S3Client({
      ...config,
      credentials: assumeRole(route.roleArn, `data-exports-${dataset}`.slice(0, 64)),
    });
    clients.set(dataset, client);
    return client;
  };
}
