/** Something `exports doctor` found that would stop or break an export, at the line to change. */
export interface Finding {
  file: string;
  line: number;
  column: number;
  check:
    | "missing-role"
    | "missing-bucket"
    | "bucket-elsewhere"
    | "target-in-platform-account"
    | "stack-missing"
    | "stack-drift"
    | "bucket-not-ours"
    | "bucket-of-another-dataset"
    | "bucket-untagged"
    | "log-group-not-ours";
  message: string;
}
