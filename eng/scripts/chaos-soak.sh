#!/usr/bin/env bash
# The chaos suite's long form: the host live against the Kraken-protocol simulator (Starter rate limits, faults on),
# stopped with SIGTERM or killed with SIGKILL at random moments and restarted on its journal, MM_CHAOS_CYCLES times
# (default 200, about 50 minutes on a 2-core machine; the test command runs 20). Prints the seed; MM_CHAOS_SEED=<seed> repeats a run's faults and stops.
# Usage: [MM_CHAOS_CYCLES=200] [MM_CHAOS_SEED=N] eng/scripts/chaos-soak.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export MM_CHAOS_CYCLES="${MM_CHAOS_CYCLES:-200}"
dotnet build "$root/tests/MarketMaker.Kraken.Tests" --configuration Release
dotnet test "$root/tests/MarketMaker.Kraken.Tests" --configuration Release --no-build --filter "Category=Chaos" \
  --blame-hang-timeout 60m --logger "console;verbosity=detailed"
