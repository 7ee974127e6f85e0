namespace MarketMaking.Simulation.Reporting;

/// <summary>
/// One venue's and instrument's result. Money in the instrument's quote currency, rounded to cents; quantities in base
/// units. <see cref="Gross"/> = <see cref="SpreadCapture"/> + <see cref="Inventory"/>, and <see cref="Net"/> =
/// <see cref="Gross"/> − <see cref="Fees"/>, exactly.
/// </summary>
/// <param name="Venue">The venue id.</param>
/// <param name="VenueName">The venue as the run names it (in a simulated run, what it replays).</param>
/// <param name="Instrument">The instrument, in the venue's naming.</param>
/// <param name="BaseAsset">The base asset: the unit of the position and the volume.</param>
/// <param name="QuoteAsset">The quote asset: the unit of the money amounts.</param>
/// <param name="FeeSchedule">The fee schedule charged, or where the fees come from.</param>
/// <param name="Position">The position at the end, rounded to the instrument's lot.</param>
/// <param name="AverageEntry">Its average entry price.</param>
/// <param name="Mark">The mid it is marked at, or <see langword="null"/> when no book was seen.</param>
/// <param name="Fills">Our fills.</param>
/// <param name="Volume">Their total quantity.</param>
/// <param name="Notional">Their total price × quantity.</param>
/// <param name="Gross">Realized plus unrealized PnL before fees.</param>
/// <param name="SpreadCapture">What the fills earned against the mid when each was applied.</param>
/// <param name="Inventory">The rest of the gross: what holding the position earned as the mid moved (Gross − SpreadCapture).</param>
/// <param name="Fees">The fees paid (negative for rebates).</param>
/// <param name="Net">Gross − Fees.</param>
public sealed record VenuePnl(
    string Venue,
    string VenueName,
    string Instrument,
    string BaseAsset,
    string QuoteAsset,
    string FeeSchedule,
    decimal Position,
    decimal AverageEntry,
    decimal? Mark,
    int Fills,
    decimal Volume,
    decimal Notional,
    decimal Gross,
    decimal SpreadCapture,
    decimal Inventory,
    decimal Fees,
    decimal Net);
