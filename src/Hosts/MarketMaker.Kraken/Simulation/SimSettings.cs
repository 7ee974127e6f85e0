namespace MarketMaker.Kraken.Simulation;

/// <summary>What a sim run replays and how fast.</summary>
/// <param name="Data">The quoted venue's recordings.</param>
/// <param name="HedgeData">The hedge venue's recordings.</param>
/// <param name="Format">Their format name.</param>
/// <param name="Symbol">The instrument they are served as, BASE/QUOTE.</param>
/// <param name="PricePrecision">The quoted instrument's price decimals.</param>
/// <param name="QuantityPrecision">Its quantity decimals.</param>
/// <param name="HedgePricePrecision">The hedge instrument's price decimals.</param>
/// <param name="HedgeQuantityPrecision">Its quantity decimals.</param>
/// <param name="Speed">The replay speed, a multiple of real time (0: as fast as possible).</param>
/// <param name="Seed">The simulated venues' seed.</param>
/// <param name="Fees">The quoted simulated venue's fee schedule (one of <see cref="MarketMaking.Simulation.Accounts.FeeSchedules"/>).</param>
/// <param name="Venue">The venue quoted (<c>--venue</c>), whose protocol the simulator speaks.</param>
internal sealed record SimSettings(
    IReadOnlyList<string> Data,
    IReadOnlyList<string> HedgeData,
    string Format,
    string Symbol,
    int PricePrecision,
    int QuantityPrecision,
    int HedgePricePrecision,
    int HedgeQuantityPrecision,
    double Speed,
    int Seed,
    MarketMaking.Simulation.Accounts.FeeSchedule Fees,
    string Venue)
{
    /// <summary>Gets what the quoted venue replays, such as <c>Binance spot data (spot_btcusdt_20240808.gz)</c>.</summary>
    public string DataDescription => Describe(Data);

    /// <summary>Gets what the hedge venue replays, such as <c>Binance USD-M perpetual data (usdm_btcusdt_20240808.gz)</c>.</summary>
    public string HedgeDataDescription => Describe(HedgeData);

    /// <summary>The data's source by format, and its market by the hftbacktest data set's file prefixes (spot_, usdm_, cm_).</summary>
    private string Describe(IReadOnlyList<string> files)
    {
        var names = files.Select(Path.GetFileName).ToArray();
        var market = names.All(n => n!.StartsWith("spot_", StringComparison.Ordinal)) ? " spot"
            : names.All(n => n!.StartsWith("usdm_", StringComparison.Ordinal)) ? " USD-M perpetual"
            : names.All(n => n!.StartsWith("cm_", StringComparison.Ordinal)) ? " COIN-M perpetual"
            : string.Empty;
        var source = Format switch
        {
            "binance" => "Binance",
            "kraken-v2" => "Kraken (WebSocket v2)",
            "kraken-v1" => "Kraken (WebSocket v1)",
            _ => Format,
        };
        return $"{source}{(source == "Binance" ? market : string.Empty)} data ({string.Join(", ", names)})";
    }
}
