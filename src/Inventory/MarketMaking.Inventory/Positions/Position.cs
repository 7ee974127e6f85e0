using MarketMaking.Models;

namespace MarketMaking.Inventory;

/// <summary>
/// A position on one venue and instrument, kept by average cost: fills on the side of the position move the average
/// entry price; fills against it realize PnL at (fill price − average entry) per unit closed; a fill through zero
/// closes the old position and opens the rest at the fill price. Prices in quote currency per unit of base,
/// quantities in base units, PnL and fees in quote currency.
/// </summary>
public sealed class Position
{
    internal Position(VenueId venue, InstrumentId instrument, AssetPair assets)
    {
        Venue = venue;
        Instrument = instrument;
        Assets = assets;
    }

    /// <summary>Gets the venue.</summary>
    public VenueId Venue { get; }

    /// <summary>Gets the instrument.</summary>
    public InstrumentId Instrument { get; }

    /// <summary>Gets the instrument's assets.</summary>
    public AssetPair Assets { get; }

    /// <summary>Gets the quantity held, negative when short.</summary>
    public decimal Quantity { get; private set; }

    /// <summary>Gets the average entry price of what is held (0 when flat).</summary>
    public decimal AverageEntryPrice { get; private set; }

    /// <summary>Gets the PnL realized by closing, before fees.</summary>
    public decimal RealizedPnl { get; private set; }

    /// <summary>Gets the fees paid (negative for rebates), in quote currency.</summary>
    public decimal FeesPaid { get; private set; }

    /// <summary>Gets the last mid the position was marked to, or <see langword="null"/> before any.</summary>
    public decimal? Mark { get; private set; }

    /// <summary>Gets the PnL of what is held at the mark: (mark − average entry) × quantity; 0 before a mark.</summary>
    public decimal UnrealizedPnl => Mark is { } mark ? (mark - AverageEntryPrice) * Quantity : 0m;

    /// <summary>Gets the funding a perpetual position received (positive) or paid (negative), in quote currency; 0 for spot.</summary>
    public decimal Funding { get; private set; }

    /// <summary>Gets realized plus unrealized PnL, net of fees, with the funding received or paid.</summary>
    public decimal NetPnl => RealizedPnl + UnrealizedPnl - FeesPaid + Funding;

    /// <summary>Gets how many fills were applied.</summary>
    public int Fills { get; private set; }

    /// <summary>Gets the base quantity traded, both sides.</summary>
    public decimal Volume { get; private set; }

    /// <summary>
    /// Gets the position in base units as the venue last reported it (a perpetual's position stream); null before any
    /// report. It may differ from <see cref="Quantity"/>, which counts our fills alone, by a position opened elsewhere.
    /// </summary>
    public decimal? VenueQuantity { get; private set; }

    /// <summary>Gets the price at which the venue would liquidate the position, in quote currency per unit of base, as last reported; null when flat or not given.</summary>
    public decimal? LiquidationPrice { get; private set; }

    /// <summary>Applies a fill.</summary>
    /// <param name="side">Buy or sell.</param>
    /// <param name="price">The fill price.</param>
    /// <param name="quantity">The quantity filled (positive).</param>
    /// <param name="feeInQuote">The fee, converted to quote currency.</param>
    internal void Apply(Side side, decimal price, decimal quantity, decimal feeInQuote)
    {
        var signed = side == Side.Buy ? quantity : -quantity;
        if (Quantity == 0 || Math.Sign(Quantity) == Math.Sign(signed))
        {
            AverageEntryPrice = ((AverageEntryPrice * Math.Abs(Quantity)) + (price * quantity)) / (Math.Abs(Quantity) + quantity);
            Quantity += signed;
        }
        else
        {
            var closed = Math.Min(quantity, Math.Abs(Quantity));
            RealizedPnl += (price - AverageEntryPrice) * closed * Math.Sign(Quantity);
            Quantity += signed;
            AverageEntryPrice = Quantity == 0 ? 0m : quantity > closed ? price : AverageEntryPrice;
        }

        FeesPaid += feeInQuote;
        Fills++;
        Volume += quantity;
    }

    /// <summary>Adds a funding payment (a perpetual's): positive received, negative paid, in quote currency.</summary>
    internal void ApplyFunding(decimal amountInQuote) => Funding += amountInQuote;

    /// <summary>Takes the venue's report of the position: its quantity and liquidation price.</summary>
    internal void ApplyVenueReport(PositionUpdate report) =>
        (VenueQuantity, LiquidationPrice) = (report.Quantity, report.Quantity == 0 ? null : report.LiquidationPrice);

    /// <summary>Marks the position to a mid.</summary>
    internal void MarkTo(decimal mid) => Mark = mid;

    /// <summary>Sets a starting position (held before this run), at an entry price.</summary>
    internal void Start(decimal quantity, decimal entryPrice) => (Quantity, AverageEntryPrice) = (quantity, quantity == 0 ? 0m : entryPrice);
}
