using MarketMaking.Models;
using MarketMaking.Oms;
using MarketMaking.Simulation.Backtesting;
using MarketMaking.Simulation.Recordings;
using MarketMaking.Strategies;
using MarketMaking.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MarketMaking.Benchmarks.Kernel;

/// <summary>
/// The real kernel as the host composes it (books, the OMS with its SQLite journal on its writer thread, inventory, risk
/// with its kill switch, the market maker with its default settings), driven from the calling thread on a simulated
/// clock, quoting BTC/USDT on a venue whose order entry serializes each request into the bytes Kraken's WebSocket API
/// takes and accepts each when told to, after the loop has sent them all (as a venue's answers arrive after its
/// requests have left). One tick: the clock moved to the recorded event's receive time (its timers fire), the event
/// posted, and the loop run until everything it set off (quotes, risk checks, journal hand-offs, requests serialized)
/// is done; then the venue's answers, applied by the loop in turn.
/// </summary>
internal sealed class KernelUnderTest : IAsyncDisposable
{
    private static readonly VenueId s_venue = VenueId.Create("kraken");
    private static readonly InstrumentId s_served = InstrumentId.Create("BTC/USDT");
    private readonly ServiceProvider _provider;
    private readonly SimulatedClock _clock;
    private readonly EngineLoop _loop;
    private readonly string _journal;

    private KernelUnderTest(ServiceProvider provider, SimulatedClock clock, string journal)
    {
        _provider = provider;
        _clock = clock;
        _journal = journal;
        _loop = provider.GetRequiredService<EngineLoop>();
        Venue = new SerializingOrderEntry(s_venue);
    }

    /// <summary>Gets the order entry: what left the kernel.</summary>
    public SerializingOrderEntry Venue { get; }

    /// <summary>
    /// Reads the bundled Binance spot BTCUSDT recording's book and trade events, served as the quoted venue's BTC/USDT,
    /// and replays it again and again, each time a second after the last, until there are as many as asked.
    /// </summary>
    /// <param name="count">How many ticks.</param>
    /// <returns>The ticks, in time order, and how many distinct recorded events they repeat.</returns>
    public static (MarketDataEvent[] Ticks, int Recorded) Ticks(int count)
    {
        MarketDataEvent[] recorded = [.. new MarketMaking.Simulation.Recordings.Binance.HftBacktestRecordingReader([RepoPaths.Data("hftbacktest-binance-2024-08/spot_btcusdt_20240808.gz")], e => throw new InvalidDataException(e.ToString()))
            .ReadEvents()
            .Select(e => e with { Venue = s_venue, Instrument = s_served })];
        var span = recorded[^1].TsInit - recorded[0].TsInit + 1_000_000_000;
        var ticks = new MarketDataEvent[count];
        for (var i = 0; i < count; i++)
        {
            var shift = span * (i / recorded.Length);
            var tick = recorded[i % recorded.Length];
            ticks[i] = shift == 0 ? tick : tick with { TsInit = tick.TsInit + shift, TsEvent = tick.TsEvent + shift };
        }

        return (ticks, recorded.Length);
    }

    /// <summary>Reads the ticks, composes the kernel at the first one's time and runs the warm-up ticks through it.</summary>
    /// <param name="warmUp">How many ticks warm the kernel up.</param>
    /// <param name="count">How many ticks follow them.</param>
    /// <param name="placement">The CPUs the loop's driving thread and the journal's writer are pinned to (<see cref="OmsOptions.LoopCpu"/>, <see cref="OmsOptions.JournalWriterCpu"/>).</param>
    /// <returns>The kernel, every tick (the warm-up first) and how many distinct recorded events they repeat.</returns>
    public static (KernelUnderTest Kernel, MarketDataEvent[] Ticks, int Recorded) StartWarm(int warmUp, int count, CpuPlacement placement = default)
    {
        var (ticks, recorded) = Ticks(warmUp + count);
        var kernel = Start(ticks[0].TsInit, placement);
        for (var i = 0; i < warmUp; i++)
        {
            kernel.Tick(ticks[i]);
        }

        return (kernel, ticks, recorded);
    }

    /// <summary>Composes the kernel and starts the market maker at a time.</summary>
    /// <param name="start">The clock's start, in ns since the Unix epoch.</param>
    /// <param name="placement">The CPUs the loop's driving thread and the journal's writer are pinned to.</param>
    /// <returns>The kernel, its loop driven from the calling thread.</returns>
    public static KernelUnderTest Start(long start, CpuPlacement placement = default)
    {
        var clock = new SimulatedClock(start);
        var journal = Path.Combine(Path.GetTempPath(), $"mm-bench-journal-{Guid.NewGuid():N}.db");
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(RepoPaths.Fixture("backtest/market-maker.json"))
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Oms:JournalPath"] = journal,
                ["Inventory:Hedging:Policy"] = "None",
                ["Oms:LoopCpu"] = placement.Loop?.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Oms:JournalWriterCpu"] = placement.JournalWriter?.ToString(System.Globalization.CultureInfo.InvariantCulture),
            })
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(clock);
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        services.AddOms(configuration);
        services.AddInventory(configuration);
        services.AddRisk(configuration);
        services.AddMarketMaking(configuration);
        var kernel = new KernelUnderTest(services.BuildServiceProvider(), clock, journal);
        kernel.StartKernel();
        return kernel;
    }

    /// <summary>Gets the in-loop handlers, in the loop's order.</summary>
    public IReadOnlyList<IEngineHandler> Pipeline => _provider.GetRequiredService<StrategyEngine>().Pipeline();

    /// <summary>Gets the OMS's summary line (orders, fills, denials).</summary>
    public string OmsSummary => _provider.GetRequiredService<OrderManager>().Summary();

    /// <summary>Gets the quoted book.</summary>
    public OrderBook Book => _provider.GetRequiredService<BookKeeper>().Books[(s_venue, s_served)];

    /// <summary>Moves the clock (its timers post to the loop).</summary>
    /// <param name="nanoseconds">The time, in ns since the Unix epoch.</param>
    public void AdvanceTo(long nanoseconds) => _clock.AdvanceTo(nanoseconds);

    /// <summary>Runs the loop until it has nothing left to do, the venue's answers to what it sent included.</summary>
    /// <returns>How many messages it took.</returns>
    public int RunPending() => _loop.RunPending() + Settle();

    /// <summary>Runs the loop until it has nothing left to do; what it sent stays unanswered (<see cref="Settle"/>).</summary>
    /// <returns>How many messages it took.</returns>
    public int RunLoop() => _loop.RunPending();

    /// <summary>The venue answers what was sent, and the loop applies the answers, until nothing is left unanswered.</summary>
    /// <returns>How many messages the loop took.</returns>
    public int Settle()
    {
        var taken = 0;
        while (Venue.AnswerAll() > 0)
        {
            taken += _loop.RunPending();
        }

        return taken;
    }

    /// <summary>One tick through the kernel to its requests' bytes: the venue has not answered them yet (<see cref="Settle"/>).</summary>
    /// <param name="tick">A recorded book or trade event.</param>
    /// <returns>How many messages the loop took.</returns>
    public int Request(MarketDataEvent tick)
    {
        _clock.AdvanceTo(tick.TsInit);
        _ = _loop.Sink.PostAsync(tick);
        return _loop.RunPending();
    }

    /// <summary>One tick through the kernel, the venue's answers to its requests applied.</summary>
    /// <param name="tick">A recorded book or trade event.</param>
    /// <returns>How many messages the loop took.</returns>
    public int Tick(MarketDataEvent tick) => Request(tick) + Settle();

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        // Every order canceled on the loop first (and answered), so that the strategy's shutdown has nothing to wait for.
        _provider.GetRequiredService<OrderManager>().CancelAll(s_venue);
        RunPending();
        await _provider.GetRequiredService<StrategyEngine>().StopStrategiesAsync(CancellationToken.None);
        await _loop.CompleteAsync();
        await _provider.DisposeAsync();
        foreach (var file in new[] { _journal, _journal + "-wal", _journal + "-shm" })
        {
            File.Delete(file);
        }
    }

    private void StartKernel()
    {
        _loop.DriveFromCurrentThread();
        var spec = InstrumentSpec.FromPrecision(s_served, 2, 8);
        _provider.GetRequiredService<BookKeeper>().Track(s_venue, spec, 10);
        _provider.GetRequiredService<MarketMaking.Inventory.InventoryManager>().Track(s_served, new MarketMaking.Inventory.AssetPair(AssetId.Create("BTC"), AssetId.Create("USDT")));
        _provider.GetRequiredService<OrderManager>().RegisterExchange(s_venue, Venue);
        _provider.GetRequiredService<StrategyEngine>().StartAsync(CancellationToken.None).GetAwaiter().GetResult();
        RunPending();
    }
}
