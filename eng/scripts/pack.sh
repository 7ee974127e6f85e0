#!/usr/bin/env bash
# Packs every library, the market-maker-kraken tool and the dotnet new template into artifacts/packages: the local
# feed that samples/CustomStrategy and strategies made from the template restore from.
# Usage: eng/scripts/pack.sh [FEED_DIRECTORY]   (default: artifacts/packages in the repository)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
feed="${1:-$root/artifacts/packages}"
rm -rf "$feed"
dotnet pack "$root/MarketMaking.sln" --configuration Release --output "$feed" --verbosity quiet
dotnet pack "$root/templates/MarketMaking.Templates" --configuration Release --output "$feed" --verbosity quiet
ls "$feed"
