using System.Globalization;
using MarketMaking.Models;

namespace MarketMaking.Risk;

/// <summary>
/// The pre-trade checks, each a pure function that returns why an order is denied or <see langword="null"/> when it
/// passes. Prices in quote currency per unit of base, quantities in base units, notionals in quote currency.
/// </summary>
public static class PreTradeChecks
{
    /// <summary>The price must be a multiple of the tick size.</summary>
    /// <param name="spec">The instrument.</param>
    /// <param name="price">The limit price.</param>
    /// <returns>The denial, or <see langword="null"/>.</returns>
    public static OrderDenial? PriceOnTick(InstrumentSpec spec, Price price)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return spec.TryToTicks(price, out _) ? null : Deny(DenialReason.PriceOffTick, $"price {price} is not a multiple of the tick {spec.TickSize}");
    }

    /// <summary>The price must lie within a band around the mid (a fat-finger guard).</summary>
    /// <param name="price">The limit price.</param>
    /// <param name="mid">The mid, or <see langword="null"/> when there is no book.</param>
    /// <param name="maxDeviationBps">The band's half-width, in bps of the mid.</param>
    /// <returns>The denial, or <see langword="null"/>.</returns>
    public static OrderDenial? PriceWithinBand(Price price, Price? mid, double maxDeviationBps)
    {
        if (mid is not { } m || m.Value <= 0)
        {
            return Deny(DenialReason.NoMarketData, "no mid to check the price against");
        }

        // In doubles: a decimal division costs more than the rest of the check.
        var deviationBps = Math.Abs((double)(price.Value - m.Value)) / (double)m.Value * 10_000;
        return deviationBps > maxDeviationBps
            ? Deny(DenialReason.PriceOutsideBand, $"price {price} is {Format(deviationBps)} bps from the mid {m}, beyond {Format(maxDeviationBps)} bps")
            : null;
    }

    /// <summary>The quantity must be a multiple of the lot size and at least the minimum quantity.</summary>
    /// <param name="spec">The instrument.</param>
    /// <param name="quantity">The quantity.</param>
    /// <returns>The denial, or <see langword="null"/>.</returns>
    public static OrderDenial? QuantityOnLot(InstrumentSpec spec, Quantity quantity)
    {
        ArgumentNullException.ThrowIfNull(spec);
        // Converted to lots rather than rounded down to the lot and compared: a decimal division costs more than the check.
        if (!spec.TryToLots(quantity, out _))
        {
            return Deny(DenialReason.QuantityOffLot, $"quantity {quantity} is not a multiple of the lot {spec.LotSize}");
        }

        return quantity.Value < spec.MinQuantity.Value || quantity.Value <= 0
            ? Deny(DenialReason.QuantityOffLot, $"quantity {quantity} is below the minimum {spec.MinQuantity}")
            : null;
    }

    /// <summary>The notional must reach the venue's minimum.</summary>
    /// <param name="spec">The instrument (its <see cref="InstrumentSpec.MinNotional"/>).</param>
    /// <param name="price">The price (the limit, or the mid for a market order).</param>
    /// <param name="quantity">The quantity.</param>
    /// <returns>The denial, or <see langword="null"/>.</returns>
    public static OrderDenial? MinNotional(InstrumentSpec spec, Price price, Quantity quantity)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var notional = price.Value * quantity.Value;
        return notional < spec.MinNotional
            ? Deny(DenialReason.BelowMinNotional, $"notional {Format(notional)} is below the minimum {Format(spec.MinNotional)}")
            : null;
    }

    /// <summary>The notional must not pass the largest order allowed.</summary>
    /// <param name="price">The price.</param>
    /// <param name="quantity">The quantity.</param>
    /// <param name="maxNotional">The largest notional.</param>
    /// <returns>The denial, or <see langword="null"/>.</returns>
    public static OrderDenial? MaxOrderNotional(Price price, Quantity quantity, decimal maxNotional)
    {
        var notional = price.Value * quantity.Value;
        return notional > maxNotional
            ? Deny(DenialReason.AboveMaxOrderNotional, $"notional {Format(notional)} is above the limit {Format(maxNotional)}")
            : null;
    }

    /// <summary>
    /// The position must stay within ±<paramref name="maxPosition"/> even if every open order on the same side fills
    /// together with this one (the worst case).
    /// </summary>
    /// <param name="side">The order's side.</param>
    /// <param name="quantity">The order's quantity.</param>
    /// <param name="position">The position now (negative when short).</param>
    /// <param name="openBuys">The remaining quantity of open buy orders.</param>
    /// <param name="openSells">The remaining quantity of open sell orders.</param>
    /// <param name="maxPosition">The largest absolute position.</param>
    /// <returns>The denial, or <see langword="null"/>.</returns>
    public static OrderDenial? PositionLimit(Side side, Quantity quantity, decimal position, decimal openBuys, decimal openSells, decimal maxPosition)
    {
        var worst = side == Side.Buy ? position + openBuys + quantity.Value : position - openSells - quantity.Value;
        return Math.Abs(worst) > maxPosition && Math.Abs(worst) > Math.Abs(position)
            ? Deny(DenialReason.PositionLimit, $"the position could reach {Format(worst)} with open orders, beyond ±{Format(maxPosition)}")
            : null;
    }

    /// <summary>
    /// A venue's gross notional at worst must stay within <paramref name="maxLeverage"/> times its margin, unless the
    /// order does not raise it (an order that reduces a position always goes).
    /// </summary>
    /// <param name="grossBefore">The venue's gross notional at worst without the order, in USD.</param>
    /// <param name="grossAfter">The same with the order.</param>
    /// <param name="margin">The venue's margin, in USD.</param>
    /// <param name="maxLeverage">The largest leverage.</param>
    /// <returns>The denial, or <see langword="null"/>.</returns>
    public static OrderDenial? LeverageLimit(decimal grossBefore, decimal grossAfter, decimal margin, decimal maxLeverage) =>
        grossAfter > margin * maxLeverage && grossAfter > grossBefore
            ? Deny(DenialReason.LeverageLimit, $"the venue's gross notional could reach {Format(Math.Round(grossAfter, 2))} USD with open orders, {Format((double)(margin > 0 ? grossAfter / margin : 0))}x its margin of {Format(margin)} USD, beyond {Format(maxLeverage)}x")
            : null;

    /// <summary>No more than a number of orders may be open at once.</summary>
    /// <param name="openOrders">The orders open now.</param>
    /// <param name="maxOpenOrders">The largest number.</param>
    /// <returns>The denial, or <see langword="null"/>.</returns>
    public static OrderDenial? MaxOpenOrders(int openOrders, int maxOpenOrders) =>
        openOrders >= maxOpenOrders ? Deny(DenialReason.TooManyOpenOrders, $"{openOrders} orders are open, the limit is {maxOpenOrders}") : null;

    /// <summary>No more than a number of orders and amends may be sent per second.</summary>
    /// <param name="sentInLastSecond">How many were sent in the last second.</param>
    /// <param name="maxPerSecond">The largest number.</param>
    /// <returns>The denial, or <see langword="null"/>.</returns>
    public static OrderDenial? OrdersPerSecond(int sentInLastSecond, int maxPerSecond) =>
        sentInLastSecond >= maxPerSecond ? Deny(DenialReason.OrderRateLimit, $"{sentInLastSecond} orders in the last second, the limit is {maxPerSecond}") : null;

    /// <summary>A buy must be below our lowest resting ask, a sell above our highest resting bid (no trading with ourselves).</summary>
    /// <param name="side">The order's side.</param>
    /// <param name="price">Its price.</param>
    /// <param name="ourBestOpposite">Our best resting price on the other side, or <see langword="null"/>.</param>
    /// <returns>The denial, or <see langword="null"/>.</returns>
    public static OrderDenial? NoSelfCross(Side side, Price price, Price? ourBestOpposite)
    {
        if (ourBestOpposite is not { } opposite)
        {
            return null;
        }

        var crosses = side == Side.Buy ? price.Value >= opposite.Value : price.Value <= opposite.Value;
        return crosses ? Deny(DenialReason.SelfCross, $"{side} at {price} would trade with our own order at {opposite}") : null;
    }

    /// <summary>
    /// The trading state: Halted lets nothing new through; Reducing lets an order through only when, with the open
    /// orders on its side, it cannot take the position past zero.
    /// </summary>
    /// <param name="state">The state.</param>
    /// <param name="side">The order's side.</param>
    /// <param name="quantity">Its quantity.</param>
    /// <param name="position">The position now.</param>
    /// <param name="openSameSide">The remaining quantity of open orders on the order's side.</param>
    /// <returns>The denial, or <see langword="null"/>.</returns>
    public static OrderDenial? TradingStateAllows(TradingState state, Side side, Quantity quantity, decimal position, decimal openSameSide)
    {
        switch (state)
        {
            case TradingState.Halted:
                return Deny(DenialReason.TradingHalted, "trading is halted; only cancels go");
            case TradingState.Reducing:
                var reducible = side == Side.Buy ? -position : position;
                return quantity.Value + openSameSide <= reducible
                    ? null
                    : Deny(DenialReason.ReducingOnly, $"only orders that reduce the position {Format(position)} go; this {side} of {quantity} (with {Format(openSameSide)} open) would not");
            default:
                return null;
        }
    }

    /// <summary>
    /// An order that adds to a perpetual position (same side, or flipping it) is denied while the mid is within
    /// <paramref name="minDistanceBps"/> of the position's liquidation price; an order that only reduces it goes.
    /// </summary>
    /// <param name="side">The order's side.</param>
    /// <param name="quantity">The order's quantity, in base units.</param>
    /// <param name="position">The position, in base units (negative when short).</param>
    /// <param name="mid">The book's mid, in quote currency per unit of base; no check without one.</param>
    /// <param name="liquidationPrice">The venue's liquidation price of the position; no check without one.</param>
    /// <param name="minDistanceBps">The least distance allowed, in bps of the mid; 0 turns the check off.</param>
    /// <returns>The denial, or <see langword="null"/>.</returns>
    public static OrderDenial? LiquidationDistance(Side side, Quantity quantity, decimal position, Price? mid, decimal? liquidationPrice, double minDistanceBps)
    {
        if (minDistanceBps <= 0 || position == 0 || mid is not { Value: > 0 } m || liquidationPrice is not { } liquidation)
        {
            return null;
        }

        var reduces = side == Side.Buy ? position < 0 && quantity.Value <= -position : position > 0 && quantity.Value <= position;
        var distanceBps = Math.Abs((double)(m.Value - liquidation)) / (double)m.Value * 10_000;
        return !reduces && distanceBps < minDistanceBps
            ? Deny(DenialReason.NearLiquidation, $"the position {Format(position)} is {Format(distanceBps)} bps from its liquidation price {Format(liquidation)}, within {Format(minDistanceBps)} bps; only orders that reduce it go")
            : null;
    }

    private static OrderDenial Deny(DenialReason reason, string message) => new(reason, message);

    private static string Format(decimal value) => value.ToString("0.########", CultureInfo.InvariantCulture);

    private static string Format(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
