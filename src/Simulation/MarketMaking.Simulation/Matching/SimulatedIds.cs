using System.Globalization;
using MarketMaking.Models;

namespace MarketMaking.Simulation.Matching;

/// <summary>Deterministic ids for a simulated venue: the same run gives the same ids.</summary>
/// <remarks>Formatted with the invariant culture given, not looked up: a backtest makes one for every amend.</remarks>
public sealed class SimulatedIds
{
    private long _orders;
    private long _trades;
    private long _amends;
    private long _sequence;

    /// <summary>Returns the next venue order id, shaped like Kraken's (<c>OSIM00-00000-000001</c>).</summary>
    public VenueOrderId NextOrderId() => VenueOrderId.Create(string.Create(CultureInfo.InvariantCulture, $"OSIM00-00000-{++_orders:D6}"));

    /// <summary>Returns the next fill id.</summary>
    public TradeId NextTradeId() => TradeId.Create(string.Create(CultureInfo.InvariantCulture, $"TSIM00-00000-{++_trades:D6}"));

    /// <summary>Returns the next amend id.</summary>
    public string NextAmendId() => string.Create(CultureInfo.InvariantCulture, $"ASIM00-00000-{++_amends:D6}");

    /// <summary>Returns the next arrival sequence number (queue priority among our own orders).</summary>
    public long NextSequence() => ++_sequence;
}
