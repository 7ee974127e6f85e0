namespace MarketMaker.Kraken.Configuration;

/// <summary>
/// The <c>BinanceUsdm</c> section: where the host reaches Binance USD-M futures when it quotes or hedges there
/// (<c>--venue binance-usdm</c>, <c>Inventory:Hedging:Venue binance-usdm</c>), its key, and what the account is set to
/// at start (leverage 1–125). The key and secret come from <c>BINANCE_API_KEY</c> and <c>BINANCE_API_SECRET</c>
/// (environment or <c>.env</c>) and are never logged; the REST URL defaults to <c>https://fapi.binance.com/</c>.
/// </summary>
public sealed class BinanceUsdmSettings : FuturesVenueSettings
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "BinanceUsdm";

    /// <summary>Gets or sets the market streams' base URL; <see langword="null"/> for Binance's (<c>wss://fstream.binance.com/</c>).</summary>
    public Uri? StreamBaseUrl { get; set; }
}
