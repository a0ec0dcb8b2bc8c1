#!/bin/bash
# Figures of one lab-suite run, from its Cucumber messages (reports/labspecs-report.ndjson): wall time, where scenario time
# goes (steps, the cleanup hooks: undo after a scenario or replacing a changed environment before the next, the per-scenario reset), the scenarios whose cleanup costs most, and the
# framework's own time per step (median step duration of the runner self-test features, which run no commands).
# Usage: bench/suite-figures.sh [ndjson]     (figures, not assertions; jq only)
set -euo pipefail
F=${1:-$(dirname "$0")/../reports/labspecs-report.ndjson}
[ -f "$F" ] || { echo "no messages file $F (run the labs first: dotnet pwsh ./run.ps1 run)" >&2; exit 2; }
jq -s -r '
  def secs: (.seconds + .nanos / 1e9);
  def median: sort | if length == 0 then 0 else .[(length / 2 | floor)] end;
  (map(select(.hook)) | map({key: .hook.id, value: .hook.sourceReference.javaMethod.methodName}) | from_entries) as $hooks
  | (map(select(.pickle)) | map({key: .pickle.id, value: .pickle}) | from_entries) as $pickles
  | (map(select(.testCase)) | map({key: .testCase.id, value: .testCase}) | from_entries) as $cases
  | (map(select(.testCaseStarted)) | map({key: .testCaseStarted.id, value: $cases[.testCaseStarted.testCaseId]}) | from_entries) as $started
  | (map(select(.testStepFinished)) | map(.testStepFinished as $f
      | ($started[$f.testCaseStartedId]) as $tc
      | ($tc.testSteps[] | select(.id == $f.testStepId)) as $step
      | { scenario: $pickles[$tc.pickleId].name, uri: $pickles[$tc.pickleId].uri,
          kind: (if $step.hookId then $hooks[$step.hookId] else "step" end),
          status: $f.testStepResult.status, d: ($f.testStepResult.duration | secs) })) as $steps
  | ([.[] | select(.testRunStarted) | .testRunStarted.timestamp | secs][0]) as $t0
  | ([.[] | select(.testRunFinished) | .testRunFinished.timestamp | secs][0]) as $t1
  | ($steps | map(.d) | add) as $all
  | ($steps | map(select(.kind == "step")) | map(.d) | add) as $st
  | ($steps | map(select(.kind == "UndoScenarioCleanupsAsync" or .kind == "ReplaceAChangedEnvironmentAsync")) | map(.d) | add // 0) as $undo
  | ($steps | map(select(.kind == "ResetEnvironmentAsync")) | map(.d) | add // 0) as $reset
  | ($steps | map(select(.kind == "step" and (.uri | test("features/runner")) and .status == "PASSED")) | map(.d * 1000) | median) as $fw
  | "suite wall (first to last message): \($t1 - $t0 | . * 10 | round / 10) s, \($started | length) test cases"
  , "scenario time: \($all | round) s = steps \($st | round) s + cleanup hook \($undo | round) s + reset \($reset | round) s + other hooks \($all - $st - $undo - $reset | round) s"
  , "cleanup + reset share of scenario time: \(($undo + $reset) / $all * 100 | round) %"
  , "framework time per step (median step of the runner self-test features, no commands): \($fw * 10 | round / 10) ms"
  , "dearest cleanups (hooks UndoScenarioCleanupsAsync, ReplaceAChangedEnvironmentAsync before the next scenario + reset, per scenario):"
  , ($steps | map(select(.kind == "UndoScenarioCleanupsAsync" or .kind == "ReplaceAChangedEnvironmentAsync" or .kind == "ResetEnvironmentAsync"))
      | group_by(.scenario) | map({s: .[0].scenario, d: (map(.d) | add)}) | sort_by(-.d) | .[0:5][]
      | "  \(.d * 100 | round / 100) s  \(.s)")
' "$F"
