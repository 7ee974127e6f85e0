using System.ComponentModel.DataAnnotations;
using MarketMaking.Adapters;

namespace MarketMaker.Kraken.Configuration;

/// <summary>What every perpetual-futures venue the host quotes is given: its REST URL, its key, and what the account is set to at start.</summary>
public abstract class FuturesVenueSettings
{
    /// <summary>Gets or sets the REST base URL; <see langword="null"/> for the venue's.</summary>
    public Uri? RestBaseUrl { get; set; }

    /// <summary>Gets or sets the API key (from the venue's <c>…_API_KEY</c>); never logged.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Gets or sets the HMAC secret (from the venue's <c>…_API_SECRET</c>); never logged.</summary>
    public string? ApiSecret { get; set; }

    /// <summary>Gets or sets the leverage set on each instrument quoted at start.</summary>
    [Range(1, 125)]
    public int Leverage { get; set; } = 2;

    /// <summary>Gets or sets the margin mode set at start (per instrument on Binance, for the account on Bybit).</summary>
    public MarginMode MarginMode { get; set; } = MarginMode.Cross;

    /// <summary>Gets or sets the position mode set at start: one-way (one net position per symbol) is what the OMS and inventory assume.</summary>
    public PositionMode PositionMode { get; set; } = PositionMode.OneWay;
}
