/** An IAM policy document as AWS reads it: plain data, shared by the CDK app, the report and the tests. */
export interface PolicyDocument {
  Version: "2012-10-17";
  Statement: Statement[];
}

export type Principal = "*" | { AWS: string | string[] } | { Service: string | string[] } | { Federated: string };

export interface Statement {
  Sid: string;
  Effect: "Allow" | "Deny";
  Principal?: Principal;
  Action: string | string[];
  /** Absent only in trust policies, where AWS refuses it. */
  Resource?: string | string[];
  Condition?: Record<string, Record<string, string | string[] | boolean>>;
}

/** A policy document of these statements. */
export function policy(...statements: Statement[]): PolicyDocument {
  return { Version: "2012-10-17", Statement: statements };
}

/** The size IAM counts against its limits: the document without whitespace outside strings. */
export function policySize(document: PolicyDocument): number {
  return JSON.stringify(document).length;
}
