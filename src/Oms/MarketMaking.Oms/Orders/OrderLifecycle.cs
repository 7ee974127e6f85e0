using MarketMaking.Models;

namespace MarketMaking.Oms;

/// <summary>
/// Applies events to an <see cref="OmsOrder"/> through the <see cref="OrderStateMachine"/>: state changes, amended
/// quantities and prices, and fills, each trade id applied once.
/// </summary>
public static class OrderLifecycle
{
    /// <summary>Applies an event without quantities.</summary>
    /// <param name="order">The order.</param>
    /// <param name="kind">The event.</param>
    /// <param name="timestampNanoseconds">When it happened.</param>
    /// <returns>What the state machine did.</returns>
    public static TransitionOutcome Apply(OmsOrder order, OrderEventKind kind, long timestampNanoseconds)
    {
        ArgumentNullException.ThrowIfNull(order);
        var transition = OrderStateMachine.Transition(order.Status, kind);
        switch (transition.Outcome)
        {
            case TransitionOutcome.Moves:
                if (transition.To is OrderStatus.PendingAmend or OrderStatus.PendingCancel && order.Status is not (OrderStatus.PendingAmend or OrderStatus.PendingCancel))
                {
                    order.StatusBeforePending = order.Status;
                }

                order.Status = transition.To;
                order.UpdatedNanoseconds = timestampNanoseconds;
                break;
            case TransitionOutcome.RollsBack:
                order.Status = order.StatusBeforePending;
                order.UpdatedNanoseconds = timestampNanoseconds;
                break;
            case TransitionOutcome.Ignored when order.StatusBeforePending == OrderStatus.PendingNew && order.Status is OrderStatus.PendingAmend or OrderStatus.PendingCancel:
                // The submit's answer to an order canceled (or amended) before it: the state a refused cancel returns
                // to is now what the answer says, no longer "submit under way".
                order.StatusBeforePending = kind switch
                {
                    OrderEventKind.SubmitAcknowledged or OrderEventKind.Accepted => OrderStatus.Accepted,
                    OrderEventKind.SubmitOutcomeUnknown => OrderStatus.Unknown,
                    _ => order.StatusBeforePending,
                };
                break;
        }

        return transition.Outcome;
    }

    /// <summary>Applies a fill: counted once per trade id, in any state (before the acknowledgement too).</summary>
    /// <param name="order">The order.</param>
    /// <param name="fill">The fill.</param>
    /// <returns><see langword="false"/> when the trade id was applied already (nothing changes).</returns>
    public static bool ApplyFill(OmsOrder order, FillEvent fill)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(fill);
        if (!order.TryAddTrade(fill.TradeId))
        {
            return false;
        }

        var before = order.FilledQuantity.Value;
        var filled = before + fill.Quantity.Value;
        order.AveragePrice = new Price(((order.AveragePrice?.Value ?? 0m) * before + fill.Price.Value * fill.Quantity.Value) / filled);
        order.FilledQuantity = new Quantity(filled);
        order.Fees += fill.Fee;
        order.VenueOrderId ??= fill.VenueOrderId;
        var complete = filled >= order.Quantity.Value || fill.OrderStatus == OrderStatus.Filled;
        Apply(order, complete ? OrderEventKind.Filled : OrderEventKind.PartiallyFilled, fill.TsEvent);
        return true;
    }

    /// <summary>Applies a successful amend: the new quantity and price, and the end of the pending state.</summary>
    /// <param name="order">The order.</param>
    /// <param name="newQuantity">The new total quantity, or <see langword="null"/>.</param>
    /// <param name="newLimitPrice">The new limit price, or <see langword="null"/>.</param>
    /// <param name="timestampNanoseconds">When it happened.</param>
    /// <returns>What the state machine did.</returns>
    public static TransitionOutcome ApplyAmend(OmsOrder order, Quantity? newQuantity, Price? newLimitPrice, long timestampNanoseconds)
    {
        ArgumentNullException.ThrowIfNull(order);
        var outcome = Apply(order, OrderEventKind.Amended, timestampNanoseconds);
        if (outcome is TransitionOutcome.RollsBack or TransitionOutcome.Ignored && order.IsOpen)
        {
            order.Quantity = newQuantity ?? order.Quantity;
            order.LimitPrice = newLimitPrice ?? order.LimitPrice;
        }

        return outcome;
    }
}
