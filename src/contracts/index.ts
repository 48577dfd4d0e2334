export {
  FORMATS,
  refusalMessage,
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
