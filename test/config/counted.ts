/** `fn`, recording the arguments of each call: tests count how often the git history is read. */
export function counted<A extends unknown[], R>(fn: (...args: A) => R): { calls: A[]; read: (...args: A) => R } {
  const calls: A[] = [];
  return {
    calls,
    read: (...args: A) => {
      calls.push(args);
      return fn(...args);
    },
  };
}
