#!/bin/bash
# Figures of one lab-suite run, from its Cucumber messages (default reports/labspecs-report.ndjson): wall time, where scenario
# time goes (steps, the cleanup hooks, the per-scenario reset), the scenarios whose cleanup costs most, and the framework's own
# time per step. Computed by `labspecs figures` (src/Site/Outcomes/SuiteFigures.cs); figures, not assertions.
# Usage: bench/suite-figures.sh [ndjson] [--json]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
exec dotnet "$ROOT/src/Cli/bin/Debug/net10.0/labspecs.dll" figures ${1:+--messages "$1"} "${@:2}"
