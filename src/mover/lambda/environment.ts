/**
 * A setting the deployment gives the function in its environment. Missing, the function fails at
 * cold start, loudly, instead of moving objects with an empty bucket name or queue.
 */
export function requiredEnv(name: string, env: NodeJS.ProcessEnv = process.env): string {
  const value = env[name];
  if (!value)
    throw new Error(
      `${name} is not set: the function was deployed without its configuration. Deploy it with the CDK app (src/infra/coreStack.ts and src/infra/core/), which sets it.`,
    );
  return value;
}
