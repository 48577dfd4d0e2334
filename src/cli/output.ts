/** Where a command writes: the process's streams in use, buffers in tests. */
export interface Output {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** True when stdout is a terminal: a person reads it, not a workflow. */
  isTTY?: boolean;
}
