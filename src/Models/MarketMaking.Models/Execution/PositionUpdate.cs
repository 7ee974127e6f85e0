namespace MarketMaking.Models;

/// <summary>
/// A perpetual position as the venue reports it after a change (a fill, an order placed or canceled, a funding time):
/// the venue's word on what the account holds, beside the position our own fills add up to.
/// </summary>
/// <remarks>
/// Sources: Bybit's private <c>position</c> topic (https://bybit-exchange.github.io/docs/v5/websocket/private/position),
/// Binance USD-M's <c>ACCOUNT_UPDATE</c> positions <c>P</c> (https://developers.binance.com/docs/derivatives/usds-margined-futures/user-data-streams/Event-Balance-and-Position-Update).
/// </remarks>
/// <param name="Venue">The venue.</param>
/// <param name="Instrument">The perpetual, in the venue's naming.</param>
/// <param name="Quantity">The position in base units: positive long, negative short, 0 flat.</param>
/// <param name="TsEvent">The venue's timestamp, in ns since the Unix epoch.</param>
/// <param name="TsInit">The local receive time, in ns since the Unix epoch.</param>
public sealed record PositionUpdate(VenueId Venue, InstrumentId Instrument, decimal Quantity, long TsEvent, long TsInit)
    : VenueEvent(Venue, TsEvent, TsInit)
{
    /// <summary>Gets the average entry price, in quote currency per unit of base, when the venue says.</summary>
    public decimal? EntryPrice { get; init; }

    /// <summary>Gets the venue's mark price, in quote currency per unit of base, when the venue says.</summary>
    public decimal? MarkPrice { get; init; }

    /// <summary>
    /// Gets the mark price at which the venue would liquidate the position, in quote currency per unit of base; null when
    /// the venue gives none (a flat position, or a venue whose stream leaves it out, such as Binance's).
    /// </summary>
    public decimal? LiquidationPrice { get; init; }
}
