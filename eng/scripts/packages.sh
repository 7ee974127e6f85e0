#!/usr/bin/env bash
# The NuGet path a user takes, checked end to end: pack every library, the host tool and the template into the local
# feed (eng/scripts/pack.sh), build the custom-strategy sample from those packages alone, run its tests and its
# simulator run, and run its strategy's built assembly in the host; then the template's path
# (tests/MarketMaking.Packaging.Tests, on the same feed).
# Usage: eng/scripts/packages.sh RESULTS_DIRECTORY   (test results go there as .trx, for test.sh's count)
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
results="${1:?results directory}"
feed="$root/artifacts/packages"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
status=0

echo "== packing the libraries, the host tool and the template into $feed"
"$root/eng/scripts/pack.sh" "$feed" || exit 1

echo "== samples/CustomStrategy from the packages alone"
sample="$root/samples/CustomStrategy"
rm -rf "$sample/.packages"
dotnet build "$sample/CustomStrategy.slnx" --configuration Release || exit 1
dotnet test "$sample/CustomStrategy.slnx" --configuration Release --no-build --logger "trx;LogFileName=CustomStrategy.trx" --results-directory "$results" || status=1
dotnet run --configuration Release --no-build --project "$sample/src/JoinTheTouch.Runner" -- "$root/data/hftbacktest-binance-2024-08/spot_btcusdt_20240808.gz" || status=1

echo "== the sample's strategy, built on the packages, in the host"
(cd "$work" && StrategySettings__quoteSize=0.001 StrategySettings__inventoryCap=0.003 \
  dotnet "$root/src/Hosts/MarketMaker.Kraken/bin/Release/net10.0/market-maker-kraken.dll" \
  --strategy-assembly "$sample/src/JoinTheTouch/bin/Release/net10.0/JoinTheTouch.dll" --speed 30 --duration 10 --metrics-port -1) || status=1

echo "== the dotnet new template, from the packed package"
MM_PACKAGE_FEED="$feed" dotnet test "$root/tests/MarketMaking.Packaging.Tests/MarketMaking.Packaging.Tests.csproj" --configuration Release --no-build \
  --logger "trx;LogFileName=MarketMaking.Packaging.Tests.trx" --results-directory "$results" || status=1
exit $status
