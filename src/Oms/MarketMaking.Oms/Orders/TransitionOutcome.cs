namespace MarketMaking.Oms;

/// <summary>How an event affects an order's state. Values are pinned.</summary>
public enum TransitionOutcome
{
    /// <summary>Not set.</summary>
    Unspecified = 0,

    /// <summary>The order moves to a new state.</summary>
    Moves = 1,

    /// <summary>The order returns to its state before a pending amend or cancel.</summary>
    RollsBack = 2,

    /// <summary>Nothing changes (a late or repeated report); quantities may still be updated by fills.</summary>
    Ignored = 3,

    /// <summary>The event cannot happen in this state; the OMS logs it and changes nothing.</summary>
    Invalid = 4,
}
