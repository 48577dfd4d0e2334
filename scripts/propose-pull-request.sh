#!/usr/bin/env bash
# Commits what the caller staged to BRANCH (made afresh from the current commit), pushes it, and
# opens the pull request, or updates the one already open from that branch. An empty commit
# carries a notice that changes nothing when merged. Used by the scheduled workflows that propose
# changes (agreements-ending.sh, users-gone.sh). Needs git and gh (GH_TOKEN); BASE is the branch
# to merge into.
# Usage: propose-pull-request.sh BRANCH TITLE COMMIT_MESSAGE BODY_FILE
set -euo pipefail

branch=$1
title=$2
message=$3
body=$4
base=${BASE:-main}

open=$(gh pr list --head "$branch" --base "$base" --state open --json number --jq '.[0].number // empty')
git config user.name "github-actions[bot]"
git config user.email "41898282+github-actions[bot]@users.noreply.github.com"
git switch --quiet --force-create "$branch"
git commit --allow-empty --quiet --message "$message"
gh auth setup-git
git push --force --quiet origin "$branch"

if [ -n "$open" ]; then
  gh pr edit "$open" --title "$title" --body-file "$body"
else
  gh pr create --base "$base" --head "$branch" --title "$title" --body-file "$body"
fi
