/**
 * GitHub's OpenID Connect issuer as IAM sees it. A workflow job asks GitHub for a token whose
 * `aud` is `sts.amazonaws.com` (what aws-actions/configure-aws-credentials requests) and whose
 * `sub` says where the job runs: `repo:<owner>/<name>:environment:<environment>` for a job that
 * names an environment, otherwise `repo:<owner>/<name>:ref:<ref>` for a push
 * (docs.github.com, "OpenID Connect reference", subject claims). IAM offers both claims as
 * condition keys under the issuer's host name.
 */
const GITHUB_OIDC_HOST = "token.actions.githubusercontent.com";
export const GITHUB_OIDC_URL = `https://${GITHUB_OIDC_HOST}`;
export const STS_AUDIENCE = "sts.amazonaws.com";
export const AUDIENCE_KEY = `${GITHUB_OIDC_HOST}:aud`;
export const SUBJECT_KEY = `${GITHUB_OIDC_HOST}:sub`;

/** The one IAM OIDC provider per account for GitHub: its ARN is fixed by the issuer's host. */
export const githubProviderArn = (account: string) => `arn:aws:iam::${account}:oidc-provider/${GITHUB_OIDC_HOST}`;

/** The subject of a job that runs on a push to `branch`, naming no environment. */
export const branchSubject = (repository: string, branch: string) => `repo:${repository}:ref:refs/heads/${branch}`;

/** The subject of a job that names `environment`, whatever branch or event started it. */
export const environmentSubject = (repository: string, environment: string) =>
  `repo:${repository}:environment:${environment}`;
