using MarketMaking.Adapters.Mexc;
using Microsoft.Extensions.Configuration;

namespace MarketMaker.Kraken.Configuration;

/// <summary>Where the run hedges, read once from <c>Inventory:Hedging</c>.</summary>
/// <param name="Policy">The hedging policy (<c>None</c> turns hedging off).</param>
/// <param name="Venue">The hedge venue: <c>mexc</c> (MEXC Spot live, the simulated MEXC venue in sim), <c>binance-usdm</c> (live; in sim when MEXC Spot or Binance Spot is quoted, the simulated Binance USD-M venue), <c>binance</c> (Binance Spot), <c>bybit</c> (Bybit Spot) or <c>bybit-linear</c> (live), or the venue quoted.</param>
/// <param name="Symbol">The instrument hedged on that venue, in its own naming (MEXC: <c>BTCUSDT</c>).</param>
internal sealed record HedgingChoice(string Policy, string Venue, string Symbol)
{
    /// <summary>Gets whether hedging is on.</summary>
    public bool IsOn => !string.Equals(Policy, "None", StringComparison.OrdinalIgnoreCase);

    /// <summary>Gets whether the run hedges on MEXC Spot.</summary>
    public bool OnMexc => IsOn && string.Equals(Venue, MexcVenue.SpotId.Value, StringComparison.Ordinal);

    /// <summary>Gets whether the run hedges on Binance USD-M.</summary>
    public bool OnBinanceUsdm => IsOn && string.Equals(Venue, MarketMaking.Adapters.Binance.BinanceVenue.UsdMId.Value, StringComparison.Ordinal);

    /// <summary>Reads the choice.</summary>
    /// <param name="configuration">The configuration.</param>
    /// <returns>The choice; the library defaults where a setting is missing.</returns>
    public static HedgingChoice From(IConfiguration configuration) => new(
        configuration["Inventory:Hedging:Policy"] ?? "None",
        configuration["Inventory:Hedging:Venue"] ?? "kraken",
        configuration["Inventory:Hedging:Symbol"] ?? "BTC/USDT");
}
