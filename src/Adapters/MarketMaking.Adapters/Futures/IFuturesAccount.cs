using MarketMaking.Models;

namespace MarketMaking.Adapters;

/// <summary>
/// The seam of a perpetual futures venue's account: the settings a market maker fixes at start (leverage, margin mode,
/// position mode) and its positions with their mark and liquidation prices. Order entry and the user stream are the
/// same seams as on spot (<see cref="ISpotOrderEntry"/>, the venue's event sink); this is what futures add.
/// </summary>
/// <remarks>Implemented by Binance USD-M and COIN-M; Bybit linear and MEXC Futures are to follow (issue 20).</remarks>
public interface IFuturesAccount
{
    /// <summary>Gets the venue.</summary>
    VenueId Venue { get; }

    /// <summary>Sets an instrument's leverage.</summary>
    /// <param name="instrument">The instrument.</param>
    /// <param name="leverage">The leverage, 1 or more (each venue caps it per instrument and position size).</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>Success, or the venue's refusal (an invalid leverage is <see cref="VenueErrorKind.InvalidRequest"/>).</returns>
    ValueTask<VenueResult<bool>> SetLeverageAsync(InstrumentId instrument, int leverage, CancellationToken cancellationToken = default);

    /// <summary>Sets an instrument's margin mode; setting the mode it already has succeeds.</summary>
    /// <param name="instrument">The instrument.</param>
    /// <param name="mode">Cross or isolated.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>Success, or the venue's refusal (a mode change with an open position or order is refused by most venues).</returns>
    ValueTask<VenueResult<bool>> SetMarginModeAsync(InstrumentId instrument, MarginMode mode, CancellationToken cancellationToken = default);

    /// <summary>Sets the account's position mode; setting the mode it already has succeeds.</summary>
    /// <param name="mode">One-way (one net position per instrument, as the platform's inventory assumes) or hedge.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>Success, or the venue's refusal.</returns>
    ValueTask<VenueResult<bool>> SetPositionModeAsync(PositionMode mode, CancellationToken cancellationToken = default);

    /// <summary>Reads the account's open positions.</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The positions (none flat), or the failure.</returns>
    ValueTask<VenueResult<IReadOnlyList<FuturesPosition>>> GetPositionsAsync(CancellationToken cancellationToken = default);
}
