#!/usr/bin/env bash
# deploy/checks/contracts-static.sh: the two API contracts as their users' tooling reads them, without a running stack.
#   1. Redocly CLI lints docs/openapi.json (the merged document the gateway serves at /api/openapi; system-tests
#      OpenApiDocumentTest keeps the file equal to it) with openapi/redocly.yaml: recommended-strict, i.e. Redocly's
#      recommended rules with every warning an error, plus problem+json error answers, summaries and descriptions;
#      every departure from recommended is explained there.
#   2. openapi/validate-asyncapi.mjs parses and validates docs/asyncapi.yaml with @asyncapi/parser (event-contracts
#      AsyncApiContractTest compares the payload classes with the same file).
#   3. openapi/selftest.mjs: broken copies of both documents must be rejected, each defect by its rule.
# Tools pinned in openapi/package-lock.json, installed with `npm ci` on first use (and when the lock changes); nothing
# is fetched at run time (Redocly's telemetry and update check are off). Needs node >= 20 and npm.
set -uo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
REPO=$(cd "$HERE/../.." && pwd -P)
TOOLS="$HERE/openapi"
# shellcheck source=deploy/checks/lib-apt.sh
. "$HERE/lib-apt.sh"
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true
failed=0

if ! ensure_cmd node nodejs || ! ensure_cmd npm npm; then
    echo "contracts-static: node and npm are not available"
    exit 1
fi
if [[ ! -x $TOOLS/node_modules/.bin/redocly || ! -d $TOOLS/node_modules/@asyncapi/parser
      || $TOOLS/package-lock.json -nt $TOOLS/node_modules/.package-lock.json ]]; then
  echo "== npm ci ($TOOLS)"
  (cd "$TOOLS" && npm ci --no-audit --no-fund --loglevel=error >/tmp/fjq-npm-ci-contracts.log 2>&1) \
    || { echo "FAIL npm ci in $TOOLS (see /tmp/fjq-npm-ci-contracts.log)"; tail -5 /tmp/fjq-npm-ci-contracts.log; exit 1; }
fi

echo "== redocly lint docs/openapi.json (Redocly CLI $("$TOOLS/node_modules/.bin/redocly" --version 2>/dev/null | tail -1))"
# The Node.js 20 deprecation banner goes to stderr with the results; the boxes are dropped, the findings kept.
if out=$("$TOOLS/node_modules/.bin/redocly" lint "$REPO/docs/openapi.json" --config "$TOOLS/redocly.yaml" \
           --format=stylish --max-problems 200 2>&1); then
  grep -v '[║╔╚]' <<<"$out" | grep -v '^\s*$'
else
  grep -v '[║╔╚]' <<<"$out" | grep -v '^\s*$'; echo "FAIL redocly lint docs/openapi.json"; failed=1
fi

echo "== AsyncAPI docs/asyncapi.yaml (@asyncapi/parser)"
node "$TOOLS/validate-asyncapi.mjs" "$REPO/docs/asyncapi.yaml" || failed=1

echo "== selftest (broken copies must fail)"
node "$TOOLS/selftest.mjs" "$REPO/docs/openapi.json" "$REPO/docs/asyncapi.yaml" || failed=1

if ((failed)); then echo "contracts-static: FAILED"; exit 1; fi
echo "contracts-static: all checks passed"
