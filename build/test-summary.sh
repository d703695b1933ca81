#!/usr/bin/env bash
# Closes a `dotnet test` run: one plain line summed over the test assemblies and, when anything failed, the whole
# message of each failure (at most 400 lines) on stderr, then exit 1. A script of its own so the suite can run it
# on logs it writes (tests/Facet.Reliability.Tests/TestScriptTests.cs).
# Usage: build/test-summary.sh DOTNET_TEST_LOG DOTNET_TEST_EXIT_CODE
set -euo pipefail
out=$1
status=$2

read -r passed failed skipped < <(grep -Eo 'Failed: +[0-9]+, Passed: +[0-9]+, Skipped: +[0-9]+' "$out" \
  | awk -F'[:,] *' '{f+=$2; p+=$4; s+=$6} END {print p+0, f+0, s+0}')
echo "tests: $passed passed, $failed failed, $skipped skipped"
if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$passed" -eq 0 ]; then
  # awk stops printing itself: `awk … | head -n 400` under pipefail let head close the pipe early, awk died of SIGPIPE
  # and the script exited 141 before its FAILED line (issue 23).
  awk -v max=400 '/^  Failed /{p=1} /^  (Passed|Skipped) |^(Passed|Failed)! /{p=0} p && n < max {print; n++}' "$out" >&2
  printf '[test.sh] FAILED (dotnet test exit code %s; full log: %s)\n' "$status" "$out" >&2
  exit 1
fi
