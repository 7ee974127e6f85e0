using System.Diagnostics.Metrics;

namespace MarketMaking.Oms;

/// <summary>
/// The OMS's instruments on the <c>MarketMaking.Oms</c> meter (System.Diagnostics.Metrics, readable by OpenTelemetry
/// or dotnet-counters): orders submitted, filled, rejected and canceled, fills and their volume and notional, and the
/// acknowledgement latency.
/// </summary>
public sealed class OmsMetrics : IDisposable
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "MarketMaking.Oms";

    private readonly Meter _meter;

    /// <summary>Initializes the instruments.</summary>
    /// <param name="meterFactory">The factory (from DI), or <see langword="null"/> for a meter of its own.</param>
    /// <param name="openOrders">Reads the number of open orders, for the observable gauge.</param>
    public OmsMetrics(IMeterFactory? meterFactory, Func<int> openOrders)
    {
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        Submitted = _meter.CreateCounter<long>("mm.oms.orders.submitted", "{order}", "Orders sent to a venue.");
        Filled = _meter.CreateCounter<long>("mm.oms.orders.filled", "{order}", "Orders completely filled.");
        Rejected = _meter.CreateCounter<long>("mm.oms.orders.rejected", "{order}", "Orders the venue refused.");
        Canceled = _meter.CreateCounter<long>("mm.oms.orders.canceled", "{order}", "Orders canceled.");
        Denied = _meter.CreateCounter<long>("mm.oms.orders.denied", "{order}", "New orders and amends a pre-trade check denied (never sent).");
        Fills = _meter.CreateCounter<long>("mm.oms.fills", "{fill}", "Fills applied (each trade id once).");
        FillVolume = _meter.CreateCounter<double>("mm.oms.fill.volume", "{base}", "Filled quantity in base units.");
        FillNotional = _meter.CreateCounter<double>("mm.oms.fill.notional", "{quote}", "Filled price × quantity in quote currency.");
        AcknowledgementLatency = _meter.CreateHistogram<double>("mm.oms.ack.latency", "ms", "Time from sending a request to the venue's answer.");
        _meter.CreateObservableGauge("mm.oms.orders.open", openOrders, "{order}", "Orders open now.");
    }

    /// <summary>Gets the orders-submitted counter.</summary>
    public Counter<long> Submitted { get; }

    /// <summary>Gets the orders-filled counter.</summary>
    public Counter<long> Filled { get; }

    /// <summary>Gets the orders-rejected counter.</summary>
    public Counter<long> Rejected { get; }

    /// <summary>Gets the orders-canceled counter.</summary>
    public Counter<long> Canceled { get; }

    /// <summary>Gets the pre-trade-denials counter.</summary>
    public Counter<long> Denied { get; }

    /// <summary>Gets the fills counter.</summary>
    public Counter<long> Fills { get; }

    /// <summary>Gets the filled-volume counter (base units).</summary>
    public Counter<double> FillVolume { get; }

    /// <summary>Gets the filled-notional counter (quote currency).</summary>
    public Counter<double> FillNotional { get; }

    /// <summary>Gets the acknowledgement-latency histogram (ms).</summary>
    public Histogram<double> AcknowledgementLatency { get; }

    /// <inheritdoc/>
    public void Dispose() => _meter.Dispose();
}
