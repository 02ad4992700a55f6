#!/usr/bin/env bash
# Scenario 3: submission accepted -> visible in the progress API, at 1,000/s open loop (see propagation.py).
exec python3 "$(dirname "${BASH_SOURCE[0]}")/propagation.py" "$@"
