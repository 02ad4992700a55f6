#!/usr/bin/env bash
# Starts the local stack from the built jars, runs the end-to-end smoke test through the gateway,
# and always takes the stack down again, leaving no process behind.
set -uo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
stack="$repo/deploy/stack"

cleanup() {
  "$stack" down >/dev/null 2>&1 || true
  if pgrep -f "stack.dir=${STACK_DIR:-$repo/.stack}" >/dev/null 2>&1; then
    echo "stack-e2e: processes left after down:" >&2
    pgrep -af "stack.dir=${STACK_DIR:-$repo/.stack}" >&2
    exit 1
  fi
}
trap cleanup EXIT

if ! "$stack" up; then
  echo "stack-e2e: deploy/stack up failed" >&2
  for c in units-service targets-service reports-service gateway; do "$stack" logs "$c" -n 30 2>/dev/null; done
  exit 1
fi
python3 "$repo/deploy/checks/stack_smoke.py" || exit 1

# The scorecard page in a real browser (Debian's chromium, headless), on the data the smoke test reported.
# shellcheck source=lib-apt.sh
. "$repo/deploy/checks/lib-apt.sh"
ensure_cmd chromium chromium || { echo "stack-e2e: chromium is not available" >&2; exit 1; }
# A CJK font, so the screenshot shows the Chinese names rather than empty boxes.
fc-list 2>/dev/null | grep -qi "wenquanyi\|noto sans cjk" || apt_install fonts-wqy-zenhei || true
python3 "$repo/deploy/checks/scorecard_browser.py" || exit 1

# The pages for people who do not write code (reporting form, file upload, review queue, target page) in the same
# chromium, driven by playwright-core from the npm registry (pinned in deploy/checks/package-lock.json; `npm ci`, no
# browser download); screenshots in target/screenshots/ of the repository.
ensure_cmd node nodejs && ensure_cmd npm npm || { echo "stack-e2e: node and npm are not available" >&2; exit 1; }
(cd "$repo/deploy/checks" && npm ci --no-audit --no-fund --loglevel=error) || { echo "stack-e2e: npm ci failed" >&2; exit 1; }
node "$repo/deploy/checks/pages_browser.mjs" || exit 1

# A real Prometheus scraping the stack: every target up, the business metrics present.
bash "$repo/deploy/checks/monitoring-live.sh"
