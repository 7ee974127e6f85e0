#!/usr/bin/env bash
# The NuGet path a user takes, checked end to end: pack every library and the template into a local feed, build the
# custom-strategy sample from those packages alone and run its tests and its simulator run, then install the template,
# create a strategy from it and run its test.
# Usage: eng/scripts/packages.sh RESULTS_DIRECTORY   (test results go there as .trx, for test.sh's count)
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
results="${1:?results directory}"
feed="$root/artifacts/packages"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
status=0

echo "== packing the libraries and the template into $feed"
rm -rf "$feed"
dotnet pack "$root/MarketMaking.sln" --configuration Release --output "$feed" --verbosity quiet || exit 1
dotnet pack "$root/templates/MarketMaking.Templates" --configuration Release --output "$feed" --verbosity quiet || exit 1
ls "$feed"

echo "== samples/CustomStrategy from the packages alone"
sample="$root/samples/CustomStrategy"
rm -rf "$sample/.packages"
dotnet build "$sample/CustomStrategy.slnx" --configuration Release || exit 1
dotnet test "$sample/CustomStrategy.slnx" --configuration Release --no-build --logger "trx;LogFileName=CustomStrategy.trx" --results-directory "$results" || status=1
dotnet run --configuration Release --no-build --project "$sample/src/JoinTheTouch.Runner" -- "$root/data/hftbacktest-binance-2024-08/spot_btcusdt_20240808.gz" || status=1

echo "== the dotnet new template"
hive="$work/hive"
dotnet new install "$feed/MarketMaking.Templates.0.1.0.nupkg" --debug:custom-hive "$hive" || exit 1
# A dotted name, as a company's would be: the namespace keeps it, the class drops the dot (AcmeSkewStrategy).
(cd "$work" && dotnet new marketmaking-strategy -n Acme.Skew --debug:custom-hive "$hive") || exit 1
cat > "$work/Acme.Skew/nuget.config" <<CONFIG
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <add key="marketmaking-local" value="$feed" />
  </packageSources>
  <config>
    <add key="globalPackagesFolder" value="$work/packages" />
  </config>
</configuration>
CONFIG
dotnet test "$work/Acme.Skew/Acme.Skew.Tests/Acme.Skew.Tests.csproj" --configuration Release --logger "trx;LogFileName=TemplateStrategy.trx" --results-directory "$results" || status=1
exit $status
