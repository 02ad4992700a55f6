#!/usr/bin/env bash
# Scenario 6: start-up time and idle RSS per service (see startup.py).
exec python3 "$(dirname "${BASH_SOURCE[0]}")/startup.py" "$@"
