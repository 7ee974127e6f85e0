namespace MarketMaking.Adapters.Kraken;

/// <summary>The order-entry actions Kraken's trading counter charges for. Values are pinned.</summary>
public enum KrakenTradingAction
{
    /// <summary>Not set.</summary>
    Unspecified = 0,

    /// <summary>A new order: +1.</summary>
    AddOrder = 1,

    /// <summary>An amend in place: +1, plus 3/2/1 when the order is younger than 5/10/15 s.</summary>
    AmendOrder = 2,

    /// <summary>A legacy edit (cancel and replace): +1, plus 6/5/4/2/1 below 5/10/15/45/90 s.</summary>
    EditOrder = 3,

    /// <summary>A cancel: 8/6/5/4/2/1 below 5/10/15/45/90/300 s, nothing for older orders.</summary>
    CancelOrder = 4,

    /// <summary>A batch of n new orders: +n/2.</summary>
    BatchAdd = 5,

    /// <summary>A batch of n cancels: n times the cancel penalty.</summary>
    BatchCancel = 6,
}
