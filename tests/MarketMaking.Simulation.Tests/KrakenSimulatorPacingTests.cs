using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using MarketMaking.Simulation.Venue;
using MarketMaking.Models;
using MarketMaking.Simulation.KrakenProtocol;
using MarketMaking.Simulation.Latency;
using MarketMaking.Simulation.Matching;
using MarketMaking.Testing;
using static MarketMaking.Testing.Eventually;

namespace MarketMaking.Simulation.Tests;

/// <summary>A paced replay on a fake clock: recorded time maps to real time by the speed, and clients see data after the market-data latency.</summary>
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class KrakenSimulatorPacingTests
{
    private const long Second = 1_000_000_000;
    private static readonly VenueId s_venue = VenueId.Create("rec");
    private static readonly InstrumentId s_btcUsd = InstrumentId.Create("BTC/USD");
    private static readonly long s_start = 1_700_000_000 * Second;
    private readonly WatchedClock _clock = new(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));

    private static BookLevel Level(decimal price) => new(new Price(price), new Quantity(1));

    /// <summary>A recording: a snapshot at the start, then one delta every 10 s (a bid, then an ask, a tick further out).</summary>
    private static MarketDataEvent[] Recording(int deltas) =>
    [
        new BookSnapshot(s_venue, s_btcUsd, [Level(99.9m)], [Level(100.1m)], s_start, s_start),
        .. Enumerable.Range(1, deltas).Select(i => new BookDelta(
            s_venue, s_btcUsd, i % 2 == 1 ? [Level(100.0m)] : [], i % 2 == 0 ? [Level(100.2m)] : [], s_start + (i * 10 * Second), s_start + (i * 10 * Second))),
    ];

    private Task<KrakenSimulatorServer> StartAsync(KrakenSimulatorOptions options, MarketDataEvent[] recording) =>
        KrakenSimulatorServer.StartAsync(
            options,
            [new SimulatedInstrument(s_btcUsd, InstrumentSpec.FromPrecision(s_btcUsd, 1, 4), AssetId.Create("BTC"), AssetId.Create("USD"), book => new DirectBookSynchronizer(book))],
            recording,
            _clock);

    [Test]
    public async Task PacedReplay_SendsEachEventAtItsRecordedTimeOverTheSpeed_PlusTheMarketDataLatency()
    {
        var options = new KrakenSimulatorOptions { Speed = 2 };
        options.Venue.MarketDataLatency = new LatencyOptions { Fixed = TimeSpan.FromMilliseconds(100) };
        await using var server = await StartAsync(options, Recording(deltas: 1));
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(server.PublicWebSocketUrl, CancellationToken.None);
        var received = new ConcurrentQueue<string>();
        _ = Task.Run(async () =>
        {
            var buffer = new byte[65_536];
            while (socket.State == WebSocketState.Open)
            {
                var result = await socket.ReceiveAsync(buffer, CancellationToken.None);
                received.Enqueue(Encoding.UTF8.GetString(buffer, 0, result.Count));
            }
        });
        await socket.SendAsync(Encoding.UTF8.GetBytes("""{"method":"subscribe","params":{"channel":"book","symbol":["BTC/USD"]},"req_id":1}"""), WebSocketMessageType.Text, true, CancellationToken.None);
        await WaitForAsync(() => received.Any(m => m.Contains("\"method\":\"subscribe\"", StringComparison.Ordinal)));

        // Recorded time runs at twice real time, the 100 ms latency included (it is part of the simulated world). Each
        // event waits on the clock for its time: once the replay has started that wait, nothing more is sent until the
        // clock reaches it.
        var timers = _clock.TimerCount;
        var replay = server.ReplayAsync();
        int Books() => received.Count(m => m.StartsWith("{\"channel\":\"book\"", StringComparison.Ordinal));
        await WaitForAsync(() => _clock.HasOneShotTimer(timers, TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(50)), "the replay waits 50 ms for the snapshot");
        var beforeLatency = Books();
        timers = _clock.TimerCount;
        _clock.Advance(TimeSpan.FromMilliseconds(50));
        await WaitForAsync(() => Books() == 1);
        await WaitForAsync(() => _clock.HasOneShotTimer(timers, TimeSpan.FromSeconds(4.95), TimeSpan.FromSeconds(4.95)), "the replay waits for the delta's recorded time");
        timers = _clock.TimerCount;
        _clock.Advance(TimeSpan.FromSeconds(4.95));
        await WaitForAsync(() => _clock.HasOneShotTimer(timers, TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(50)), "then for the latency");
        var beforeSecondDue = Books();
        _clock.Advance(TimeSpan.FromMilliseconds(50));
        await WaitForAsync(() => Books() == 2);
        await replay.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Multiple(() =>
        {
            Assert.That(beforeLatency, Is.Zero, "the snapshot waits for the market-data latency");
            Assert.That(beforeSecondDue, Is.EqualTo(1), "10 recorded seconds and 100 ms of latency at speed 2 are 5.05 real seconds");
            Assert.That(server.IsReplayComplete, Is.True);
        });
    }

    [Test]
    public async Task AReplayStoppedWhileWaitingForAnEvent_LeavesItForTheNextReplay_NothingIsLost()
    {
        await using var server = await StartAsync(new KrakenSimulatorOptions { Speed = 1 }, Recording(deltas: 2));

        // The snapshot is replayed; the replay then waits for the first delta's time, 10 s on, and is stopped there.
        using var pause = new CancellationTokenSource();
        var paused = server.ReplayAsync(cancellationToken: pause.Token);
        _clock.Advance(TimeSpan.FromSeconds(1));
        await WaitForAsync(() => server.EventsReplayed == 1, "the snapshot replayed");
        await pause.CancelAsync();
        await ((Task)paused).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        var afterPause = server.EventsReplayed;

        var resumed = server.ReplayAsync();
        _clock.Advance(TimeSpan.FromSeconds(30));
        await resumed.WaitAsync(TimeSpan.FromSeconds(10));
        var (bid, bids, asks) = await server.ReadAsync(v => (v.Engines[s_btcUsd].Book.BestBid?.Price, v.Engines[s_btcUsd].Book.BidDepth, v.Engines[s_btcUsd].Book.AskDepth));

        Assert.Multiple(() =>
        {
            Assert.That(afterPause, Is.EqualTo(1), "the stopped replay applied nothing more");
            Assert.That(server.EventsReplayed, Is.EqualTo(3), "every event replayed once the replay resumed");
            Assert.That(bid, Is.EqualTo(new Price(100.0m)), "the delta the stop interrupted was applied");
            Assert.That((bids, asks), Is.EqualTo((2, 2)));
            Assert.That(server.IsReplayComplete, Is.True);
        });
    }
}
