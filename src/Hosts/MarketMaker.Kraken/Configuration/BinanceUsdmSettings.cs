using System.ComponentModel.DataAnnotations;
using MarketMaking.Adapters;

namespace MarketMaker.Kraken.Configuration;

/// <summary>
/// The <c>BinanceUsdm</c> section: where the host reaches Binance USD-M futures when it quotes there
/// (<c>--venue binance-usdm</c>), its key, and what the account is set to at start. The key and secret come from
/// <c>BINANCE_API_KEY</c> and <c>BINANCE_API_SECRET</c> (environment or <c>.env</c>) and are never logged.
/// </summary>
public sealed class BinanceUsdmSettings
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "BinanceUsdm";

    /// <summary>Gets or sets the REST base URL; <see langword="null"/> for Binance's (<c>https://fapi.binance.com/</c>).</summary>
    public Uri? RestBaseUrl { get; set; }

    /// <summary>Gets or sets the market streams' base URL; <see langword="null"/> for Binance's (<c>wss://fstream.binance.com/</c>).</summary>
    public Uri? StreamBaseUrl { get; set; }

    /// <summary>Gets or sets the API key (<c>BINANCE_API_KEY</c>); never logged.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Gets or sets the HMAC secret (<c>BINANCE_API_SECRET</c>); never logged.</summary>
    public string? ApiSecret { get; set; }

    /// <summary>Gets or sets the leverage set on each instrument quoted at start (Binance allows 1 to 125, less on large positions).</summary>
    [Range(1, 125)]
    public int Leverage { get; set; } = 2;

    /// <summary>Gets or sets the margin mode set on each instrument quoted at start.</summary>
    public MarginMode MarginMode { get; set; } = MarginMode.Cross;

    /// <summary>Gets or sets the position mode set at start: one-way (one net position per symbol) is what the OMS and inventory assume.</summary>
    public PositionMode PositionMode { get; set; } = PositionMode.OneWay;
}
