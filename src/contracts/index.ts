export {
  FORMATS,
  refusalMessage,
  refusalProblem,
  type CsvDialect,
  type Format,
  type Inspection,
  type Recognised,
  type Refused,
} from "./inspection";
export type { DataContract, FileContract } from "./contract";
export { inspectObject } from "./inspectObject";
export { HEADER_LIMIT, PARQUET_FOOTER_LIMIT, PROBE_SIZE } from "./limits";
export { RangeReadError, type ObjectSource, type RangeRead } from "./rangeRead";
export { hold, type Hold, type HoldCode } from "./hold";
export { entryFor, judge, type Judgement } from "./judge";
export { formatBytes } from "./limits";
