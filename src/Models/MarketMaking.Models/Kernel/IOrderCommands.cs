namespace MarketMaking.Models;

/// <summary>
/// The OMS's order commands, as the kernel's other stages use them on the engine loop: the kill switch (cancel all,
/// flatten) and the hedger (hedge orders). Every command is journaled and checked by the pre-trade gates (cancels are
/// never gated) before it leaves for the venue; its answer arrives later on the loop as an <see cref="OrderEntryResult"/>.
/// </summary>
public interface IOrderCommands : IOpenOrders
{
    /// <summary>Gets the venues orders can be sent to.</summary>
    IReadOnlyList<VenueId> Venues { get; }

    /// <summary>
    /// Gets the fill the OMS applied from the event being dispatched (each trade id once), or <see langword="null"/> when
    /// that event applied none: how the stages after the OMS tell a new fill from a repeated one.
    /// </summary>
    FillEvent? LastAppliedFill { get; }

    /// <summary>Gets what a venue's order entry supports.</summary>
    /// <param name="venue">The venue.</param>
    /// <returns>Its capabilities, or <see langword="null"/> for a venue not registered.</returns>
    VenueCapabilities? CapabilitiesOf(VenueId venue);

    /// <summary>Sends a new order (or refuses it: the order is then tracked as rejected, with the reason).</summary>
    /// <param name="intent">The order.</param>
    /// <returns>The order as tracked.</returns>
    IOrderView Submit(OrderIntent intent);

    /// <summary>Amends a resting order's quantity or limit price (where the venue supports it).</summary>
    /// <param name="order">The order.</param>
    /// <param name="newQuantity">The new total quantity, or <see langword="null"/> to keep it.</param>
    /// <param name="newLimitPrice">The new limit price, or <see langword="null"/> to keep it.</param>
    /// <returns>Whether the amend was sent.</returns>
    bool Amend(IOrderView order, Quantity? newQuantity, Price? newLimitPrice);

    /// <summary>Cancels an order.</summary>
    /// <param name="order">The order.</param>
    /// <returns>Whether the cancel was sent.</returns>
    bool Cancel(IOrderView order);

    /// <summary>Cancels every open order on a venue not already being canceled.</summary>
    /// <param name="venue">The venue.</param>
    /// <returns>How many cancels were sent.</returns>
    int CancelAll(VenueId venue);

    /// <summary>Cancels the open orders on a venue that a filter picks, as <see cref="CancelAll(VenueId)"/> does.</summary>
    /// <param name="venue">The venue.</param>
    /// <param name="which">Whether an order is to be canceled.</param>
    /// <returns>How many cancels were sent.</returns>
    int CancelAll(VenueId venue, Func<IOrderView, bool> which);
}
