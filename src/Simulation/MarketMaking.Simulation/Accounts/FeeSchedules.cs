namespace MarketMaking.Simulation.Accounts;

/// <summary>
/// Real venues' published fee schedules, by name, so that a simulated venue charges what the real one would and a
/// report can say which schedule its fees came from. Rates are fractions of the fill's notional in the quote currency.
/// </summary>
/// <remarks>
/// <para>Kraken Spot (Kraken Pro), by the account's 30-day USD trading volume: <c>kraken-spot-0</c> (0.25 % maker,
/// 0.40 % taker), <c>kraken-spot-10k</c> (0.20, 0.35), <c>kraken-spot-50k</c> (0.14, 0.24), <c>kraken-spot-100k</c>
/// (0.12, 0.22), <c>kraken-spot-250k</c> (0.10, 0.20), <c>kraken-spot-500k</c> (0.08, 0.18), <c>kraken-spot-1m</c>
/// (0.06, 0.16), <c>kraken-spot-2.5m</c> (0.04, 0.14), <c>kraken-spot-5m</c> (0.02, 0.12), <c>kraken-spot-10m</c>
/// (0.00, 0.10). Source: <see href="https://www.kraken.com/features/fee-schedule"/>.</para>
/// <para>MEXC Spot: <c>mexc-spot</c> (0.00 % maker, 0.05 % taker), the rates its <c>exchangeInfo</c> lists as
/// <c>makerCommission</c> and <c>takerCommission</c>. Source: <see href="https://www.mexc.com/fee"/>.</para>
/// <para>Binance Spot at VIP 0, paying in the traded assets (no BNB discount): <c>binance-spot-0</c> (0.10 % maker,
/// 0.10 % taker). Source: <see href="https://www.binance.com/en/fee/trading"/>.</para>
/// <para>Binance USD-M futures at VIP 0, paying in USDT: <c>binance-usdm-0</c> (0.02 % maker, 0.05 % taker). Source:
/// <see href="https://www.binance.com/en/fee/futureFee"/>.</para>
/// <para>Bybit Spot for a non-VIP account: <c>bybit-spot-0</c> (0.10 % maker, 0.10 % taker). Source:
/// <see href="https://www.bybit.com/en/help-center/article/Trading-Fee-Structure"/>.</para>
/// <para>Bybit's linear perpetuals for a non-VIP account: <c>bybit-linear-0</c> (0.02 % maker, 0.055 % taker). Source:
/// <see href="https://www.bybit.com/en/help-center/article/Trading-Fee-Structure"/>.</para>
/// </remarks>
public static class FeeSchedules
{
    private static readonly (string Name, decimal Maker, decimal Taker)[] s_schedules =
    [
        ("kraken-spot-0", 0.0025m, 0.0040m),
        ("kraken-spot-10k", 0.0020m, 0.0035m),
        ("kraken-spot-50k", 0.0014m, 0.0024m),
        ("kraken-spot-100k", 0.0012m, 0.0022m),
        ("kraken-spot-250k", 0.0010m, 0.0020m),
        ("kraken-spot-500k", 0.0008m, 0.0018m),
        ("kraken-spot-1m", 0.0006m, 0.0016m),
        ("kraken-spot-2.5m", 0.0004m, 0.0014m),
        ("kraken-spot-5m", 0.0002m, 0.0012m),
        ("kraken-spot-10m", 0.0000m, 0.0010m),
        ("mexc-spot", 0.0000m, 0.0005m),
        ("binance-spot-0", 0.0010m, 0.0010m),
        ("binance-usdm-0", 0.0002m, 0.0005m),
        ("bybit-spot-0", 0.0010m, 0.0010m),
        ("bybit-linear-0", 0.0002m, 0.00055m),
    ];

    /// <summary>Gets every schedule's name.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. s_schedules.Select(s => s.Name)];

    /// <summary>Returns a new copy of a named schedule.</summary>
    /// <param name="name">The name (case-insensitive), one of <see cref="Names"/>.</param>
    /// <returns>The schedule, or <see langword="null"/> when no schedule has that name.</returns>
    public static FeeSchedule? Named(string name)
    {
        foreach (var (known, maker, taker) in s_schedules)
        {
            if (string.Equals(known, name, StringComparison.OrdinalIgnoreCase))
            {
                return new FeeSchedule { Name = known, MakerRate = maker, TakerRate = taker };
            }
        }

        return null;
    }
}
