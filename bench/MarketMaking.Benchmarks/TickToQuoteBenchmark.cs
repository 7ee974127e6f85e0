using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using MarketMaking.Models;
using MarketMaking.Oms;
using MarketMaking.Strategies;

namespace MarketMaking.Benchmarks;

/// <summary>
/// Tick to quote: one book delta in (the mid moves 2.5 bps), the features read, the quote grid built and diffed
/// against six resting quotes, the order actions (amends) out. Each iteration measures one tick, so the percentiles are per-tick latencies.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(PercentileConfig))]
public class TickToQuoteBenchmark
{
    private static readonly VenueId s_venue = VenueId.Create("kraken");
    private static readonly InstrumentSpec s_spec = InstrumentSpec.FromPrecision(InstrumentId.Create("BTC/USD"), 2, 3);
    private readonly QuoteParameters _parameters = new() { SpreadBps = 10, OrdersPerSide = 3, FinalOrderDistanceBps = 50, MinOrderSize = 0.010m, MaxOrderSize = 0.030m };
    private readonly int[] _depths = [1, 5, 10];
    private OrderBook _book = null!;
    private BookDelta[] _deltas = [];
    private List<OmsOrder> _resting = [];
    private int _tick;

    [GlobalSetup]
    public void Setup()
    {
        _book = new OrderBook(s_spec);
        _book.Apply(new BookSnapshot(s_venue, s_spec.Instrument,
            [.. Enumerable.Range(1, 20).Select(i => new BookLevel(new Price(100m - (0.01m * i)), new Quantity(1)))],
            [.. Enumerable.Range(0, 20).Select(i => new BookLevel(new Price(100.01m + (0.01m * i)), new Quantity(1)))], 1, 1));

        // Alternately take the five best asks and put them back: the mid moves by 2.5 bps each tick, beyond the
        // 2 bps refresh tolerance, so every tick turns into amends.
        _deltas =
        [
            new BookDelta(s_venue, s_spec.Instrument, [], [.. Enumerable.Range(0, 5).Select(i => new BookLevel(new Price(100.01m + (0.01m * i)), Quantity.Zero))], 2, 2),
            new BookDelta(s_venue, s_spec.Instrument, [], [.. Enumerable.Range(0, 5).Select(i => new BookLevel(new Price(100.01m + (0.01m * i)), new Quantity(1)))], 3, 3),
        ];
        var grid = QuoteGenerator.Generate(s_spec, _book.Mid!.Value, 0, 0, 0, _parameters);
        var id = 0;
        _resting = [.. grid.Bids.Select(l => Order(Side.Buy, l, ++id)).Concat(grid.Asks.Select(l => Order(Side.Sell, l, ++id)))];
        if (_resting.Count != 6 || OneTick() + OneTick() == 0)
        {
            throw new InvalidOperationException("Expected six resting quotes and changes as the mid moves.");
        }
    }

    /// <summary>One tick: the delta applied, the features read, the grid built and diffed.</summary>
    [Benchmark]
    public int OneTick()
    {
        _book.Apply(_deltas[_tick++ & 1]);
        var signal = (BookFeatures.Imbalance(_book, _depths) + Math.Tanh(BookFeatures.MicropriceOffsetBps(_book) / 5)) / 2;
        var grid = QuoteGenerator.Generate(s_spec, _book.Mid!.Value, signal, 0.01m, 0, _parameters);
        return QuoteDiffer.Diff(_resting, grid, 2, amendAllowed: true, canPlaceNew: true).Count;
    }

    private static OmsOrder Order(Side side, BookLevel level, int id)
    {
        var order = new OmsOrder(s_venue, ClientOrderId.Create($"c-{id}"), s_spec.Instrument, side, OrderType.Limit, level.Quantity, 0) { PostOnly = true, LimitPrice = level.Price };
        OrderLifecycle.Apply(order, OrderEventKind.SubmitAcknowledged, 0);
        return order;
    }

    private sealed class PercentileConfig : ManualConfig
    {
        public PercentileConfig()
        {
            AddJob(Job.Default.WithInvocationCount(1).WithUnrollFactor(1).WithIterationCount(2_000).WithWarmupCount(200).WithStrategy(RunStrategy.Throughput));
            AddColumn(StatisticColumn.P50, new P99Column());
        }
    }
}
