using MarketMaking.Adapters;
using MarketMaking.Models;
using MarketMaking.Simulation.Recordings.Binance;
using MarketMaking.Simulation.Venue;
using MarketMaking.Testing;

namespace MarketMaking.Simulation.Tests;

/// <summary>The in-process simulated venue's client: what it posts to the loop carries the venue and names it serves.</summary>
public sealed class SimulatedVenueClientTests
{
    [Test]
    public async Task RecordedTrades_ArePostedAsTheServedVenuesAndInstruments_NotTheRecordingsOwn()
    {
        var (binance, kraken) = (VenueId.Create("binance"), VenueId.Create("kraken"));
        var (recorded, served) = (InstrumentId.Create("BTCUSDT"), InstrumentId.Create("BTC/USDT"));
        var level = new BookLevel(new Price(100m), new Quantity(1m));
        MarketDataEvent[] recording =
        [
            new BookSnapshot(binance, recorded, [level], [new BookLevel(new Price(101m), new Quantity(1m))], 1, 1) { LastUpdateId = 1 },
            new Trade(binance, recorded, new Price(101m), new Quantity(0.5m), Side.Buy, TradeId.Create("t-1"), 2, 2),
        ];
        var sink = new ChannelVenueEventSink();
        using var client = new SimulatedVenueClient(
            kraken,
            new SimulatedVenueOptions(),
            [new SimulatedInstrument(recorded, InstrumentSpec.FromPrecision(served, 2, 8), AssetId.Create("BTC"), AssetId.Create("USDT"), book => new Matching.DirectBookSynchronizer(book))],
            recording,
            new Dictionary<AssetId, decimal>(),
            sink);

        await client.ReplayUntilAsync(10);

        var posted = new List<VenueEvent>();
        while (sink.Reader.TryRead(out var venueEvent))
        {
            posted.Add(venueEvent);
        }

        var trade = posted.OfType<Trade>().Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That((trade.Venue, trade.Instrument), Is.EqualTo((kraken, served)), "a strategy quoting kraken's BTC/USDT sees it");
            Assert.That(posted.OfType<BookSnapshot>().Select(s => (s.Venue, s.Instrument)), Has.All.EqualTo((kraken, served)));
        }
    }

    [Test]
    public async Task PublishingBookDeltas_LeavesTheKernelsBook_AsSnapshotsWould_AfterEveryPublication_OverAWholeRealRecording()
    {
        // Two venues replay the same real recording, one publishing every change as a snapshot of its ten best levels a
        // side, the other as a delta of the published levels that changed; each feeds a kernel's book kept to ten levels.
        var spec = InstrumentSpec.FromPrecision(InstrumentId.Create("BTCUSDT"), 2, 8);
        var recording = RepoPaths.Data("hftbacktest-binance-2024-08/usdm_btcusdt_20240808.gz");
        var (snapshots, deltas) = (new ChannelVenueEventSink(), new ChannelVenueEventSink());
        using var wholeClient = Client(snapshots, publishesDeltas: false);
        using var deltaClient = Client(deltas, publishesDeltas: true);
        var (wholeBook, deltaBook) = (new OrderBook(spec, 10), new OrderBook(spec, 10));
        var (published, asDeltas, crossed) = (0, 0, 0);
        while (!wholeClient.IsReplayComplete && wholeClient.NextEventTime is { } next)
        {
            await wholeClient.ReplayUntilAsync(next);
            await deltaClient.ReplayUntilAsync(next);
            while (snapshots.Reader.TryRead(out var whole))
            {
                if (whole is not BookSnapshot snapshot)
                {
                    continue;
                }

                var change = Next(deltas);
                Assert.That(change.TsInit, Is.EqualTo(snapshot.TsInit), $"publication {published}: the same moment");
                wholeBook.Apply(snapshot);
                _ = change is BookDelta delta ? deltaBook.Apply(delta) : deltaBook.Apply((BookSnapshot)change);
                asDeltas += change is BookDelta ? 1 : 0;
                crossed += wholeBook.SyncState == BookSyncState.Synced ? 0 : 1;
                Assert.That(Top(deltaBook), Is.EqualTo(Top(wholeBook)), $"after publication {published}");
                published++;
            }
        }

        Assert.Multiple(() =>
        {
            Assert.That(published, Is.GreaterThan(5_000), "most of the recording's 6,552 book messages change the ten best levels");
            Assert.That(asDeltas, Is.GreaterThan(published * 9 / 10), "all but the first and the crossed as deltas");
            Assert.That(Rest(deltas).OfType<MarketDataEvent>().Count(e => e is BookSnapshot or BookDelta), Is.Zero, "nothing more was published as deltas");
        });
        TestContext.Out.WriteLine($"{published} publications, {asDeltas} as deltas, {crossed} crossed");

        SimulatedVenueClient Client(ChannelVenueEventSink sink, bool publishesDeltas) => new(
            VenueId.Create("binance"),
            new SimulatedVenueOptions(),
            [new SimulatedInstrument(spec.Instrument, spec, AssetId.Create("BTC"), AssetId.Create("USDT"), book => new BinanceDepthSynchronizer(book))],
            new HftBacktestRecordingReader([recording], error => Assert.Fail(error.ToString())).ReadEvents(),
            new Dictionary<AssetId, decimal>(),
            sink,
            bookDepth: 10)
        { PublishesBookDeltas = publishesDeltas };

        static MarketDataEvent Next(ChannelVenueEventSink sink)
        {
            while (sink.Reader.TryRead(out var venueEvent))
            {
                if (venueEvent is BookSnapshot or BookDelta)
                {
                    return (MarketDataEvent)venueEvent;
                }
            }

            throw new AssertionException("the venue publishing deltas posted nothing at that moment");
        }

        static IEnumerable<VenueEvent> Rest(ChannelVenueEventSink sink)
        {
            while (sink.Reader.TryRead(out var venueEvent))
            {
                yield return venueEvent;
            }
        }

        static (BookSyncState, TickLevel[]) Top(OrderBook book)
        {
            var levels = new TickLevel[20];
            var bids = book.CopyBids(levels.AsSpan(0, 10));
            var asks = book.CopyAsks(levels.AsSpan(10, 10));
            return (book.SyncState, [.. levels.AsSpan(0, bids), .. levels.AsSpan(10, asks)]);
        }
    }

    [Test]
    public async Task BookDeltasConvertedOnTheReadingThread_LeaveTheVenuesFullBook_AsConvertingThemItself_OverAWholeRealRecording()
    {
        // A backtest's timeline converts the venue's deltas as it reads them (PreparedDelta); the venue's full-depth book
        // must be the one it builds from the recorded levels itself: compared at the top after each step, whole at the end.
        var spec = InstrumentSpec.FromPrecision(InstrumentId.Create("BTCUSDT"), 2, 8);
        var recording = RepoPaths.Data("hftbacktest-binance-2024-08/usdm_btcusdt_20240808.gz");
        using var prepared = Client(prepareBooks: true);
        using var converting = Client(prepareBooks: false);
        var (preparedBook, convertingBook) = (prepared.Venue.Engines[spec.Instrument].Book, converting.Venue.Engines[spec.Instrument].Book);
        var steps = 0;
        while (!prepared.IsReplayComplete && prepared.NextEventTime is { } next)
        {
            await prepared.ReplayUntilAsync(next);
            await converting.ReplayUntilAsync(next);
            Assert.That(Levels(preparedBook, 20), Is.EqualTo(Levels(convertingBook, 20)), $"after step {steps}");
            steps++;
        }

        using (Assert.EnterMultipleScope())
        {
            Assert.That(converting.IsReplayComplete, Is.True);
            Assert.That(steps, Is.GreaterThan(6_000), "the recording's 6,552 book messages and its trades, the tops of book passed over");
            Assert.That(preparedBook.BidDepth + preparedBook.AskDepth, Is.GreaterThan(1_000), "a full-depth book");
            Assert.That(Levels(preparedBook, int.MaxValue), Is.EqualTo(Levels(convertingBook, int.MaxValue)));
        }

        SimulatedVenueClient Client(bool prepareBooks)
        {
            var options = new SimulatedVenueOptions();
            SimulatedInstrument[] instruments = [new(spec.Instrument, spec, AssetId.Create("BTC"), AssetId.Create("USDT"), book => new BinanceDepthSynchronizer(book))];
            var read = new HftBacktestRecordingReader([recording], error => Assert.Fail(error.ToString())).ReadEvents();
            return new(
                VenueId.Create("binance"),
                options,
                instruments,
                SimulatedVenueClient.Timeline(read, options, instruments, passOver: true, passOverFrom: null, prepareBooks ? VenueId.Create("binance") : null),
                new Dictionary<AssetId, decimal>(),
                new ChannelVenueEventSink());
        }

        static (BookSyncState, TickLevel[], TickLevel[]) Levels(OrderBook book, int depth)
        {
            var (bids, asks) = (new TickLevel[Math.Min(depth, book.BidDepth)], new TickLevel[Math.Min(depth, book.AskDepth)]);
            book.CopyBids(bids);
            book.CopyAsks(asks);
            return (book.SyncState, bids, asks);
        }
    }
}
