import { closest } from "fastest-levenshtein";
import { RegionInfo } from "aws-cdk-lib/region-info";

/**
 * The partition every ARN this system writes is in (`arn:aws:`). Regions of other partitions
 * (aws-cn, aws-us-gov, the isolated ones) have other ARNs, other accounts and no cross-partition
 * access, so they are refused rather than half supported.
 */
export const PARTITION = "aws";

// The AWS CDK's region table, kept current with each CDK release; the same table synthesis uses.
const KNOWN = RegionInfo.regions.map((r) => ({ name: r.name, partition: r.partition ?? "" }));
const COMMERCIAL = KNOWN.filter((r) => r.partition === PARTITION).map((r) => r.name);

/** Why `region` cannot be deployed to, and what to write instead; undefined when it can. */
export function regionProblem(region: string): { problem: string; fix: string } | undefined {
  const known = KNOWN.find((r) => r.name === region);
  if (known?.partition === PARTITION) return undefined;
  if (known) {
    return {
      problem: `region ${region} is in the ${known.partition} partition, but this platform's ARNs are all arn:${PARTITION}: and only regions of the ${PARTITION} partition are supported`,
      fix: "Deploy to a region of the aws partition, e.g. region: eu-west-2.",
    };
  }
  return {
    problem: "region is not an AWS region",
    fix: `Write region: ${closest(region.toLowerCase(), COMMERCIAL)}, or another region of the aws partition.`,
  };
}
