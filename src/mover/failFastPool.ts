/**
 * Runs `work` over `items`, at most `limit` at once, in order of start. After the first failure
 * no item starts; the items already running are waited for, and then the first error is thrown.
 * So whoever cleans up after a failure (AbortMultipartUpload) runs when nothing is in flight.
 */
export async function failFastPool<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failure: { error: unknown } | undefined;
  const runner = async () => {
    while (!failure && next < items.length) {
      const i = next++;
      try {
        results[i] = await work(items[i] as T);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, runner));
  if (failure) throw failure.error;
  return results;
}
