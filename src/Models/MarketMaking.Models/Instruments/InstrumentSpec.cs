using System.Runtime.CompilerServices;

namespace MarketMaking.Models;

/// <summary>
/// The trading rules of one instrument on one venue: tick size, lot size, minimum and maximum quantity, minimum
/// notional, and the price and size precisions the venue uses on the wire. Produces venue-ready values and validates them.
/// </summary>
/// <remarks>
/// <para>Integer representation used on hot paths: a price is <c>ticks × TickSize</c> and a quantity is
/// <c>lots × LotSize</c>. <see cref="TickSizeScaled"/> and <see cref="LotSizeScaled"/> give the tick and lot in units
/// of the last wire decimal, so a price in ticks renders with <see cref="PricePrecision"/> decimals as
/// <c>ticks × TickSizeScaled</c> digits.</para>
/// <para>Immutable and thread-safe.</para>
/// </remarks>
public sealed class InstrumentSpec
{
    /// <summary>Initializes a new instrument specification.</summary>
    /// <param name="instrument">The instrument.</param>
    /// <param name="tickSize">The price increment in quote currency; positive, with at most <paramref name="pricePrecision"/> decimals.</param>
    /// <param name="lotSize">The quantity increment in base units; positive, with at most <paramref name="sizePrecision"/> decimals.</param>
    /// <param name="pricePrecision">Decimals of prices on the wire (Kraken <c>price_precision</c>/<c>pair_decimals</c>), 0 to 18.</param>
    /// <param name="sizePrecision">Decimals of quantities on the wire (Kraken <c>qty_precision</c>/<c>lot_decimals</c>), 0 to 18.</param>
    /// <param name="minQuantity">The minimum order quantity in base units; defaults to one lot.</param>
    /// <param name="maxQuantity">The maximum order quantity in base units, or <see langword="null"/> for no maximum.</param>
    /// <param name="minNotional">The minimum price × quantity in quote currency; 0 for none.</param>
    /// <exception cref="ArgumentException">A value is out of range, or an increment has more decimals than its precision.</exception>
    public InstrumentSpec(
        InstrumentId instrument,
        Price tickSize,
        Quantity lotSize,
        int pricePrecision,
        int sizePrecision,
        Quantity? minQuantity = null,
        Quantity? maxQuantity = null,
        decimal minNotional = 0m)
    {
        if (instrument.Value is null)
        {
            throw new ArgumentException("The instrument id must be set.", nameof(instrument));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(pricePrecision);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pricePrecision, FixedPoint.MaxScale);
        ArgumentOutOfRangeException.ThrowIfNegative(sizePrecision);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sizePrecision, FixedPoint.MaxScale);
        ArgumentOutOfRangeException.ThrowIfNegative(minNotional);

        if (tickSize <= Price.Zero || !FixedPoint.TryToScaled(tickSize.Value, pricePrecision, out var tickScaled))
        {
            throw new ArgumentException(
                $"Tick size {tickSize} must be positive with at most {pricePrecision} decimals (price precision).", nameof(tickSize));
        }

        if (lotSize.IsZero || !FixedPoint.TryToScaled(lotSize.Value, sizePrecision, out var lotScaled))
        {
            throw new ArgumentException(
                $"Lot size {lotSize} must be positive with at most {sizePrecision} decimals (size precision).", nameof(lotSize));
        }

        var min = minQuantity ?? lotSize;
        if (maxQuantity is { } max && max < min)
        {
            throw new ArgumentException($"Maximum quantity {max} is below the minimum quantity {min}.", nameof(maxQuantity));
        }

        Instrument = instrument;
        TickSize = tickSize;
        LotSize = lotSize;
        PricePrecision = pricePrecision;
        SizePrecision = sizePrecision;
        MinQuantity = min;
        MaxQuantity = maxQuantity;
        MinNotional = minNotional;
        TickSizeScaled = tickScaled;
        LotSizeScaled = lotScaled;
    }

    /// <summary>Gets the instrument.</summary>
    public InstrumentId Instrument { get; }

    /// <summary>Gets the price increment in quote currency.</summary>
    public Price TickSize { get; }

    /// <summary>Gets the quantity increment in base units.</summary>
    public Quantity LotSize { get; }

    /// <summary>Gets the number of price decimals on the wire.</summary>
    public int PricePrecision { get; }

    /// <summary>Gets the number of quantity decimals on the wire.</summary>
    public int SizePrecision { get; }

    /// <summary>Gets the minimum order quantity in base units.</summary>
    /// <value>One lot unless the venue states otherwise.</value>
    public Quantity MinQuantity { get; }

    /// <summary>Gets the maximum order quantity in base units, or <see langword="null"/> when the venue states none.</summary>
    public Quantity? MaxQuantity { get; }

    /// <summary>Gets the minimum order notional (price × quantity) in quote currency.</summary>
    /// <value>0 when the venue states none.</value>
    public decimal MinNotional { get; }

    /// <summary>Gets the tick size in units of 10^-<see cref="PricePrecision"/> (1 when the tick is the last wire decimal).</summary>
    public long TickSizeScaled { get; }

    /// <summary>Gets the lot size in units of 10^-<see cref="SizePrecision"/> (1 when the lot is the last wire decimal).</summary>
    public long LotSizeScaled { get; }

    /// <summary>Creates a specification whose tick and lot are the last wire decimals, as Kraken's book uses.</summary>
    /// <param name="instrument">The instrument.</param>
    /// <param name="pricePrecision">Price decimals, 0 to 18; the tick size is 10^-pricePrecision.</param>
    /// <param name="sizePrecision">Quantity decimals, 0 to 18; the lot size is 10^-sizePrecision.</param>
    /// <returns>The specification.</returns>
    /// <exception cref="ArgumentException">A precision is out of range.</exception>
    public static InstrumentSpec FromPrecision(InstrumentId instrument, int pricePrecision, int sizePrecision) =>
        new(
            instrument,
            new Price(FixedPoint.ToDecimal(1, pricePrecision)),
            new Quantity(FixedPoint.ToDecimal(1, sizePrecision)),
            pricePrecision,
            sizePrecision);

    /// <summary>Rounds a price to the nearest tick (midpoints away from zero).</summary>
    /// <param name="price">The price in quote currency.</param>
    /// <returns>The rounded price, carrying <see cref="PricePrecision"/> decimals.</returns>
    public Price RoundToTick(Price price) => RoundToTick(price, MidpointRounding.AwayFromZero);

    /// <summary>Rounds a price down to a tick: the passive rounding for a bid.</summary>
    /// <param name="price">The price in quote currency.</param>
    /// <returns>The highest tick price not above <paramref name="price"/>.</returns>
    public Price RoundDownToTick(Price price) => RoundToTick(price, MidpointRounding.ToNegativeInfinity);

    /// <summary>Rounds a price up to a tick: the passive rounding for an ask.</summary>
    /// <param name="price">The price in quote currency.</param>
    /// <returns>The lowest tick price not below <paramref name="price"/>.</returns>
    public Price RoundUpToTick(Price price) => RoundToTick(price, MidpointRounding.ToPositiveInfinity);

    /// <summary>Rounds a quantity down to a whole number of lots, so an order never exceeds what was intended.</summary>
    /// <param name="quantity">The quantity in base units.</param>
    /// <returns>The rounded quantity, carrying <see cref="SizePrecision"/> decimals.</returns>
    public Quantity RoundDownToLot(Quantity quantity)
    {
        var lots = decimal.Floor(quantity.Value / LotSize.Value);
        return new Quantity(FixedPoint.ToDecimal((long)lots * LotSizeScaled, SizePrecision));
    }

    /// <summary>Converts a price on the tick grid to ticks.</summary>
    /// <param name="price">The price in quote currency.</param>
    /// <param name="ticks">The price in ticks when it lies on the grid.</param>
    /// <returns><see langword="false"/> when <paramref name="price"/> is off the tick grid or out of range.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryToTicks(Price price, out long ticks)
    {
        if (FixedPoint.TryToScaled(price.Value, PricePrecision, out var scaled))
        {
            return TryScaledPriceToTicks(scaled, out ticks);
        }

        ticks = 0;
        return false;
    }

    /// <summary>Converts a price scaled by 10^<see cref="PricePrecision"/> (its wire digits) to ticks.</summary>
    /// <param name="scaledPrice">The price × 10^PricePrecision.</param>
    /// <param name="ticks">The price in ticks when it lies on the grid.</param>
    /// <returns><see langword="false"/> when the price is off the tick grid.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryScaledPriceToTicks(long scaledPrice, out long ticks)
    {
        if (TickSizeScaled == 1)
        {
            // The tick is one unit of the price's last decimal (most venues): no division.
            ticks = scaledPrice;
            return true;
        }

        ticks = Math.DivRem(scaledPrice, TickSizeScaled, out var remainder);
        return remainder == 0;
    }

    /// <summary>Converts a price on the tick grid to ticks.</summary>
    /// <param name="price">The price in quote currency.</param>
    /// <returns>The price in ticks.</returns>
    /// <exception cref="ArgumentException"><paramref name="price"/> is off the tick grid.</exception>
    public long ToTicks(Price price) =>
        TryToTicks(price, out var ticks)
            ? ticks
            : throw new ArgumentException($"Price {price} is not a multiple of tick size {TickSize} for {Instrument}.", nameof(price));

    /// <summary>Converts ticks to a price carrying <see cref="PricePrecision"/> decimals.</summary>
    /// <param name="ticks">The price in ticks.</param>
    /// <returns>The price in quote currency.</returns>
    public Price FromTicks(long ticks) => new(FixedPoint.ToDecimal(ticks * TickSizeScaled, PricePrecision));

    /// <summary>Converts a quantity on the lot grid to lots.</summary>
    /// <param name="quantity">The quantity in base units.</param>
    /// <param name="lots">The quantity in lots when it lies on the grid.</param>
    /// <returns><see langword="false"/> when <paramref name="quantity"/> is off the lot grid or out of range.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryToLots(Quantity quantity, out long lots)
    {
        if (FixedPoint.TryToScaled(quantity.Value, SizePrecision, out var scaled))
        {
            return TryScaledQuantityToLots(scaled, out lots);
        }

        lots = 0;
        return false;
    }

    /// <summary>
    /// Converts a book level's quantity to lots: on the lot grid exactly, else rounded to the nearest lot and at least
    /// one. A level rests orders placed under the rules of their day: Binance spot's BTCUSDT book holds 25.426189 BTC
    /// at 200,000 USDT, left from before its step size became 0.00001. Such a level is kept, its size within half a lot,
    /// rather than the book refused.
    /// </summary>
    /// <param name="quantity">The level's quantity in base units; not negative.</param>
    /// <param name="lots">The quantity in lots.</param>
    /// <returns><see langword="false"/> when the quantity is negative or out of range.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal bool TryToBookLots(Quantity quantity, out long lots) =>
        TryToLots(quantity, out lots) || TryToNearestLots(quantity, out lots);

    /// <summary>Converts a book level as a book keeps it: a positive price on the tick grid, the quantity in book lots (<see cref="TryToBookLots"/>).</summary>
    /// <param name="level">The level.</param>
    /// <param name="priceTicks">The price in ticks.</param>
    /// <param name="lots">The quantity in lots.</param>
    /// <returns><see langword="false"/> when the price is off the grid or not positive, or the quantity negative or out of range.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal bool TryToBookLevel(in BookLevel level, out long priceTicks, out long lots)
    {
        lots = 0;
        return TryToTicks(level.Price, out priceTicks) && priceTicks > 0 && TryToBookLots(level.Quantity, out lots);
    }

    /// <summary>A quantity off the lot grid, to the nearest lot and at least one (<see cref="TryToBookLots"/>): rare, and kept out of the callers' inlined code.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool TryToNearestLots(Quantity quantity, out long lots)
    {
        var inLots = quantity.Value / LotSize.Value;
        if (inLots <= 0 || inLots >= long.MaxValue)
        {
            lots = 0;
            return false;
        }

        lots = Math.Max(1, (long)Math.Round(inLots, MidpointRounding.AwayFromZero));
        return true;
    }

    /// <summary>Converts a quantity scaled by 10^<see cref="SizePrecision"/> (its wire digits) to lots.</summary>
    /// <param name="scaledQuantity">The quantity × 10^SizePrecision.</param>
    /// <param name="lots">The quantity in lots when it lies on the grid.</param>
    /// <returns><see langword="false"/> when the quantity is off the lot grid.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryScaledQuantityToLots(long scaledQuantity, out long lots)
    {
        if (LotSizeScaled == 1)
        {
            lots = scaledQuantity;
            return true;
        }

        lots = Math.DivRem(scaledQuantity, LotSizeScaled, out var remainder);
        return remainder == 0;
    }

    /// <summary>Converts a quantity on the lot grid to lots.</summary>
    /// <param name="quantity">The quantity in base units.</param>
    /// <returns>The quantity in lots.</returns>
    /// <exception cref="ArgumentException"><paramref name="quantity"/> is off the lot grid.</exception>
    public long ToLots(Quantity quantity) =>
        TryToLots(quantity, out var lots)
            ? lots
            : throw new ArgumentException($"Quantity {quantity} is not a multiple of lot size {LotSize} for {Instrument}.", nameof(quantity));

    /// <summary>Converts lots to a quantity carrying <see cref="SizePrecision"/> decimals.</summary>
    /// <param name="lots">The quantity in lots; not negative.</param>
    /// <returns>The quantity in base units.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="lots"/> is negative.</exception>
    public Quantity FromLots(long lots) => new(FixedPoint.ToDecimal(lots * LotSizeScaled, SizePrecision));

    /// <summary>Converts a level in ticks and lots to its price and quantity (<see cref="FromTicks"/>, <see cref="FromLots"/>).</summary>
    /// <param name="level">The level; its quantity not negative.</param>
    /// <returns>The price in quote currency and the quantity in base units.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The quantity is negative.</exception>
    public BookLevel ToBookLevel(TickLevel level) => new(FromTicks(level.PriceTicks), FromLots(level.QuantityLots));

    /// <summary>Validates an order's price and quantity against this instrument's rules, without rounding anything.</summary>
    /// <param name="price">The limit price in quote currency.</param>
    /// <param name="quantity">The quantity in base units.</param>
    /// <returns>The first rule broken, or <see cref="SpecViolation.None"/>.</returns>
    public SpecViolation Validate(Price price, Quantity quantity)
    {
        var priceViolation = ValidatePrice(price);
        if (priceViolation != SpecViolation.None)
        {
            return priceViolation;
        }

        var quantityViolation = ValidateQuantity(quantity);
        if (quantityViolation != SpecViolation.None)
        {
            return quantityViolation;
        }

        return price * quantity < MinNotional ? SpecViolation.NotionalBelowMinimum : SpecViolation.None;
    }

    /// <summary>Validates a price against the tick grid.</summary>
    /// <param name="price">The price in quote currency.</param>
    /// <returns><see cref="SpecViolation.NonPositivePrice"/>, <see cref="SpecViolation.PriceOffTick"/> or <see cref="SpecViolation.None"/>.</returns>
    public SpecViolation ValidatePrice(Price price)
    {
        if (price <= Price.Zero)
        {
            return SpecViolation.NonPositivePrice;
        }

        return TryToTicks(price, out _) ? SpecViolation.None : SpecViolation.PriceOffTick;
    }

    /// <summary>Validates a quantity against the lot grid and the minimum and maximum quantities.</summary>
    /// <param name="quantity">The quantity in base units.</param>
    /// <returns>The first rule broken, or <see cref="SpecViolation.None"/>.</returns>
    public SpecViolation ValidateQuantity(Quantity quantity)
    {
        if (quantity.IsZero)
        {
            return SpecViolation.ZeroQuantity;
        }

        if (!TryToLots(quantity, out _))
        {
            return SpecViolation.QuantityOffLot;
        }

        if (quantity < MinQuantity)
        {
            return SpecViolation.QuantityBelowMinimum;
        }

        return MaxQuantity is { } max && quantity > max ? SpecViolation.QuantityAboveMaximum : SpecViolation.None;
    }

    /// <inheritdoc/>
    public override string ToString() =>
        $"{Instrument} tick {TickSize} lot {LotSize} precision {PricePrecision}/{SizePrecision}";

    private Price RoundToTick(Price price, MidpointRounding rounding)
    {
        var ticks = decimal.Round(price.Value / TickSize.Value, 0, rounding);
        return new Price(FixedPoint.ToDecimal((long)ticks * TickSizeScaled, PricePrecision));
    }
}
