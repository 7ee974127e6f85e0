using MarketMaking.Models;

namespace MarketMaking.Simulation.Verification;

/// <summary>How <see cref="BookVerifier"/> builds and checks books.</summary>
public sealed class BookVerifierOptions
{
    /// <summary>Gets or sets the factory of the venue's synchronizer for a new book.</summary>
    /// <value>Required.</value>
    public required Func<OrderBook, IBookSynchronizer> CreateSynchronizer { get; set; }

    /// <summary>Gets or sets the levels kept per side, overriding the depth a recording states.</summary>
    /// <value><see langword="null"/>: the snapshot's depth, or unlimited.</value>
    public int? Depth { get; set; }

    /// <summary>Gets or sets the price decimals for every instrument, overriding instrument messages and inference.</summary>
    /// <value><see langword="null"/>: not set. Must be set together with <see cref="QuantityPrecision"/>.</value>
    public int? PricePrecision { get; set; }

    /// <summary>Gets or sets the quantity decimals for every instrument.</summary>
    /// <value><see langword="null"/>: not set.</value>
    public int? QuantityPrecision { get; set; }

    /// <summary>Gets or sets whether, lacking flags or an instrument message, the precisions are the largest number of
    /// decimals among the first book message's levels (true of feeds that pad numbers: Binance, Kraken v1 strings).</summary>
    /// <value><see langword="false"/>.</value>
    public bool InferPrecisionFromData { get; set; }
}
