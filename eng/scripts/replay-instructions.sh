#!/usr/bin/env bash
# Counts the instructions of one warm grid backtest (issue 19's speed case) on the replay thread and on all threads,
# under valgrind's callgrind: the runs 1..B of a process minus the runs 1..A of another, divided by B - A, so that
# start-up and JIT compilation cancel out. Instruction counts repeat within about 1 % from process to process, where
# this machine's run times move by 10 to 15 % within the hour: a change's effect shows in them, one build after another.
# Usage: eng/scripts/replay-instructions.sh [A] [B]   (default 2 4; about 12 minutes; installs valgrind if missing)
set -euo pipefail
cd "$(dirname "$0")/../.."
A=${1:-2}
B=${2:-4}
if ! command -v valgrind >/dev/null; then
  apt-get update -qq && apt-get install -y -qq valgrind >/dev/null
fi

dotnet build bench/MarketMaking.Benchmarks -c Release -v quiet -nologo >/dev/null
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for runs in "$A" "$B"; do
  # A large first generation keeps the GC from running under valgrind (it crashes there now and then); W^X off and
  # self-modifying code checked, for the JIT's code.
  DOTNET_GCgen0size=0x20000000 DOTNET_EnableWriteXorExecute=0 \
    valgrind --tool=callgrind --separate-threads=yes --smc-check=all-non-file --callgrind-out-file="$out/cg.$runs" \
    dotnet bench/MarketMaking.Benchmarks/bin/Release/net10.0/MarketMaking.Benchmarks.dll --grid-backtest "$runs" \
    >"$out/log.$runs" 2>&1
  if [ "$(grep -c '^run ' "$out/log.$runs")" != "$runs" ]; then
    echo "the $runs-run process did not finish its runs:" >&2
    tail -5 "$out/log.$runs" >&2
    exit 1
  fi
done

# Thread 1 is the process's main thread, which replays (BacktestEngine.Run); the others read, journal and collect.
summary() { grep -h '^summary:' "$@" | awk '{ s += $2 } END { printf "%.0f", s }'; }
replay=$(( ($(summary "$out/cg.$B-01") - $(summary "$out/cg.$A-01")) / (B - A) ))
all=$(( ($(summary "$out"/cg."$B"-*) - $(summary "$out"/cg."$A"-*)) / (B - A) ))
echo "one warm grid backtest: $replay instructions on the replay thread, $all on all threads"
