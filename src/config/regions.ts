import { closest } from "fastest-levenshtein";

/**
 * The partition every ARN this system writes is in (`arn:aws:`). Regions of other partitions
 * (aws-cn, aws-us-gov, the isolated ones) have other ARNs, other accounts and no cross-partition
 * access, so they are refused rather than half supported.
 */
const PARTITION = "aws";

/**
 * Every AWS region and its partition, as the AWS CDK's region table (aws-cdk-lib/region-info)
 * lists them. Copied rather than imported so `validate` loads nothing from node_modules at
 * start-up; a test fails when a CDK upgrade brings a region this table lacks.
 */
export const REGION_PARTITIONS: Readonly<Record<string, string>> = {
  "af-south-1": "aws",
  "ap-east-1": "aws",
  "ap-east-2": "aws",
  "ap-northeast-1": "aws",
  "ap-northeast-2": "aws",
  "ap-northeast-3": "aws",
  "ap-south-1": "aws",
  "ap-south-2": "aws",
  "ap-southeast-1": "aws",
  "ap-southeast-2": "aws",
  "ap-southeast-3": "aws",
  "ap-southeast-4": "aws",
  "ap-southeast-5": "aws",
  "ap-southeast-6": "aws",
  "ap-southeast-7": "aws",
  "ca-central-1": "aws",
  "ca-west-1": "aws",
  "cn-north-1": "aws-cn",
  "cn-northwest-1": "aws-cn",
  "eu-central-1": "aws",
  "eu-central-2": "aws",
  "eu-isoe-west-1": "aws-iso-e",
  "eu-north-1": "aws",
  "eu-south-1": "aws",
  "eu-south-2": "aws",
  "eu-west-1": "aws",
  "eu-west-2": "aws",
  "eu-west-3": "aws",
  "eusc-de-east-1": "aws-eusc",
  "il-central-1": "aws",
  "me-central-1": "aws",
  "me-south-1": "aws",
  "me-west-1": "aws",
  "mx-central-1": "aws",
  "sa-east-1": "aws",
  "us-east-1": "aws",
  "us-east-2": "aws",
  "us-gov-east-1": "aws-us-gov",
  "us-gov-west-1": "aws-us-gov",
  "us-iso-east-1": "aws-iso",
  "us-iso-west-1": "aws-iso",
  "us-isob-east-1": "aws-iso-b",
  "us-isob-west-1": "aws-iso-b",
  "us-isof-east-1": "aws-iso-f",
  "us-isof-south-1": "aws-iso-f",
  "us-west-1": "aws",
  "us-west-2": "aws",
};

const COMMERCIAL = Object.keys(REGION_PARTITIONS).filter((r) => REGION_PARTITIONS[r] === PARTITION);

/** The region of the aws partition whose name is closest to `text`: a misspelt region's likely meaning. */
export const closestRegion = (text: string): string => closest(text.toLowerCase(), COMMERCIAL);

/** Why `region` cannot be deployed to, and what to write instead; undefined when it can. */
export function regionProblem(region: string): { problem: string; fix: string } | undefined {
  const partition = REGION_PARTITIONS[region];
  if (partition === PARTITION) return undefined;
  if (partition) {
    return {
      problem: `region ${region} is in the ${partition} partition, but this platform's ARNs are all arn:${PARTITION}: and only regions of the ${PARTITION} partition are supported`,
      fix: "Deploy to a region of the aws partition, e.g. region: eu-west-2.",
    };
  }
  return {
    problem: "region is not an AWS region",
    fix: `Write region: ${closestRegion(region)}, or another region of the aws partition.`,
  };
}
