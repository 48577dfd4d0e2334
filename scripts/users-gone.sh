#!/usr/bin/env bash
# Opens the "users whose roles no longer exist" pull request, or updates the one already open,
# from what `exports prune-users --aws --format json` wrote (its `body` is the pull request's
# body). The gone users' entries are already removed in the work tree. With nothing to report,
# it closes the open pull request. When IAM gave no clear answer about some users, the pull
# request says so and this script fails after it, so the run shows red. Needs git, gh (GH_TOKEN)
# and jq; BASE is the branch to merge into.
set -euo pipefail

json=$1
# A maintenance/ branch: the pull-request check lets it change dataset files (check-branch).
branch=maintenance/users-gone
base=${BASE:-main}

listed=$(jq '(.gone | length) + (.leftAlone | length) + (.refused | length)' "$json")
unchecked=$(jq '.unchecked | length' "$json")
removed=$(jq -r '[.gone[] | select(.removedFrom | length > 0) | .user] | join(", ")' "$json")
incomplete() {
  if [ "$unchecked" -gt 0 ]; then
    echo "::error::IAM gave no clear answer about $unchecked user(s); they were kept. The pull request lists them; the next run asks again."
    exit 1
  fi
}

# prune-users edits dataset files and nothing else; anything else changed means something is wrong.
others=$(git status --porcelain -- . ':!push_datasets' ':!pull_datasets')
deleted=$(git ls-files --deleted -- push_datasets pull_datasets)
if [ -n "$others$deleted" ]; then
  echo "::error::Refusing to propose: files other than dataset files changed, or a dataset file was deleted: $others$deleted"
  exit 1
fi

if [ "$listed" -eq 0 ]; then
  open=$(gh pr list --head "$branch" --base "$base" --state open --json number --jq '.[0].number // empty')
  # An incomplete check proves nothing gone: an open pull request stays until a full check says so.
  if [ -n "$open" ] && [ "$unchecked" -eq 0 ]; then
    gh pr close "$open" --delete-branch --comment "Every platform user's role exists now."
  fi
  echo "No platform user's role is gone."
  incomplete
  exit 0
fi

git add --update -- push_datasets pull_datasets
if [ -n "$removed" ]; then
  message="Remove users whose roles no longer exist: $removed"
else
  # Nobody could be removed (every user of a dataset is gone): an empty commit carries the notice.
  message="Users whose roles no longer exist (nothing removed)"
fi
body=$(mktemp)
jq -r .body "$json" > "$body"
"$(dirname "$0")/propose-pull-request.sh" "$branch" "Data exports: users whose roles no longer exist" "$message" "$body"
incomplete
