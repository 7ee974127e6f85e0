namespace MarketMaking.Models;

/// <summary>
/// A perpetual swap's funding payment on a venue: what the position received (positive) or paid (negative) at a funding
/// time. Long positions pay shorts when the rate is positive: amount = −position × mark price × rate.
/// </summary>
/// <remarks>
/// Sources: Binance USD-M's <c>FUNDING_FEE</c> income (https://developers.binance.com/docs/derivatives/usds-margined-futures/account/rest-api/Get-Income-History),
/// Bybit's <c>Funding</c> execution (https://bybit-exchange.github.io/docs/v5/websocket/private/execution).
/// </remarks>
/// <param name="Venue">The venue.</param>
/// <param name="Instrument">The perpetual, in the venue's naming.</param>
/// <param name="Amount">The amount received (positive) or paid (negative), in <paramref name="Asset"/> units.</param>
/// <param name="Asset">The asset it is settled in (USDT for USD-M and linear perpetuals).</param>
/// <param name="TsEvent">The venue's funding time, in ns since the Unix epoch.</param>
/// <param name="TsInit">The local receive time, in ns since the Unix epoch.</param>
public sealed record FundingPayment(VenueId Venue, InstrumentId Instrument, decimal Amount, AssetId Asset, long TsEvent, long TsInit)
    : VenueEvent(Venue, TsEvent, TsInit)
{
    /// <summary>Gets the funding rate applied (0.0001 = 0.01 %), when the venue says.</summary>
    public decimal? Rate { get; init; }

    /// <summary>Gets the mark price the payment was computed at, in quote currency per unit of base, when the venue says.</summary>
    public decimal? MarkPrice { get; init; }
}
