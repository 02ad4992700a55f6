#!/usr/bin/env bash
# Scenario 1: single submissions through the gateway vs pgbench (see gateway_single.py).
exec python3 "$(dirname "${BASH_SOURCE[0]}")/gateway_single.py" "$@"
