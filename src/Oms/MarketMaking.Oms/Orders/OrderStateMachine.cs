using MarketMaking.Models;

namespace MarketMaking.Oms;

/// <summary>
/// The order lifecycle in one transition table: for every state and every event, where the order goes.
/// </summary>
/// <remarks>
/// <para>Rules that are easy to get wrong, and how the table settles them:</para>
/// <list type="bullet">
/// <item>A fill is applied in every state, before the acknowledgement included, so none is lost. On a finished order
/// it still counts (a fill can race a cancel), but the state stays.</item>
/// <item>A rejected amend or cancel rolls back to the state before the request (kept by the order).</item>
/// <item>An order whose submit got no answer is <see cref="OrderStatus.Unknown"/> until the venue reports it, or
/// reconciliation finds no trace of it (then it was never placed: <see cref="OrderStatus.Rejected"/>).</item>
/// <item>Reports that arrive late (an acknowledgement after the fill, an <c>Accepted</c> after a fill) are ignored.</item>
/// </list>
/// </remarks>
public static class OrderStateMachine
{
    private static readonly OrderTransition[,] s_table = Build();

    /// <summary>Gets every state the table covers.</summary>
    public static IReadOnlyList<OrderStatus> States { get; } =
    [
        OrderStatus.PendingNew, OrderStatus.Accepted, OrderStatus.PartiallyFilled, OrderStatus.Filled, OrderStatus.PendingAmend,
        OrderStatus.PendingCancel, OrderStatus.Canceled, OrderStatus.Rejected, OrderStatus.Expired, OrderStatus.Unknown,
    ];

    /// <summary>Gets every event the table covers.</summary>
    public static IReadOnlyList<OrderEventKind> Events { get; } = [.. Enum.GetValues<OrderEventKind>().Where(e => e != OrderEventKind.Unspecified)];

    /// <summary>Returns whether a state is final: no further state change except by fills' quantities.</summary>
    public static bool IsTerminal(OrderStatus status) => status is OrderStatus.Filled or OrderStatus.Canceled or OrderStatus.Rejected or OrderStatus.Expired;

    /// <summary>Returns whether an order in a state may still trade at the venue.</summary>
    public static bool IsOpen(OrderStatus status) => !IsTerminal(status) && status != OrderStatus.Unspecified;

    /// <summary>Looks up what an event does in a state.</summary>
    /// <param name="from">The state.</param>
    /// <param name="kind">The event.</param>
    /// <returns>The transition.</returns>
    public static OrderTransition Transition(OrderStatus from, OrderEventKind kind) =>
        (int)from < s_table.GetLength(0) && (int)kind < s_table.GetLength(1) ? s_table[(int)from, (int)kind] : OrderTransition.Invalid;

    private static OrderTransition[,] Build()
    {
        var table = new OrderTransition[Enum.GetValues<OrderStatus>().Length, Enum.GetValues<OrderEventKind>().Length];
        for (var s = 0; s < table.GetLength(0); s++)
        {
            for (var e = 0; e < table.GetLength(1); e++)
            {
                table[s, e] = OrderTransition.Invalid;
            }
        }

        void Set(OrderStatus from, OrderEventKind kind, OrderTransition transition) => table[(int)from, (int)kind] = transition;
        var move = OrderTransition.MoveTo;
        var ignore = OrderTransition.Ignore;

        // Fills are applied everywhere; a finished order keeps its state.
        foreach (var status in new[] { OrderStatus.PendingNew, OrderStatus.Accepted, OrderStatus.PartiallyFilled, OrderStatus.Unknown })
        {
            Set(status, OrderEventKind.PartiallyFilled, move(OrderStatus.PartiallyFilled));
            Set(status, OrderEventKind.Filled, move(OrderStatus.Filled));
            Set(status, OrderEventKind.Canceled, move(OrderStatus.Canceled));
            Set(status, OrderEventKind.Expired, move(OrderStatus.Expired));
        }

        foreach (var pending in new[] { OrderStatus.PendingAmend, OrderStatus.PendingCancel })
        {
            Set(pending, OrderEventKind.PartiallyFilled, ignore);
            Set(pending, OrderEventKind.Filled, move(OrderStatus.Filled));
            Set(pending, OrderEventKind.Canceled, move(OrderStatus.Canceled));
            Set(pending, OrderEventKind.Expired, move(OrderStatus.Expired));
            Set(pending, OrderEventKind.Accepted, ignore);
        }

        foreach (var terminal in new[] { OrderStatus.Filled, OrderStatus.Canceled, OrderStatus.Rejected, OrderStatus.Expired })
        {
            foreach (var kind in new[]
            {
                OrderEventKind.SubmitAcknowledged, OrderEventKind.Accepted, OrderEventKind.PartiallyFilled, OrderEventKind.Filled,
                OrderEventKind.Amended, OrderEventKind.AmendRejected, OrderEventKind.CancelRejected, OrderEventKind.Canceled,
                OrderEventKind.Expired, OrderEventKind.SubmitOutcomeUnknown, OrderEventKind.NotFoundAtVenue,
            })
            {
                Set(terminal, kind, ignore);
            }
        }

        Set(OrderStatus.Rejected, OrderEventKind.SubmitRejected, ignore);
        Set(OrderStatus.PendingNew, OrderEventKind.SubmitAcknowledged, move(OrderStatus.Accepted));
        Set(OrderStatus.PendingNew, OrderEventKind.SubmitRejected, move(OrderStatus.Rejected));
        Set(OrderStatus.PendingNew, OrderEventKind.SubmitOutcomeUnknown, move(OrderStatus.Unknown));
        Set(OrderStatus.PendingNew, OrderEventKind.Accepted, move(OrderStatus.Accepted));
        Set(OrderStatus.PendingNew, OrderEventKind.CancelRequested, move(OrderStatus.PendingCancel));
        Set(OrderStatus.PendingNew, OrderEventKind.NotFoundAtVenue, move(OrderStatus.Rejected));

        Set(OrderStatus.Unknown, OrderEventKind.SubmitAcknowledged, move(OrderStatus.Accepted));
        Set(OrderStatus.Unknown, OrderEventKind.SubmitRejected, move(OrderStatus.Rejected));
        Set(OrderStatus.Unknown, OrderEventKind.SubmitOutcomeUnknown, ignore);
        Set(OrderStatus.Unknown, OrderEventKind.Accepted, move(OrderStatus.Accepted));
        Set(OrderStatus.Unknown, OrderEventKind.CancelRequested, move(OrderStatus.PendingCancel));
        Set(OrderStatus.Unknown, OrderEventKind.NotFoundAtVenue, move(OrderStatus.Rejected));

        foreach (var live in new[] { OrderStatus.Accepted, OrderStatus.PartiallyFilled })
        {
            Set(live, OrderEventKind.SubmitAcknowledged, ignore);
            Set(live, OrderEventKind.SubmitOutcomeUnknown, ignore);
            Set(live, OrderEventKind.Accepted, ignore);
            Set(live, OrderEventKind.AmendRequested, move(OrderStatus.PendingAmend));
            Set(live, OrderEventKind.CancelRequested, move(OrderStatus.PendingCancel));
            Set(live, OrderEventKind.Amended, ignore);
            Set(live, OrderEventKind.NotFoundAtVenue, move(OrderStatus.Canceled));
        }

        Set(OrderStatus.PendingAmend, OrderEventKind.Amended, OrderTransition.RollBack);
        Set(OrderStatus.PendingAmend, OrderEventKind.AmendRejected, OrderTransition.RollBack);
        Set(OrderStatus.PendingAmend, OrderEventKind.CancelRequested, move(OrderStatus.PendingCancel));
        Set(OrderStatus.PendingAmend, OrderEventKind.SubmitAcknowledged, ignore);
        Set(OrderStatus.PendingAmend, OrderEventKind.SubmitOutcomeUnknown, ignore);
        Set(OrderStatus.PendingAmend, OrderEventKind.NotFoundAtVenue, move(OrderStatus.Canceled));

        Set(OrderStatus.PendingCancel, OrderEventKind.CancelRejected, OrderTransition.RollBack);
        Set(OrderStatus.PendingCancel, OrderEventKind.Amended, ignore);
        Set(OrderStatus.PendingCancel, OrderEventKind.AmendRejected, ignore);
        Set(OrderStatus.PendingCancel, OrderEventKind.SubmitAcknowledged, ignore);
        Set(OrderStatus.PendingCancel, OrderEventKind.SubmitOutcomeUnknown, ignore);
        Set(OrderStatus.PendingCancel, OrderEventKind.SubmitRejected, move(OrderStatus.Rejected));
        Set(OrderStatus.PendingCancel, OrderEventKind.NotFoundAtVenue, move(OrderStatus.Canceled));
        return table;
    }
}
