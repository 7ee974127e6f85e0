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
    int Seed);
