
namespace MarketMaking.Models;

/// <summary>
/// The order-entry rate budget an adapter models on the client side, readable so that a strategy can hold back new
/// quotes before the venue refuses them, while its cancels still go.
/// </summary>
public interface IOrderEntryBudget
{
    /// <summary>Returns how many new orders on an instrument fit in the budget now, keeping the part reserved for cancels.</summary>
    /// <param name="instrument">The instrument.</param>
    /// <returns>A count of new orders (an amend may cost more than one); <see cref="int.MaxValue"/> when the adapter does not limit order entry.</returns>
    int NewOrderHeadroom(InstrumentId instrument);
}
