#!/usr/bin/env bash
# deploy/checks/shellcheck.sh: ShellCheck on every shell script of the deployment and CI tooling:
# everything under deploy/ (deploy/stack, its parts in deploy/stack.d/, the checks, compose's keygen.sh),
# .ci/run, bench/run and bench/scenarios/. A file counts as a shell script when its name ends in .sh, its
# first line is a sh/bash shebang, or it says `# shellcheck shell=`. node_modules/ and target/ are skipped.
#
#   - all severities count (style included); sourced files are followed (-x), and the repository's
#     .shellcheckrc looks a `# shellcheck source=` path up beside the script that sources it;
#   - a `# shellcheck disable=SCnnnn` must say why on the same line: `# shellcheck disable=SC2086  # why`.
#
# Installs Debian's shellcheck package when it is missing (deploy/checks/lib-apt.sh). Exit 1 on any finding.
set -uo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
REPO=$(cd "$HERE/../.." && pwd -P)
# shellcheck source=lib-apt.sh
. "$HERE/lib-apt.sh"
ensure_cmd shellcheck shellcheck || exit 1
cd "$REPO" || exit 1

is_shell() {
  [[ $1 == *.sh ]] && return 0
  local first
  IFS= read -r first <"$1" 2>/dev/null || return 1
  [[ $first =~ ^#!.*[/\ ](ba)?sh([[:space:]]|$) || $first == "# shellcheck shell="* ]]
}

files=()
while IFS= read -r f; do
  is_shell "$f" && files+=("$f")
done < <({ find deploy bench -type d \( -name node_modules -o -name target \) -prune -o -type f -print; echo .ci/run; } | sort -u)
((${#files[@]})) || { echo "shellcheck: no shell script found (run from a checkout of the repository)"; exit 1; }

failed=0
echo "shellcheck: $(shellcheck --version | sed -n 's/^version: //p'), ${#files[@]} scripts"
if out=$(shellcheck -x -f gcc "${files[@]}" 2>&1); then
  printf 'ok   %s\n' "${files[@]}"
else
  mapfile -t lines <<<"$out"
  printf 'FAIL %s\n' "${lines[@]}"
  failed=1
fi

# every disable says why
if unexplained=$(grep -nE '#[[:space:]]*shellcheck[[:space:]]+disable=' "${files[@]}" | grep -vE 'disable=[A-Z0-9,]+[[:space:]]+#[[:space:]]*[^[:space:]]'); then
  mapfile -t lines <<<"$unexplained"
  printf 'FAIL a disable without a reason (add "  # why" after it): %s\n' "${lines[@]}"
  failed=1
fi

if ((failed)); then echo "shellcheck: FAILED"; exit 1; fi
echo "shellcheck: all ${#files[@]} scripts clean"
