using BenchmarkDotNet.Attributes;
using MarketMaking.Models;
using MarketMaking.Oms;

namespace MarketMaking.Benchmarks;

/// <summary>
/// The OMS on the engine loop: events per second with the order manager in the loop and four out-of-loop subscribers,
/// and the memory one tracked order takes.
/// </summary>
/// <remarks>
/// One invocation per iteration: a million events posted to a loop composed and started before the iteration (its
/// thread, the subscribers' tasks and 1,000 tracked orders), and drained to the last subscriber; or 100,000 orders
/// tracked. Set-up stays out of the figure (with 100,000 events a run, composing and starting the loop doubled it).
/// </remarks>
[MemoryDiagnoser]
[Config(typeof(OmsJobConfig))]
public class OmsBenchmark
{
    private const int Events = 1_000_000;
    private const int Orders = 100_000;
    private const int TrackedDuringEvents = 1_000;
    private static readonly VenueId s_venue = VenueId.Create("kraken");
    private static readonly InstrumentId s_btcUsd = InstrumentId.Create("BTC/USD");
    private VenueEvent[] _events = [];
    private EngineLoop? _loop;
    private OrderManager? _oms;

    /// <summary>
    /// Gets or sets the CPU the loop's thread is pinned to, the process's other threads (the poster, the subscribers'
    /// tasks) leaving it that CPU (<see cref="OmsOptions.LoopCpu"/>); <see langword="null"/> lets the OS place it.
    /// </summary>
    [Params(null, 0)]
    public int? LoopCpu { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        // A mix as the loop sees it: mostly market data the OMS passes over, and fills and order updates of tracked orders.
        _events = new VenueEvent[Events];
        for (var i = 0; i < Events; i++)
        {
            var order = i % TrackedDuringEvents;
            _events[i] = (i % 10) switch
            {
                0 => new FillEvent(s_venue, s_btcUsd, VenueOrderId.Create($"O-{order}"), TradeId.Create($"T-{i}"), Side.Buy, new Price(100m), new Quantity(0.00001m), i, i),
                1 => new OrderUpdate(s_venue, VenueOrderId.Create($"O-{order}"), OrderStatus.Accepted, i, i),
                _ => new TopOfBook(s_venue, s_btcUsd, new Price(99.9m), new Quantity(1), new Price(100.1m), new Quantity(1), i, i),
            };
        }
    }

    /// <summary>Composes and starts the loop with the order manager and four subscribers, out of the measurement.</summary>
    [IterationSetup(Target = nameof(EventThroughTheOmsWithFourSubscribers))]
    public void StartLoop()
    {
        _loop = new EngineLoop(capacity: Events, cpu: LoopCpu);
        _oms = new OrderManager(_loop.Sink, TimeProvider.System, new ClientOrderIdGenerator(1_723_075_200));
        for (var i = 0; i < TrackedDuringEvents; i++)
        {
            var order = new OmsOrder(s_venue, ClientOrderId.Create($"c-{i}"), s_btcUsd, Side.Buy, OrderType.Limit, new Quantity(1m), 0);
            _oms.Store.Add(order);
            _oms.Store.SetVenueOrderId(order, VenueOrderId.Create($"O-{i}"));
        }

        _loop.AddHandler(_oms);
        foreach (var name in new[] { "strategy", "inventory", "risk", "metrics" })
        {
            _loop.Subscribe(name, static _ => true, static (_, _) => ValueTask.CompletedTask, capacity: 1_024);
        }

        _loop.Start();
    }

    /// <summary>Disposes the loop of the iteration.</summary>
    [IterationCleanup(Target = nameof(EventThroughTheOmsWithFourSubscribers))]
    public void DisposeLoop()
    {
        _loop!.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _oms!.Dispose();
    }

    /// <summary>One event through the loop: the order manager, then four subscribers' queues (per-event cost).</summary>
    [Benchmark(OperationsPerInvoke = Events)]
    public long EventThroughTheOmsWithFourSubscribers() => RunAsync(_loop!).GetAwaiter().GetResult();

    /// <summary>Tracking one order: the order, its store indexes, and a first fill (per-order bytes).</summary>
    [Benchmark(OperationsPerInvoke = Orders)]
    public int TrackOneOrder()
    {
        var store = new OrderStore();
        for (var i = 0; i < Orders; i++)
        {
            var order = new OmsOrder(s_venue, ClientOrderId.Create($"c-{i}"), s_btcUsd, Side.Buy, OrderType.Limit, new Quantity(1m), i) { LimitPrice = new Price(100m), Strategy = "mm" };
            store.Add(order);
            store.SetVenueOrderId(order, VenueOrderId.Create($"O-{i}"));
            OrderLifecycle.Apply(order, OrderEventKind.SubmitAcknowledged, i);
            OrderLifecycle.ApplyFill(order, new FillEvent(s_venue, s_btcUsd, order.VenueOrderId!.Value, TradeId.Create($"T-{i}"), Side.Buy, new Price(100m), new Quantity(0.1m), i, i));
            store.Reindex(order);
        }

        return store.OpenCount;
    }

    private async Task<long> RunAsync(EngineLoop loop)
    {
        foreach (var venueEvent in _events)
        {
            await loop.Sink.PostAsync(venueEvent).ConfigureAwait(false);
        }

        // Drained: the loop has taken every event and each subscriber has been given it.
        await loop.CompleteAsync().ConfigureAwait(false);
        return loop.Processed;
    }
}
