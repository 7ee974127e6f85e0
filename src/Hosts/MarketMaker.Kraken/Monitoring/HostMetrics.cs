using System.Diagnostics.Metrics;
using MarketMaking.Adapters;
using MarketMaking.Inventory;
using MarketMaking.Models;
using MarketMaking.Risk;

namespace MarketMaker.Kraken.Monitoring;

/// <summary>
/// The run's gauges, next to the OMS's counters and latency histogram: position per venue and instrument, PnL, each
/// venue connection's state, the trading state and the hedges. Read on scrape, under the inventory's lock.
/// </summary>
internal sealed class HostMetrics : IDisposable
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "MarketMaking.Host";

    private readonly Meter _meter;

    public HostMetrics(IMeterFactory meters, InventoryManager inventory, VenueConnections connections, TradingControl control)
    {
        _meter = meters.Create(MeterName);
        _meter.CreateObservableGauge("mm.position", () => inventory.Read(i => i.Positions.Select(p => new Measurement<double>(
            (double)p.Quantity, new KeyValuePair<string, object?>("venue", p.Venue.Value), new KeyValuePair<string, object?>("instrument", p.Instrument.Value))).ToArray()),
            "{base}", "Position per venue and instrument, in base units.");
        _meter.CreateObservableGauge("mm.pnl.realized", () => (double)inventory.Read(i => i.RealizedPnl), "USD", "Realized PnL net of fees.");
        _meter.CreateObservableGauge("mm.pnl.total", () => (double)inventory.Read(i => i.TotalPnl), "USD", "Realized plus unrealized PnL (marked to mid) net of fees.");
        _meter.CreateObservableGauge("mm.connection.state", () => connections.States().Select(c => new Measurement<int>(
            (int)c.State, new KeyValuePair<string, object?>("venue", c.Venue.Value), new KeyValuePair<string, object?>("connection", c.Connection))).ToArray(),
            null, $"Connection state: {string.Join(", ", Enum.GetValues<ConnectionState>().Select(s => $"{(int)s} {s}"))}.");
        _meter.CreateObservableCounter("mm.connection.reconnects", () => connections.Reconnects, "{reconnect}", "Reconnections of every venue connection.");
        _meter.CreateObservableGauge("mm.trading.state", () => (int)control.State, null, "Trading state: 1 Active, 2 Reducing, 3 Halted.");
        _meter.CreateObservableCounter("mm.hedge.volume", () => (double)inventory.Read(i => i.Hedger?.Statistics.Volume ?? 0m), "{base}", "Base quantity hedged.");
        _meter.CreateObservableGauge("mm.hedge.unhedged", () => (double)inventory.Read(i => i.Hedger?.Statistics.Unhedged ?? 0m), "{base}", "Position left if every open hedge filled.");
    }

    public void Dispose() => _meter.Dispose();
}
