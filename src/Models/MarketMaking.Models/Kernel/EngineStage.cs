namespace MarketMaking.Models;

/// <summary>
/// Where an in-loop handler runs in the kernel's pipeline, which takes every event through the stages in this order
/// whatever order the handlers were registered in: a stage sees the state every earlier stage has taken the event into.
/// </summary>
public enum EngineStage
{
    /// <summary>Not set.</summary>
    Unspecified = 0,

    /// <summary>The books: market data first, so that everything after sees the book the event made.</summary>
    Books = 1,

    /// <summary>The OMS: venue answers, order updates and fills applied to the orders.</summary>
    Orders = 2,

    /// <summary>Inventory: positions, PnL and hedging from the fills the OMS applied.</summary>
    Inventory = 3,

    /// <summary>Risk: the kill switch, on the positions and PnL inventory has updated.</summary>
    Risk = 4,

    /// <summary>Observers: monitoring, reconciliation, recorders; after the state, before the strategies (the default).</summary>
    Observer = 5,

    /// <summary>The strategies, last: they decide on the state every other stage has brought up to date.</summary>
    Strategies = 6,
}
