using System.Collections.Concurrent;
using System.Net.Http;
using System.Text;
using MarketMaking.Adapters;
using MarketMaking.Adapters.Kraken;
using MarketMaking.Models;
using MarketMaking.Simulation.KrakenProtocol;
using MarketMaking.Simulation.Recordings.Binance;
using MarketMaking.Testing;

namespace MarketMaking.Simulation.Tests;

/// <summary>The real Kraken adapter against the Kraken-protocol simulator replaying real recordings, over loopback WebSocket and HTTP.</summary>
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class KrakenSimulatorEndToEndTests
{
    private static readonly InstrumentId s_recorded = InstrumentId.Create("BTCUSDT");
    private static readonly InstrumentId s_served = InstrumentId.Create("BTC/USDT");
    private readonly ConcurrentQueue<VenueEvent> _events = new();
    private readonly List<IAsyncDisposable> _cleanup = [];

    [TearDown]
    public async Task TearDownAsync()
    {
        foreach (var item in Enumerable.Reverse(_cleanup))
        {
            await item.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
        }
    }

    private static List<MarketDataEvent> Recording(params string[] days) =>
        [.. new HftBacktestRecordingReader(
            [.. days.Select(d => SharedPaths.Data($"hftbacktest-binance-2024-08/spot_btcusdt_{d}.gz"))],
            error => throw new InvalidOperationException(error.ToString())).ReadEvents()];

    private static SimulatedInstrument BtcUsdt() => new(
        s_recorded, InstrumentSpec.FromPrecision(s_served, 2, 8), AssetId.Create("BTC"), AssetId.Create("USDT"), book => new BinanceDepthSynchronizer(book));

    private async Task<KrakenSimulatorServer> StartServerAsync(IEnumerable<MarketDataEvent> recording, KrakenSimulatorOptions? options = null)
    {
        var server = await KrakenSimulatorServer.StartAsync(options ?? new KrakenSimulatorOptions(), [BtcUsdt()], recording);
        _cleanup.Add(server);
        return server;
    }

    private KrakenSpotWsClient CreateClient(KrakenSimulatorServer server)
    {
        var sink = new ChannelVenueEventSink();
        _ = Task.Run(async () =>
        {
            await foreach (var venueEvent in sink.Reader.ReadAllAsync())
            {
                _events.Enqueue(venueEvent);
            }
        });
        var client = new KrakenSpotWsClient(
            new KrakenOptions { RestBaseUrl = server.RestBaseUrl, PublicWebSocketUrl = server.PublicWebSocketUrl, PrivateWebSocketUrl = server.PrivateWebSocketUrl },
            sink,
            TimeProvider.System);
        _cleanup.Add(client);
        return client;
    }

    private async Task WaitForAsync(Func<bool> condition, string what)
    {
        for (var i = 0; i < 6_000 && !condition(); i++)
        {
            await Task.Delay(5);
        }

        Assert.That(condition(), Is.True, what);
    }

    [Test]
    public async Task Adapter_KeepsASyncedBookForTheWholeRecording_EveryChecksumVerifies_AndTopsMatchTheRecordedBookTickers()
    {
        var recording = Recording("20240808", "20240809");
        var server = await StartServerAsync(recording);
        var client = CreateClient(server);
        await client.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var subscribed = await client.SubscribeBookAsync(s_served, 10);
        Assert.That(subscribed.IsSuccess, Is.True, subscribed.ToString());

        var replayed = await server.ReplayAsync().WaitAsync(TimeSpan.FromMinutes(5));
        await WaitForAsync(() => _events.OfType<MarketDataEvent>().Count(e => e is BookSnapshot or BookDelta) == server.BookFramesSent, "every book frame sent reached the adapter verified");

        // What the recording says: the book after each applied diff (by its receive time) and the recorded best bid/ask.
        var expected = ExpectedTops(recording);
        var book = new OrderBook(InstrumentSpec.FromPrecision(s_served, 2, 8), 10);
        var compared = 0;
        var mismatches = new List<string>();
        var frames = _events.OfType<MarketDataEvent>().Where(e => e is BookSnapshot or BookDelta).ToList();
        var frameIndex = 0;
        foreach (var (time, top) in expected)
        {
            // The adapter's book after the last frame sent at or before this diff.
            while (frameIndex < frames.Count && frames[frameIndex].TsEvent <= time)
            {
                _ = frames[frameIndex++] switch
                {
                    BookSnapshot snapshot => book.Apply(snapshot),
                    BookDelta delta => book.Apply(delta),
                    _ => false,
                };
            }

            if (top is { } ticker)
            {
                compared++;
                if (book.BestBid?.Price != ticker.BidPrice || book.BestAsk?.Price != ticker.AskPrice)
                {
                    mismatches.Add($"{time}: adapter {book.BestBid?.Price}/{book.BestAsk?.Price}, recorded {ticker.BidPrice}/{ticker.AskPrice}");
                }
            }
        }

        TestContext.Out.WriteLine($"{replayed} events replayed, {server.BookFramesSent} book frames verified, {compared} recorded book tickers compared");
        Assert.Multiple(() =>
        {
            Assert.That(server.IsReplayComplete, Is.True);
            Assert.That(replayed, Is.EqualTo(recording.Count));
            Assert.That(server.BookFramesSent, Is.GreaterThan(5_000));
            Assert.That(_events.OfType<BookSyncChanged>().Where(b => b.State == BookSyncState.OutOfSync), Is.Empty, "every checksum verified");
            Assert.That(client.SkippedFrames, Is.Zero);
            Assert.That(client.GetBook(s_served)!.SyncState, Is.EqualTo(BookSyncState.Synced));
            Assert.That(compared, Is.GreaterThan(1_000), "recorded book tickers compared");
            Assert.That(mismatches, Is.Empty, string.Join("\n", mismatches.Take(5)));
        });
    }

    /// <summary>
    /// Runs the recording through the same Binance depth synchronizer the simulator uses: for each applied book event,
    /// its receive time and, when a recorded book ticker carries that diff's final update id, the ticker.
    /// </summary>
    private static List<(long Time, TopOfBook? Ticker)> ExpectedTops(List<MarketDataEvent> recording)
    {
        var tickers = recording.OfType<TopOfBook>().Where(t => t.UpdateId is not null).GroupBy(t => t.UpdateId!.Value).ToDictionary(g => g.Key, g => g.Last());
        var synchronizer = new BinanceDepthSynchronizer(new OrderBook(InstrumentSpec.FromPrecision(s_recorded, 2, 8), initialCapacity: 2048));
        var result = new List<(long, TopOfBook?)>();
        foreach (var marketEvent in recording)
        {
            if (marketEvent is BookSnapshot snapshot)
            {
                synchronizer.OnSnapshot(snapshot);
            }
            else if (marketEvent is BookDelta delta)
            {
                synchronizer.OnDelta(delta);
            }
            else
            {
                continue;
            }

            if (synchronizer.Book.SyncState == BookSyncState.Synced && synchronizer.Book.LastUpdateId is { } id)
            {
                result.Add((marketEvent.TsInit, tickers.GetValueOrDefault(id)));
            }
        }

        return result;
    }
}
