#!/usr/bin/env bash
# Scenario 5: the gateway's added latency vs nginx's, on the same requests (see gateway_overhead.py).
exec python3 "$(dirname "${BASH_SOURCE[0]}")/gateway_overhead.py" "$@"
