using MarketMaking.Models;
using MarketMaking.Oms;

namespace MarketMaking.Simulation.Reporting;

/// <summary>Order counts of a run.</summary>
/// <param name="Placed">Orders sent to a venue (what risk denied was never sent, and is not counted here).</param>
/// <param name="Filled">Orders completely filled.</param>
/// <param name="Canceled">Orders canceled.</param>
/// <param name="Rejected">Orders a venue refused.</param>
/// <param name="Denied">Orders a pre-trade check denied.</param>
public sealed record OrderCounts(int Placed, int Filled, int Canceled, int Rejected, int Denied)
{
    /// <summary>Counts the orders of a run by how each ended.</summary>
    /// <param name="orders">Every order the OMS tracked.</param>
    /// <returns>The counts.</returns>
    public static OrderCounts Of(IReadOnlyCollection<OmsOrder> orders)
    {
        ArgumentNullException.ThrowIfNull(orders);
        var denied = orders.Count(IsDenied);
        return new OrderCounts(
            orders.Count - denied,
            orders.Count(o => o.Status == OrderStatus.Filled),
            orders.Count(o => o.Status == OrderStatus.Canceled),
            orders.Count(o => o.Status == OrderStatus.Rejected && !IsDenied(o)),
            denied);
    }

    private static bool IsDenied(OmsOrder order) => order.LastError?.StartsWith("Denied", StringComparison.Ordinal) == true;
}
