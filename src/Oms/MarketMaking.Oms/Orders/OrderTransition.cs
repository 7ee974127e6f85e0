using MarketMaking.Models;

namespace MarketMaking.Oms;

/// <summary>What the state machine does with an event in a state.</summary>
/// <param name="Outcome">Whether the event moves the order, changes nothing, or cannot happen.</param>
/// <param name="To">The state after the event (when <paramref name="Outcome"/> is <see cref="TransitionOutcome.Moves"/>).</param>
public readonly record struct OrderTransition(TransitionOutcome Outcome, OrderStatus To)
{
    /// <summary>The event changes nothing (a late or repeated report).</summary>
    public static OrderTransition Ignore { get; } = new(TransitionOutcome.Ignored, OrderStatus.Unspecified);

    /// <summary>The event cannot happen in the state (a request for a finished order, an internal error).</summary>
    public static OrderTransition Invalid { get; } = new(TransitionOutcome.Invalid, OrderStatus.Unspecified);

    /// <summary>The event moves the order to <paramref name="status"/>.</summary>
    public static OrderTransition MoveTo(OrderStatus status) => new(TransitionOutcome.Moves, status);

    /// <summary>The event returns the order to the state it had before its pending amend or cancel.</summary>
    public static OrderTransition RollBack { get; } = new(TransitionOutcome.RollsBack, OrderStatus.Unspecified);
}
