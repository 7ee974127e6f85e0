
namespace MarketMaking.Models;

/// <summary>
/// A pre-trade check the OMS asks before a new order or an amend leaves for the venue (risk
/// limits, the trading state). A denied request becomes an <see cref="OrderDenied"/> event and never reaches an adapter.
/// Cancels are never gated: getting out must always be possible.
/// </summary>
/// <remarks>Called on the engine loop with the OMS's orders, which the gate may read; it must be quick and must not block.</remarks>
public interface IOrderGate
{
    /// <summary>Checks a new order.</summary>
    /// <param name="intent">The order.</param>
    /// <param name="orders">The orders the OMS tracks (open orders count toward limits).</param>
    /// <returns>Why it is denied, or <see langword="null"/> to let it pass.</returns>
    OrderDenial? CheckSubmit(OrderIntent intent, IOpenOrders orders);

    /// <summary>Checks an amend of a resting order.</summary>
    /// <param name="order">The order as it rests.</param>
    /// <param name="newQuantity">The new total quantity, or <see langword="null"/> to keep it.</param>
    /// <param name="newLimitPrice">The new limit price, or <see langword="null"/> to keep it.</param>
    /// <param name="orders">The orders the OMS tracks.</param>
    /// <returns>Why it is denied, or <see langword="null"/> to let it pass.</returns>
    OrderDenial? CheckAmend(IOrderView order, Quantity? newQuantity, Price? newLimitPrice, IOpenOrders orders);
}
