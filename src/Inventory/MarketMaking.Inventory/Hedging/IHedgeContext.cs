using MarketMaking.Models;

namespace MarketMaking.Inventory;

/// <summary>
/// What a hedging policy sees and may do. Quantities in base units of the hedged asset; positive is long.
/// Every order it sends is capped so that <see cref="Unhedged"/> never changes sign (no over-hedging) and no single
/// order exceeds the clip.
/// </summary>
public interface IHedgeContext
{
    /// <summary>Gets the net position of the hedged asset across the exposure venues.</summary>
    decimal NetPosition { get; }

    /// <summary>Gets the signed quantity still to fill on open hedge orders (negative for sells).</summary>
    decimal InFlight { get; }

    /// <summary>Gets the position once every open hedge fills: <see cref="NetPosition"/> + <see cref="InFlight"/>.</summary>
    decimal Unhedged { get; }

    /// <summary>Gets the largest quantity of one hedge order.</summary>
    decimal Clip { get; }

    /// <summary>Gets the hedge venue's book, or <see langword="null"/> before it has one.</summary>
    OrderBook? HedgeBook { get; }

    /// <summary>Gets the open hedge orders.</summary>
    IReadOnlyList<IOrderView> OpenHedges { get; }

    /// <summary>Gets the loop's time, in ns since the Unix epoch.</summary>
    long NowNanoseconds { get; }

    /// <summary>Sends a marketable order (IOC, priced through the touch by the configured slippage) that reduces the unhedged position.</summary>
    /// <param name="quantity">The quantity wanted; capped at the clip and at |<see cref="Unhedged"/>|.</param>
    /// <returns>The order, or <see langword="null"/> when nothing was sent (no book, nothing to hedge, below a lot).</returns>
    IOrderView? SendMarketable(decimal quantity);

    /// <summary>Sends a post-only order resting at a price, that reduces the unhedged position.</summary>
    /// <param name="quantity">The quantity wanted; capped like <see cref="SendMarketable"/>.</param>
    /// <param name="price">The price.</param>
    /// <returns>The order, or <see langword="null"/> when nothing was sent.</returns>
    IOrderView? SendPassive(decimal quantity, Price price);

    /// <summary>Moves a resting hedge order to a new price.</summary>
    /// <param name="order">The order.</param>
    /// <param name="price">The new price.</param>
    void Reprice(IOrderView order, Price price);

    /// <summary>Cancels a hedge order.</summary>
    /// <param name="order">The order.</param>
    void Cancel(IOrderView order);
}
