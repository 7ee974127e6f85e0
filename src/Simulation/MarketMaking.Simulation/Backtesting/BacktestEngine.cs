using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using MarketMaking.Inventory;
using MarketMaking.Models;
using MarketMaking.Oms;
using MarketMaking.Risk;
using MarketMaking.Simulation.Latency;
using MarketMaking.Simulation.Recordings;
using MarketMaking.Simulation.Reporting;
using MarketMaking.Simulation.Reporting.Html;
using MarketMaking.Simulation.Venue;
using MarketMaking.Strategies;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MarketMaking.Simulation.Backtesting;

/// <summary>
/// Runs strategies with the kernel that trades live (the OMS with its journal, inventory, risk and the strategies, on
/// one engine loop) against simulated venues replaying recordings, on simulated time, as fast as the machine allows.
/// </summary>
/// <remarks>
/// <para>One thread drives everything: it moves the <see cref="SimulatedClock"/> to the next thing due (a recorded
/// event, a request reaching a venue, a timer), lets the venues act, and has the engine loop take all they posted
/// (<see cref="EngineLoop.RunPending"/>) before it moves on. Nothing races: the same recordings, settings and seeds give
/// the same journal, fills and summary, byte for byte, however loaded the machine is.</para>
/// <para>At the end of the recordings trading is halted, every open order is canceled, and the run goes on in
/// simulated time until the venues have answered (at most <see cref="BacktestOptions.ShutdownTimeout"/>); then the
/// strategies are shut down. A strategy whose shutdown waits on something other than its orders' answers is waited for
/// up to the same time, and is the one thing that can make two runs differ.</para>
/// </remarks>
public static class BacktestEngine
{
    /// <summary>The journal's file name in the output folder (SQLite, the OMS's own).</summary>
    public const string JournalFile = "journal.db";

    /// <summary>The fills' file name in the output folder (<see cref="FillsCsv"/>).</summary>
    public const string FillsFile = "fills.csv";

    /// <summary>The statistics' file name in the output folder (<see cref="BacktestSummary"/> as JSON).</summary>
    public const string StatsFile = "stats.json";

    /// <summary>The orders' file name in the output folder (<see cref="OrdersCsv"/>).</summary>
    public const string OrdersFile = "orders.csv";

    /// <summary>The name of the equity series (<see cref="EquitySample"/>, one row a second) in the output folder.</summary>
    public const string EquityFile = "equity.csv";

    /// <summary>
    /// The name of the <see cref="ActivitySource"/> whose activities time a run's phases, for OpenTelemetry's tracing or
    /// an <see cref="ActivityListener"/>: <c>backtest</c>, the whole run, and within it <c>backtest.open</c> (the venues
    /// open their recordings and wait for the first events, read on threads of their own), <c>backtest.start</c> (the
    /// kernel's parts built, the strategies started), <c>backtest.replay</c>, <c>backtest.finish</c> (the orders canceled
    /// and answered, the strategies stopped) and <c>backtest.report</c> (the output folder written). None is made unless
    /// something listens; they time the run and never change it.
    /// </summary>
    public const string ActivitySourceName = "MarketMaking.Backtest";

    private const long MaxStartGapNanoseconds = 3_600_000_000_000;

    private static readonly ActivitySource s_activities = new(ActivitySourceName);

    /// <summary>How <see cref="StatsFile"/> is written and read back.</summary>
    internal static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    /// <summary>Runs a backtest to the end of its recordings and writes its results.</summary>
    /// <param name="options">What to run.</param>
    /// <param name="loggers">The kernel's loggers, or <see langword="null"/> for none.</param>
    /// <param name="cancellationToken">Stops replaying; the run then ends as at the end of the recordings.</param>
    /// <returns>The summary, also written to <see cref="StatsFile"/>; the report page (<see cref="HtmlReport"/>) is drawn from the files written.</returns>
    /// <exception cref="ArgumentException">No venue, two venues with one id, no recorded event, or venues whose recordings start more than an hour apart.</exception>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">A setting is invalid.</exception>
    public static BacktestSummary Run(BacktestOptions options, ILoggerFactory? loggers = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        using var run = s_activities.StartActivity("backtest");
        if (options.Venues.Count == 0 || options.Venues.Select(v => v.Venue).Distinct().Count() != options.Venues.Count)
        {
            throw new ArgumentException("A backtest needs at least one venue, each with its own id", nameof(options));
        }

        // The journal is written beside an earlier run's and takes its place only when this run has ended: a run that
        // fails (a setting refused as the kernel is built) leaves the earlier run's files as they were.
        Directory.CreateDirectory(options.OutputFolder);
        var journalPath = Path.GetFullPath(Path.Combine(options.OutputFolder, JournalFile));
        var partialPath = journalPath + ".partial";
        DeleteDatabase(partialPath);

        // Each recording read and timed on a thread of its own, the events that only move a venue's clock passed over
        // there (RecordingTimeline); started first, so that the first events are read while the kernel is composed.
        var recordings = new ReadAheadRecording<TimedEvent>[options.Venues.Count];
        try
        {
            for (var i = 0; i < recordings.Length; i++)
            {
                var venue = options.Venues[i];
                recordings[i] = new ReadAheadRecording<TimedEvent>(SimulatedVenueClient.Timeline(
                    Until(venue.Recording, options.ToNanoseconds), venue.Options, [venue.Instrument], passOver: true, options.FromNanoseconds, preparedFor: venue.Venue)).Start();
            }

            var clock = new SimulatedClock(0);
            var provider = Compose(options, clock, partialPath, loggers ?? NullLoggerFactory.Instance);
            return Drive(options, provider, clock, recordings, journalPath, partialPath, cancellationToken);
        }
        finally
        {
            // A run that failed before its venues took their recordings stops the reading here.
            foreach (var recording in recordings)
            {
                recording?.Dispose();
            }
        }
    }

    /// <summary>Drives a run on the kernel composed, and moves its journal into place when it has ended.</summary>
    private static BacktestSummary Drive(BacktestOptions options, ServiceProvider provider, SimulatedClock clock, ReadAheadRecording<TimedEvent>[] recordings, string journalPath, string partialPath, CancellationToken cancellationToken)
    {
        // Answers run what they set off on this thread, before the driver goes on; a caller's synchronization context
        // (a UI's, a test framework's) would send that elsewhere, to run at a time that differs from run to run.
        var context = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(null);
        var completed = false;
        try
        {
            Driver driver;
            using (s_activities.StartActivity("backtest.open"))
            {
                driver = new Driver(options, provider, clock, recordings);
            }

            var summary = driver.Execute(cancellationToken);
            completed = true;
            return summary;
        }
        finally
        {
            // The strategy engine is only asynchronously disposable; nothing it awaits is pending any more.
            provider.DisposeAsync().AsTask().GetAwaiter().GetResult();
            SynchronizationContext.SetSynchronizationContext(context);
            if (completed)
            {
                DeleteDatabase(journalPath);
                File.Move(partialPath, journalPath);
            }

            DeleteDatabase(partialPath);
        }
    }

    /// <summary>The recorded events up to a receive time (included), read no further.</summary>
    private static IEnumerable<MarketDataEvent> Until(IEnumerable<MarketDataEvent> recording, long? to) =>
        to is { } end ? RecordingSpan.Until(recording, end) : recording;

    /// <summary>Deletes an SQLite file and its write-ahead log and shared-memory files, where there.</summary>
    private static void DeleteDatabase(string path)
    {
        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
        {
            File.Delete(file);
        }
    }

    private static ServiceProvider Compose(BacktestOptions options, SimulatedClock clock, string journalPath, ILoggerFactory loggers)
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(clock);
        services.AddSingleton(loggers);
        services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        services.AddSingleton(options.Configuration);
        services.AddOms(options.Configuration);

        // A backtest's journal is its record, not its crash safety: written without waiting for the disk and without a
        // write-ahead log to copy back at the end, a transaction per burst of the loop, committed on a thread of its own
        // (the bursts in order: the same file every run, and nothing the run decides waits for it), and the file held
        // alone.
        services.PostConfigure<OmsOptions>(oms =>
        {
            oms.JournalPath = journalPath;
            oms.DurableJournal = false;
            oms.CrashSafeJournal = false;
            oms.JournalWriterThread = true;
            oms.ExclusiveJournal = true;
            oms.JournalCommitPerBurst = true;
        });
        services.AddInventory(options.Configuration);
        services.AddRisk(options.Configuration);
        options.AddStrategy(services, options.Configuration);

        // The last in-loop handler: each fill as inventory has taken it, with the mid, for the fills and the summary.
        services.AddSingleton<FillRecorder>();
        services.AddSingleton<IEngineHandler>(provider => provider.GetRequiredService<FillRecorder>());
        services.AddSingleton<MarkoutRecorder>();
        services.AddSingleton<IEngineHandler>(provider => provider.GetRequiredService<MarkoutRecorder>());
        var quoted = options.Venues[0];
        services.AddSingleton(provider => new EquityRecorder(
            provider.GetRequiredService<OrderManager>(), provider.GetRequiredService<BookKeeper>(), provider.GetRequiredService<InventoryManager>(),
            clock, quoted.Venue, quoted.Instrument.Spec.Instrument, quoted.Instrument.BaseAsset));
        services.AddSingleton<IEngineHandler>(provider => provider.GetRequiredService<EquityRecorder>());
        return services.BuildServiceProvider();
    }

    /// <summary>One run: the venues, the kernel's parts, and the driving.</summary>
    private sealed class Driver
    {
        private readonly BacktestOptions _options;
        private readonly ServiceProvider _provider;
        private readonly SimulatedClock _clock;
        private readonly EngineLoop _loop;
        private readonly SimulatedVenueClient[] _venues;
        private readonly long[] _replayed;

        public Driver(BacktestOptions options, ServiceProvider provider, SimulatedClock clock, IReadOnlyList<ReadAheadRecording<TimedEvent>> recordings)
        {
            _options = options;
            _provider = provider;
            _clock = clock;
            _loop = provider.GetRequiredService<EngineLoop>();
            _loop.DriveFromCurrentThread();
            _venues = [.. options.Venues.Select((v, i) => new SimulatedVenueClient(
                v.Venue,
                v.Options,
                [v.Instrument],
                recordings[i],
                v.Balances,
                _loop.Sink,
                options.BookDepth) { AnswersOnReplayingThread = true, OnOneThread = true, PublishesBookDeltas = true })];
            _replayed = new long[_venues.Length];
        }

        public BacktestSummary Execute(CancellationToken cancellationToken)
        {
            try
            {
                long start;
                StrategyEngine engine;
                using (s_activities.StartActivity("backtest.start"))
                {
                    (start, engine) = Start(cancellationToken);
                }

                using (s_activities.StartActivity("backtest.replay"))
                {
                    while (!cancellationToken.IsCancellationRequested && _venues.Any(v => !v.IsReplayComplete) && NextTime() is { } next)
                    {
                        Step(next);
                    }
                }

                var orders = _provider.GetRequiredService<OrderManager>();
                using (s_activities.StartActivity("backtest.finish"))
                {
                    Finish(orders, engine);
                }

                using (s_activities.StartActivity("backtest.report"))
                {
                    return Report(start, orders, _provider.GetRequiredService<BookKeeper>(), _provider.GetRequiredService<InventoryManager>());
                }
            }
            finally
            {
                foreach (var venue in _venues)
                {
                    venue.Dispose();
                }
            }
        }

        /// <summary>Starts the clock at the first recorded event (or the span's start), builds the kernel's parts on it and starts the strategies.</summary>
        /// <returns>The start, in ns since the Unix epoch, and the strategies' engine.</returns>
        private (long Start, StrategyEngine Engine) Start(CancellationToken cancellationToken)
        {
            // The clock starts at the first recorded event, before the OMS exists: its client order ids are
            // stamped with the simulated start, not the wall clock.
            var start = _venues.Select(v => v.NextEventTime).Min() ?? throw new ArgumentException("The recordings hold no event", "options");
            if (_options.FromNanoseconds is { } from && from > start)
            {
                // Started in the middle: the venues build their books on what came before, unseen.
                foreach (var venue in _venues)
                {
                    venue.FastForward(from);
                }

                start = _venues.All(v => v.IsReplayComplete) ? throw new ArgumentException("The recordings hold no event after the start given", "options") : from;
            }

            CheckOverlap(start);
            _clock.AdvanceTo(start);
            var orders = _provider.GetRequiredService<OrderManager>();
            var books = _provider.GetRequiredService<BookKeeper>();
            var inventory = _provider.GetRequiredService<InventoryManager>();
            for (var i = 0; i < _venues.Length; i++)
            {
                var venue = _options.Venues[i];
                books.Track(venue.Venue, venue.Instrument.Spec, _options.BookDepth);
                inventory.Track(venue.Instrument.Spec.Instrument, new AssetPair(venue.Instrument.BaseAsset, venue.Instrument.QuoteAsset));
                orders.RegisterExchange(venue.Venue, _venues[i]);
            }

            var engine = _provider.GetRequiredService<StrategyEngine>();
            Wait(engine.StartAsync(cancellationToken), "starting the strategies");
            _loop.RunPending();
            return (start, engine);
        }

        /// <summary>
        /// Refuses venues whose recordings start hours apart: the strategies' timers would tick through the whole gap
        /// with nothing to trade on (a month of 100 ms ticks takes hours), which is never what was meant.
        /// </summary>
        private void CheckOverlap(long start)
        {
            var late = _venues.Select((v, i) => (Venue: _options.Venues[i].Venue, First: v.NextEventTime ?? start)).Where(v => v.First - start > MaxStartGapNanoseconds).ToArray();
            if (late.Length > 0)
            {
                var starts = string.Join(", ", _venues.Select((v, i) => string.Create(CultureInfo.InvariantCulture, $"{_options.Venues[i].Venue} at {DateTimeOffset.FromUnixTimeMilliseconds((v.NextEventTime ?? start) / 1_000_000):yyyy-MM-dd HH:mm:ss} UTC")));
                throw new ArgumentException($"The venues' recordings start more than an hour apart ({starts}): give recordings of the same time", "options");
            }
        }

        /// <summary>Halts trading, cancels every open order and waits, in simulated time, for the answers; then shuts the strategies down.</summary>
        private void Finish(OrderManager orders, StrategyEngine engine)
        {
            var deadline = _clock.Now + (_options.ShutdownTimeout.Ticks * 100);
            _provider.GetRequiredService<TradingControl>().Set(TradingState.Halted, "end of the recordings");
            while (true)
            {
                // CancelAll sends only for orders not already being canceled: nothing in flight is sent twice.
                foreach (var venue in _options.Venues)
                {
                    orders.CancelAll(venue.Venue);
                }

                _loop.RunPending();
                if (orders.Store.OpenCount == 0 || NextTime() is not { } next || next > deadline)
                {
                    break;
                }

                Step(next);
            }

            var stopping = engine.StopStrategiesAsync(CancellationToken.None);
            while (!stopping.IsCompleted && NextTime() is { } next && next <= deadline)
            {
                Step(next);
            }

            Wait(stopping, "stopping the strategies");
            Wait(_loop.CompleteAsync(), "draining the engine loop");
        }

        private BacktestSummary Report(long start, OrderManager orders, BookKeeper books, InventoryManager inventory)
        {
            var byVenue = _options.Venues.ToDictionary(v => v.Venue);
            return RunReport.Write(_options.OutputFolder, new RunRecord(
                [.. _provider.GetRequiredService<StrategyEngine>().Strategies.Select(s => s.Name)],
                _options.Venues[0].Venue,
                start,
                _clock.Now,
                _options.Venues.Select((v, i) => (v.Venue.Value, _replayed[i])).ToDictionary(p => p.Item1, p => p.Item2, StringComparer.Ordinal),
                [.. orders.Store.All],
                orders.Store.OpenCount,
                [.. _provider.GetRequiredService<KillSwitch>().Trips.Select(t => $"{t.Trigger}: {t.Action} ({t.Reason})")],
                inventory,
                books,
                venue => $"simulated {venue} replaying {byVenue[venue].Instrument.RecordedInstrument} ({LatencyDescription.Of(byVenue[venue].Options)})",
                venue => byVenue[venue].Options.Fees.ToString(),
                _provider.GetRequiredService<FillRecorder>(),
                _provider.GetRequiredService<MarkoutRecorder>(),
                _provider.GetRequiredService<EquityRecorder>()));
        }

        /// <summary>The next time something is due: a recorded event or a request at a venue, or a timer.</summary>
        private long? NextTime()
        {
            var next = _clock.NextDue;
            foreach (var venue in _venues)
            {
                if (venue.NextEventTime is { } due && (next is null || due < next))
                {
                    next = due;
                }
            }

            return next;
        }

        /// <summary>Moves the clock (its timers post), lets every venue act up to then (they post), and has the loop take it all.</summary>
        private void Step(long time)
        {
            _clock.AdvanceTo(time);
            var replayed = 0L;
            for (var i = 0; i < _venues.Length; i++)
            {
                _replayed[i] += Completed(_venues[i].ReplayUntilAsync(time), "replaying");
                replayed += _replayed[i];
            }

            _loop.RunPending();
            _options.Progress?.Invoke(new BacktestProgress(time, replayed));
        }

        /// <summary>
        /// Waits for work that does not need the loop (a strategy's start, the end of its shutdown once its orders are
        /// answered): the loop is driven on this thread, so work that waited on it from another thread would never end.
        /// </summary>
        private static void Wait(Task task, string what)
        {
            if (!task.Wait(TimeSpan.FromSeconds(30)))
            {
                throw new InvalidOperationException($"{what} did not complete: a backtest drives the engine loop on one thread, and this waited on it from another");
            }
        }

        /// <summary>Takes the result of work the venues do on this thread, which completes before it returns.</summary>
        private static T Completed<T>(Task<T> task, string what) =>
            task.IsCompleted ? task.GetAwaiter().GetResult() : throw new InvalidOperationException($"A backtest runs on one thread, but {what} waited on another");
    }
}
