using MarketMaking.Models;
using MarketMaking.Simulation.BinanceProtocol;
using MarketMaking.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace MarketMaking.Adapters.Binance.Tests;

/// <summary>
/// The market-data client against the Binance-protocol simulator on loopback, replaying the spot BTCUSDT recording:
/// a gap and a dropped connection each rebuild the book from a new snapshot, a 429 is waited out without a request
/// sent during its wait, and bad settings or an unknown symbol are refused with one clear message.
/// </summary>
[NonParallelizable]
public sealed class BinanceMarketDataClientTests
{
    private static readonly InstrumentId s_btcUsdt = BinanceSimulatorSetup.BtcUsdt;
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(1);

    [Test]
    public async Task AGapInTheDiffs_PostsTheBookOutOfSync_AndRebuildsItFromANewSnapshot()
    {
        await using var server = await BinanceSimulatorSetup.StartBtcUsdtAsync(BinanceMarket.Spot);
        var sink = new MarketDataSink();
        await using var client = CreateClient(server, sink);
        await SubscribeAndSyncAsync(server, client, sink);

        await server.ReplayAsync(500);
        await server.SkipDepthUpdatesAsync(1);
        await server.ReplayAsync();
        await WaitForTheEndAsync(server, sink);

        var health = client.HealthOf(s_btcUsdt)!;
        Assert.Multiple(() =>
        {
            Assert.That((health.SequenceGaps, health.Snapshots, server.DepthSnapshotsServed), Is.EqualTo((1, 2, 2)), "one gap, one resync");
            Assert.That(sink.SyncChanges.Select(c => (c.State, c.Reason)), Is.EqualTo(new[]
            {
                (BookSyncState.Synced, OutOfSyncReason.None),
                (BookSyncState.OutOfSync, OutOfSyncReason.SequenceGap),
                (BookSyncState.Synced, OutOfSyncReason.None),
            }));
            Assert.That(sink.SyncChanges[1].Detail, Does.StartWith("Expected U = "), "the gap is named");
            Assert.That(health.TopsMismatched, Is.Zero);
        });
        await AssertTheBookIsTheVenuesAsync(server, client);
    }

    [Test]
    public async Task ADroppedConnection_IsReopened_TheStreamsSubscribedAgain_AndTheBookRebuilt()
    {
        await using var server = await BinanceSimulatorSetup.StartBtcUsdtAsync(BinanceMarket.Spot);
        var sink = new MarketDataSink();
        await using var client = CreateClient(server, sink);
        await SubscribeAndSyncAsync(server, client, sink);
        await server.ReplayAsync(500);

        server.DropConnections();
        await sink.WaitForAsync(s => s.SyncChanges.Count(c => c.State == BookSyncState.Synced) == 2, s_timeout);
        await server.ReplayAsync();
        await WaitForTheEndAsync(server, sink);

        var health = client.HealthOf(s_btcUsdt)!;
        Assert.Multiple(() =>
        {
            Assert.That(sink.SyncChanges.Select(c => c.State), Is.EqualTo(new[] { BookSyncState.Synced, BookSyncState.OutOfSync, BookSyncState.Synced }));
            Assert.That(sink.SyncChanges[1].Detail, Does.StartWith("connection lost"));
            Assert.That((health.SequenceGaps, health.Snapshots), Is.EqualTo((0, 2)), "no gap: the new connection's diffs bridge a new snapshot");
            Assert.That(sink.Trades, Is.GreaterThan(0), "trades subscribed again");
        });
        await AssertTheBookIsTheVenuesAsync(server, client);
    }

    [Test]
    public async Task ADepthSnapshotRefusedWith429_IsRetriedOnlyAfterItsRetryAfter()
    {
        // exchangeInfo (20) and a 1000-level snapshot (50) do not fit in one minute of 60.
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 4, 12, 0, 10, TimeSpan.Zero));
        await using var server = await BinanceSimulatorSetup.StartBtcUsdtAsync(BinanceMarket.Spot, new BinanceSimulatorOptions { WeightPerMinute = 60 }, clock);
        var sink = new MarketDataSink();
        await using var client = CreateClient(server, sink, clock);
        Assert.That((await client.SubscribeBookAsync(s_btcUsdt)).IsSuccess, Is.True);
        await Eventually.WaitForAsync(() => client.RequestWeight.Backoff > TimeSpan.Zero, "the 429's wait");

        Assert.That((server.RateLimitedRequests, client.RequestWeight.Backoff), Is.EqualTo((1, TimeSpan.FromSeconds(50))), "Retry-After: the 50 s left in the minute");
        clock.Advance(TimeSpan.FromSeconds(49));
        Assert.That((server.RateLimitedRequests, server.DepthSnapshotsServed), Is.EqualTo((1, 0)), "nothing sent during the wait");

        clock.Advance(TimeSpan.FromSeconds(2));
        await sink.WaitForAsync(s => s.SyncChanges.Any(c => c.State == BookSyncState.Synced), s_timeout);
        Assert.That((server.RateLimitedRequests, server.DepthSnapshotsServed, client.HealthOf(s_btcUsdt)!.Snapshots), Is.EqualTo((1, 1, 1)));
    }

    [Test]
    public async Task OnUsdM_TheMarkPriceArrivesEverySecondOnTheMarketRoute_WithTheFundingRateAndTheNextFundingTime()
    {
        await using var server = await BinanceSimulatorSetup.StartBtcUsdtAsync(BinanceMarket.UsdM, new BinanceSimulatorOptions { FundingRate = 0.00025m });
        var sink = new MarketDataSink();
        await using var client = new BinanceMarketDataClient(
            new BinanceMarketDataOptions { Market = BinanceMarket.UsdM, RestBaseUrl = server.RestBaseUrl, StreamBaseUrl = server.StreamBaseUrl }, sink, TimeProvider.System);
        await using var spot = CreateClient(server, new MarketDataSink());

        Assert.That((await client.SubscribeMarkPriceAsync(s_btcUsdt)).IsSuccess, Is.True);
        var onSpot = await spot.SubscribeMarkPriceAsync(s_btcUsdt);
        await server.ReplayAsync(20_000);
        await sink.WaitForAsync(s => s.MarkPrices.Count >= 3, s_timeout);

        var marks = sink.MarkPrices.Take(3).ToArray();
        var nextFunding = new DateTimeOffset(2024, 8, 9, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds() * 1_000_000;
        Assert.Multiple(() =>
        {
            Assert.That(marks.Select(m => (m.Instrument, m.FundingRate, m.NextFundingTime)), Is.All.EqualTo((s_btcUsdt, 0.00025m, nextFunding)));
            Assert.That(marks.Zip(marks.Skip(1)).All(pair => pair.Second.TsEvent - pair.First.TsEvent >= 1_000_000_000), Is.True, "a second apart");
            Assert.That(marks.All(m => m.MarkPrice.Value is > 50_000m and < 70_000m && m.IndexPrice == m.MarkPrice), Is.True);
            Assert.That(client.ConnectionCount, Is.EqualTo(1), "one connection, the /market route");
            Assert.That((onSpot.Error?.Kind, onSpot.Error?.NotSent), Is.EqualTo(((VenueErrorKind?)VenueErrorKind.NotSupported, (bool?)true)));
        });
    }

    [Test]
    public async Task AnUnknownSymbol_IsRefusedAsAnUnknownInstrument_WithoutOpeningAConnection()
    {
        await using var server = await BinanceSimulatorSetup.StartBtcUsdtAsync(BinanceMarket.Spot);
        await using var client = CreateClient(server, new MarketDataSink());

        var result = await client.SubscribeBookAsync(InstrumentId.Create("DOGEBTC"));

        Assert.That((result.IsSuccess, result.Error?.Kind, result.Error?.Message), Is.EqualTo((false, (VenueErrorKind?)VenueErrorKind.UnknownInstrument, "Binance Spot lists no symbol DOGEBTC")));
        Assert.That((client.ConnectionCount, server.ConnectionCount), Is.EqualTo((0, 0)));
    }

    [Test]
    public void BadSettings_AreRefusedAtOnce_EveryProblemNamed()
    {
        var options = new BinanceMarketDataOptions
        {
            Market = BinanceMarket.UsdM,
            DepthUpdateMilliseconds = 1000,
            SnapshotDepth = 5000,
            StreamBaseUrl = new Uri("ws://stream.example.com"),
        };

        var refused = Assert.Throws<OptionsValidationException>(() => _ = new BinanceMarketDataClient(options, new MarketDataSink(), TimeProvider.System));

        Assert.That(refused!.Failures, Is.EquivalentTo(new[]
        {
            "Binance UsdM: StreamBaseUrl ws://stream.example.com/ uses plain ws://, allowed only for a loopback host; use wss://",
            "Binance UsdM: DepthUpdateMilliseconds must be one of 100, 250, 500, not 1000",
            "Binance UsdM: SnapshotDepth is at most 1000 on futures, not 5000",
        }));
    }

    private static BinanceMarketDataClient CreateClient(BinanceSimulatorServer server, MarketDataSink sink, TimeProvider? clock = null) =>
        new(
            new BinanceMarketDataOptions
            {
                RestBaseUrl = server.RestBaseUrl,
                StreamBaseUrl = server.StreamBaseUrl,

                // The fake clock stands still while the test waits on loopback I/O: no silence check meanwhile.
                WebSocket = new WebSocketConnectionOptions { NoDataTimeout = TimeSpan.FromHours(1), PingInterval = TimeSpan.FromHours(1), InitialReconnectDelay = TimeSpan.FromMilliseconds(10) },
            },
            sink,
            clock ?? TimeProvider.System);

    private static async Task SubscribeAndSyncAsync(BinanceSimulatorServer server, BinanceMarketDataClient client, MarketDataSink sink)
    {
        Assert.That((await client.SubscribeTopOfBookAsync(s_btcUsdt)).IsSuccess, Is.True);
        Assert.That((await client.SubscribeBookAsync(s_btcUsdt)).IsSuccess, Is.True);
        Assert.That((await client.SubscribeTradesAsync(s_btcUsdt)).IsSuccess, Is.True);
        await sink.WaitForAsync(s => s.SyncChanges.Any(c => c.State == BookSyncState.Synced), s_timeout);
    }

    private static async Task WaitForTheEndAsync(BinanceSimulatorServer server, MarketDataSink sink)
    {
        var finalUpdateId = await server.ReadAsync(venue => venue.Engines[s_btcUsdt].Book.LastUpdateId!.Value);
        await sink.WaitForAsync(s => s.LastDeltaUpdateId == finalUpdateId, s_timeout);
    }

    private static async Task AssertTheBookIsTheVenuesAsync(BinanceSimulatorServer server, BinanceMarketDataClient client)
    {
        var venue = await server.ReadAsync(v => Levels(v.Engines[s_btcUsdt].Book));
        Assert.That(Levels(client.BookOf(s_btcUsdt)!), Is.EqualTo(venue), "the client's 100 best levels a side are the venue's");
    }

    private static (BookLevel[] Bids, BookLevel[] Asks) Levels(OrderBook book) =>
        (book.GetLevels(Side.Buy, Math.Min(100, book.BidDepth)), book.GetLevels(Side.Sell, Math.Min(100, book.AskDepth)));
}
