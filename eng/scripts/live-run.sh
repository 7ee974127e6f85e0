#!/usr/bin/env bash
# The host in live mode, default settings, against `mm simulate` (Kraken's protocols on loopback, Starter rate limits,
# no faults) for MM_LIVE_SECONDS (default 600), then stopped with SIGTERM. Prints the host's summary (quote uptime,
# kill switch, orders) and exits with the host's exit code. The recording is replayed at half speed so that its six
# minutes cover ten; hedging is off (live hedging would need MEXC keys). Work files go to a temporary folder, kept
# when MM_LIVE_KEEP=1 (the host's and the simulator's logs are there).
# Usage: [MM_LIVE_SECONDS=600] [MM_SIM_PORT=18090] [MM_METRICS_PORT=18091] [MM_LIVE_KEEP=1] eng/scripts/live-run.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
seconds="${MM_LIVE_SECONDS:-600}"
sim_port="${MM_SIM_PORT:-18090}"
metrics_port="${MM_METRICS_PORT:-18091}"
dotnet build "$root/src/Hosts/MarketMaking.Cli" --configuration Release --nologo --verbosity quiet
dotnet build "$root/src/Hosts/MarketMaker.Kraken" --configuration Release --nologo --verbosity quiet
mm="$root/src/Hosts/MarketMaking.Cli/bin/Release/net10.0/mm.dll"
host="$root/src/Hosts/MarketMaker.Kraken/bin/Release/net10.0/market-maker-kraken.dll"
work="$(mktemp -d -t mm-live-XXXXXX)"

dotnet "$mm" simulate --data "$root/data/hftbacktest-binance-2024-08/spot_btcusdt_20240808.gz" --symbol BTC/USDT --speed 0.5 --port "$sim_port" > "$work/simulator.log" 2>&1 &
simulator=$!
cleanup() {
  kill -TERM "$simulator" 2> /dev/null || true
  wait "$simulator" 2> /dev/null || true
  if [[ "${MM_LIVE_KEEP:-0}" == 1 ]]; then echo "logs kept in $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

for _ in $(seq 1 100); do
  grep -q "API secret" "$work/simulator.log" && break
  kill -0 "$simulator" 2> /dev/null || { cat "$work/simulator.log"; exit 1; }
  sleep 0.2
done
secret="$(awk '/^API secret/ { print $3 }' "$work/simulator.log")"
key="$(awk '/^API key/ { print $3 }' "$work/simulator.log")"

echo "live run: ${seconds}s against mm simulate on port $sim_port"
status=0
(
  cd "$work"
  KRAKEN_API_KEY="$key" KRAKEN_API_SECRET="$secret" \
    Kraken__RestBaseUrl="http://127.0.0.1:$sim_port/" \
    Kraken__PublicWebSocketUrl="ws://127.0.0.1:$sim_port/v2" \
    Kraken__PrivateWebSocketUrl="ws://127.0.0.1:$sim_port/v2-auth" \
    Inventory__Hedging__Policy=None \
    timeout --preserve-status --signal TERM "$seconds" dotnet "$host" --mode live --yes --metrics-port "$metrics_port" > host.log 2>&1
) || status=$?

# With --preserve-status, timeout exits with the host's own code (0 after a clean SIGTERM stop).
sed -n '/=== market-maker-kraken summary/,/Venues checked at exit/p' "$work/host.log"
echo "host exit code $status"
exit "$status"
