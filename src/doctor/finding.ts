/** Something `exports doctor` found that would stop or break an export, at the line to change. */
export interface Finding {
  file: string;
  line: number;
  column: number;
  check: "missing-role" | "missing-bucket" | "bucket-elsewhere" | "stack-missing" | "stack-drift";
  message: string;
}
