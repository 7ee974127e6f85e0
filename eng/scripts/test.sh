#!/usr/bin/env bash
# Runs every test project of the solution and ends with one line: "N passed, N failed, N skipped".
# Usage: eng/scripts/test.sh [extra dotnet test arguments]
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
results="$root/artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"

# The report tests open pages in the system's Chromium; a failed install shows as their failure, with its message.
"$root/eng/scripts/install-chromium.sh" || echo "test.sh: Chromium could not be installed; the report page tests will fail" >&2

# A test that runs 15 minutes is taken as hung (the chaos short form takes about 4).
# Build once, then test each project into its own named .trx (timestamped names can collide within a second).
dotnet build "$root/MarketMaking.sln" --configuration Release
status=$?
if [ "$status" -eq 0 ]; then
  for project in "$root"/tests/*/*.Tests.csproj; do
    name="$(basename "$project" .csproj)"
    # The packaging tests need the packed feed: packages.sh runs them below.
    [ "$name" = "MarketMaking.Packaging.Tests" ] && continue
    dotnet test "$project" --configuration Release --no-build --blame-hang-timeout 15m --blame-hang-dump-type none --logger "trx;LogFileName=$name.trx" --results-directory "$results" "$@" || status=$?
  done

  # The NuGet path: packages, the custom-strategy sample built on them alone, the host tool and the dotnet new template.
  "$root/eng/scripts/packages.sh" "$results" || status=$?
fi

passed=0 failed=0 skipped=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  total=$(sed -n 's/.* total="\([0-9]*\)".*/\1/p' <<<"$counters")
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  e=$(sed -n 's/.* executed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
  skipped=$((skipped + ${total:-0} - ${e:-0}))
  # The failed tests by name, so that the end of a long log says which ones (their messages are in the .trx).
  grep -o '<UnitTestResult [^>]*outcome="Failed"[^>]*>' "$trx" | sed -n 's/.* testName="\([^"]*\)".*/\1/p' \
    | while read -r test; do echo "failed: $(basename "$trx" .trx): $test"; done
done
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1  # the build or a test host failed before any test could report
fi
echo "$passed passed, $failed failed, $skipped skipped"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
