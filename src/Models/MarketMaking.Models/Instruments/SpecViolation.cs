namespace MarketMaking.Models;

/// <summary>Why a price or quantity is not valid for an instrument, as returned by <see cref="InstrumentSpec.Validate(Price, Quantity)"/>.</summary>
/// <remarks>Pinned values: persisted and reported; never renumber.</remarks>
public enum SpecViolation
{
    /// <summary>Valid.</summary>
    None = 0,

    /// <summary>The price is zero or negative.</summary>
    NonPositivePrice = 1,

    /// <summary>The price is not a whole multiple of the tick size (or carries more decimals than the price precision).</summary>
    PriceOffTick = 2,

    /// <summary>The quantity is zero.</summary>
    ZeroQuantity = 3,

    /// <summary>The quantity is not a whole multiple of the lot size (or carries more decimals than the size precision).</summary>
    QuantityOffLot = 4,

    /// <summary>The quantity is below the instrument's minimum order quantity.</summary>
    QuantityBelowMinimum = 5,

    /// <summary>The quantity is above the instrument's maximum order quantity.</summary>
    QuantityAboveMaximum = 6,

    /// <summary>Price times quantity is below the instrument's minimum notional.</summary>
    NotionalBelowMinimum = 7,
}
