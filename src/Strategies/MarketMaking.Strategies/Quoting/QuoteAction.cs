using MarketMaking.Models;
using MarketMaking.Oms;

namespace MarketMaking.Strategies;

/// <summary>What the diff asks the OMS to do. Values are pinned.</summary>
public enum QuoteActionKind
{
    /// <summary>Not set.</summary>
    Unspecified = 0,

    /// <summary>Place a new order.</summary>
    Place = 1,

    /// <summary>Amend a resting order's price and size (keeps its ids; on Kraken, cheaper than cancel and new).</summary>
    Amend = 2,

    /// <summary>Cancel a resting order.</summary>
    Cancel = 3,
}

/// <summary>One change from the current orders to the desired grid.</summary>
/// <param name="Kind">Place, amend or cancel.</param>
/// <param name="Side">The side.</param>
/// <param name="Order">The resting order amended or canceled, or <see langword="null"/> for a new one.</param>
/// <param name="Price">The desired price, for a place or an amend.</param>
/// <param name="Quantity">The desired size, for a place or an amend.</param>
public sealed record QuoteAction(QuoteActionKind Kind, Side Side, OmsOrder? Order, Price? Price, Quantity? Quantity);
