/**
 * Calls `say` once for a burst of calls: fs.watch reports one save as two or more events (a
 * write, then a rename or a second write), and an editor's save may touch several files. The
 * call comes `quietMs` after the last event of the burst.
 */
export function onceAfterBurst(say: () => void, quietMs = 300): { event: () => void; dispose: () => void } {
  let timer: NodeJS.Timeout | undefined;
  return {
    event: () => {
      clearTimeout(timer);
      timer = setTimeout(say, quietMs);
    },
    dispose: () => clearTimeout(timer),
  };
}
