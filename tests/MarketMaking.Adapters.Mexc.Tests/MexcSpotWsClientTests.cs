using MarketMaking.Adapters.Mexc.Tests.Loopback;
using MarketMaking.Testing.Mexc;
using MarketMaking.Models;
using MarketMaking.Testing;
using Microsoft.Extensions.Time.Testing;

namespace MarketMaking.Adapters.Mexc.Tests;

/// <summary>
/// The Spot WebSocket client and the listen key against a real Kestrel server on loopback (REST and WebSocket). Time
/// is a <see cref="FakeTimeProvider"/>: keep-alives, rotations and timeouts happen when the test moves it.
/// </summary>
public sealed class MexcSpotWsClientTests
{
    private static readonly InstrumentId s_btcUsdt = InstrumentId.Create("BTCUSDT");
    private static readonly string s_depthChannel = MexcSpotChannels.AggregatedDepth("BTCUSDT", "100ms");
    private static readonly string s_dealsChannel = MexcSpotChannels.AggregatedDeals("BTCUSDT", "100ms");
    private FakeTimeProvider _clock = null!;
    private RecordingSink _sink = null!;
    private FakeMexcServer _server = null!;
    private HttpClient _http = null!;
    private MexcSpotWsClient? _client;

    [SetUp]
    public async Task SetUpAsync()
    {
        // NUnit shares one fixture instance between tests: everything a test changes is made afresh here.
        _clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000));
        _sink = new RecordingSink();
        _client = null;
        _server = await FakeMexcServer.StartAsync();
        _http = new HttpClient();
    }

    [TearDown]
    public async Task TearDownAsync()
    {
        if (_client is not null)
        {
            await _client.DisposeAsync();
        }

        _http.Dispose();
        await _server.DisposeAsync();
    }

    private async Task<MexcSpotWsClient> StartAsync(bool credentials = false, Action<MexcSpotOptions>? configure = null)
    {
        var options = new MexcSpotOptions
        {
            RestBaseUrl = _server.BaseAddress,
            WebSocketUrl = _server.WebSocketUrl,
            ApiKey = credentials ? FakeMexcServer.ApiKey : null,
            ApiSecret = credentials ? FakeMexcServer.ApiSecret : null,
            WebSocket = new WebSocketConnectionOptions { InitialReconnectDelay = TimeSpan.Zero, PingInterval = TimeSpan.FromSeconds(20), NoDataTimeout = TimeSpan.FromSeconds(60) },
        };
        configure?.Invoke(options);
        _client = new MexcSpotWsClient(options, _sink, _clock, new MexcSpotRestClient(_http, options, _clock));
        await _client.StartAsync();
        return _client;
    }

    private Task SyncedCountAsync(int count) =>
        Eventually.WaitForAsync(() => _sink.Of<BookSyncChanged>().Count(c => c.State == BookSyncState.Synced) >= count, $"book synced {count} time(s)");

    [Test]
    public async Task Book_StartsFromARestSnapshot_ThenAppliesPushesThatContinueItsVersion()
    {
        var client = await StartAsync();

        var subscribed = await client.SubscribeBookAsync(s_btcUsdt, 20);
        await SyncedCountAsync(1);
        await _server.Connection(1).SendBinaryAsync(FakeMexcServer.DepthPush(101, 101, "93000.00", "2.5"));
        await Eventually.WaitForAsync(() => _sink.Of<BookDelta>().Any(), "the delta posted");

        var snapshot = _sink.Of<BookSnapshot>().Single();
        var delta = _sink.Of<BookDelta>().Single();
        Assert.Multiple(() =>
        {
            Assert.That(subscribed.IsSuccess, Is.True, subscribed.Error?.ToString());
            Assert.That(_server.Connection(1).Channels, Is.EqualTo(new[] { s_depthChannel }));
            var request = _server.Connection(1).Requests.First();
            Assert.That(request.GetProperty("method").GetString(), Is.EqualTo("SUBSCRIPTION"), "the docs' request shape, with an id as JKorf sends it");
            Assert.That(request.GetProperty("params").EnumerateArray().Single().GetString(), Is.EqualTo(s_depthChannel));
            Assert.That(request.GetProperty("id").GetInt64(), Is.Positive);
            Assert.That(snapshot.LastUpdateId, Is.EqualTo(100));
            Assert.That(snapshot.Bids[0], Is.EqualTo(new BookLevel(new Price(93000.00m), new Quantity(1.5m))));
            Assert.That((delta.FirstUpdateId, delta.FinalUpdateId), Is.EqualTo(((long?)101, (long?)101)));
            Assert.That(client.BookOf(s_btcUsdt)!.BestBid, Is.EqualTo(new BookLevel(new Price(93000.00m), new Quantity(2.5m))), "quantities are absolute");
            Assert.That(client.BookOf(s_btcUsdt)!.LastUpdateId, Is.EqualTo(101));
        });
    }

    [Test]
    public async Task AVersionGap_IsPostedOutOfSync_AndTheBookIsRebuiltFromAFreshSnapshot()
    {
        var client = await StartAsync();
        await client.SubscribeBookAsync(s_btcUsdt, 20);
        await SyncedCountAsync(1);
        var connection = _server.Connection(1);
        await connection.SendBinaryAsync(FakeMexcServer.DepthPush(101, 101, "93000.00", "2.5"));
        await Eventually.WaitForAsync(() => client.BookOf(s_btcUsdt)!.LastUpdateId == 101, "101 applied");

        _server.DepthVersion = 110;
        await connection.SendBinaryAsync(FakeMexcServer.DepthPush(105, 106, "92999.99", "7"));
        await SyncedCountAsync(2);
        await connection.SendBinaryAsync(FakeMexcServer.DepthPush(111, 111, "93000.00", "4"));
        await Eventually.WaitForAsync(() => client.BookOf(s_btcUsdt)!.LastUpdateId == 111, "the push after the new snapshot applied");

        var outOfSync = _sink.Of<BookSyncChanged>().Single(c => c.State == BookSyncState.OutOfSync);
        Assert.Multiple(() =>
        {
            Assert.That(outOfSync.Reason, Is.EqualTo(OutOfSyncReason.SequenceGap));
            Assert.That(outOfSync.Detail, Does.Contain("U = 105"), "the gap is named");
            Assert.That(_server.CountOf("GET /api/v3/depth"), Is.EqualTo(2), "one fresh snapshot");
            Assert.That(client.SnapshotsOf(s_btcUsdt), Is.EqualTo(2));
            Assert.That(_sink.Of<BookDelta>().Select(d => d.FinalUpdateId), Is.EqualTo(new long?[] { 101, 111 }), "the push across the gap was never posted");
            Assert.That(_sink.Of<BookSnapshot>().Last().LastUpdateId, Is.EqualTo(110));
            Assert.That(client.BookOf(s_btcUsdt)!.BestBid!.Value.Quantity, Is.EqualTo(new Quantity(4m)));
        });
    }

    [Test]
    public async Task ADroppedConnection_Reconnects_ResubscribesEveryChannel_AndRebuildsTheBook()
    {
        var client = await StartAsync();
        await client.SubscribeBookAsync(s_btcUsdt, 20);
        await client.SubscribeTradesAsync(s_btcUsdt);
        await SyncedCountAsync(1);

        _server.Connection(1).Drop();
        await Eventually.WaitForAsync(() => _server.Connections.Count == 2 && _server.Connection(2).Channels.Count == 2, "a second connection with both channels");
        await SyncedCountAsync(2);

        Assert.Multiple(() =>
        {
            Assert.That(_server.Connection(2).Channels, Is.EquivalentTo(new[] { s_depthChannel, s_dealsChannel }));
            Assert.That(_sink.Of<BookSyncChanged>().Select(c => c.State), Is.EqualTo(new[] { BookSyncState.Synced, BookSyncState.OutOfSync, BookSyncState.Synced }));
            Assert.That(_sink.Of<BookSyncChanged>().ElementAt(1).Detail, Does.StartWith("connection lost"));
            Assert.That(_server.CountOf("GET /api/v3/depth"), Is.EqualTo(2), "a fresh snapshot after the reconnection");
            Assert.That(_sink.Of<ConnectionStateChanged>().Any(c => c.Current == ConnectionState.Reconnecting), Is.True);
            Assert.That(client.PublicState, Is.EqualTo(ConnectionState.Connected));
        });
    }

    [Test]
    public async Task ASubscriptionMexcRefuses_WithCodeZero_IsReported_AndTheConnectionGoesOn()
    {
        _server.RefusedChannels[s_dealsChannel] = true;
        var client = await StartAsync();
        await client.SubscribeBookAsync(s_btcUsdt, 20);

        var refused = await client.SubscribeTradesAsync(s_btcUsdt);
        var top = await client.SubscribeTopOfBookAsync(s_btcUsdt);

        Assert.Multiple(() =>
        {
            Assert.That(refused.IsSuccess, Is.False, "code 0, yet refused");
            Assert.That(refused.Error!.Kind, Is.EqualTo(VenueErrorKind.PermissionDenied));
            Assert.That(refused.Error.Message, Does.Contain("Not Subscribed successfully").And.Contain(s_dealsChannel));
            Assert.That(top.IsSuccess, Is.True, "the connection still serves other channels");
            Assert.That(client.PublicState, Is.EqualTo(ConnectionState.Connected));
        });
    }

    [Test]
    public async Task MoreThan30Channels_AreShardedOverConnections()
    {
        var client = await StartAsync(configure: o => o.MaxSubscriptionsPerConnection = 2);

        await client.SubscribeTradesAsync(s_btcUsdt);
        await client.SubscribeTopOfBookAsync(s_btcUsdt);
        await client.SubscribeTradesAsync(InstrumentId.Create("ETHUSDT"));

        Assert.Multiple(() =>
        {
            Assert.That(client.PublicConnectionCount, Is.EqualTo(2));
            Assert.That(_server.Connection(1).Channels, Has.Count.EqualTo(2));
            Assert.That(_server.Connection(2).Channels.Single(), Is.EqualTo(MexcSpotChannels.AggregatedDeals("ETHUSDT", "100ms")));
        });
    }

    [Test]
    public async Task AConnection_IsReplacedBeforeItsLifetimeEnds_AndResubscribed()
    {
        var client = await StartAsync(configure: o => o.ConnectionLifetime = TimeSpan.FromSeconds(10));
        await client.SubscribeTradesAsync(s_btcUsdt);

        _clock.Advance(TimeSpan.FromSeconds(11));
        await Eventually.WaitForAsync(() => _server.Connections.Count == 2 && _server.Connection(2).Channels.Count == 1, "a replacement connection, resubscribed");

        Assert.That(_sink.Of<ConnectionStateChanged>().Any(c => c.Reason?.Contains("rotation", StringComparison.Ordinal) == true), Is.True, "the reason is the rotation");
    }

    [Test]
    public async Task ListenKey_IsKeptAliveEvery30Minutes_RenewedWhenAKeepAliveFails_AndDeletedAtStop()
    {
        var client = await StartAsync(credentials: true);

        var subscribed = await client.SubscribeUserStreamAsync();
        var first = _server.Connections.Single(c => c.ListenKey is not null);
        await Eventually.WaitForAsync(() => first.Channels.Count == 3, "the three private channels");
        _clock.Advance(TimeSpan.FromMinutes(30));
        await Eventually.WaitForAsync(() => client.ListenKeys!.KeepAlives == 1, "one keep-alive");

        _server.ValidKeys.Clear();
        _clock.Advance(TimeSpan.FromMinutes(30));
        await Eventually.WaitForAsync(() => client.ListenKeys!.Renewals == 1, "a new key after the failed keep-alive");
        await Eventually.WaitForAsync(() => _server.Connections.Any(c => c.ListenKey == "key-2" && c.Channels.Count == 3), "the user stream reopened on the new key");
        await client.StopAsync();

        Assert.Multiple(() =>
        {
            Assert.That(subscribed.IsSuccess, Is.True, subscribed.Error?.ToString());
            Assert.That(first.ListenKey, Is.EqualTo("key-1"));
            Assert.That(first.Channels, Is.EquivalentTo(new[] { MexcSpotChannels.Orders, MexcSpotChannels.Deals, MexcSpotChannels.Account }));
            Assert.That(_server.CountOf("PUT /api/v3/userDataStream"), Is.EqualTo(2), "one kept alive, one refused");
            Assert.That(_server.CountOf("POST /api/v3/userDataStream"), Is.EqualTo(2), "created, then renewed");
            Assert.That(client.ListenKeys!.ListenKey, Is.Null);
            Assert.That(_server.ValidKeys.ContainsKey("key-2"), Is.False, "the key in use is deleted at stop");
        });
    }

    [Test]
    public async Task PrivatePushes_BecomeFillsAndOrderUpdates_AndAMalformedFrameIsSkipped()
    {
        var client = await StartAsync(credentials: true);
        await client.SubscribeUserStreamAsync();
        var connection = _server.Connections.Single(c => c.ListenKey is not null);

        await connection.SendBinaryAsync([0x0A, 0xFF, 0xFF]);
        await connection.SendBinaryAsync(File.ReadAllBytes(RepoPaths.Fixture("mexc/spot/ws/pb-bin/private-deals-MXUSDT.bin")));
        await connection.SendBinaryAsync(File.ReadAllBytes(RepoPaths.Fixture("mexc/spot/ws/pb-bin/private-orders-MXUSDT.bin")));
        await Eventually.WaitForAsync(() => _sink.Of<OrderUpdate>().Any(), "the order update");

        Assert.Multiple(() =>
        {
            Assert.That(_sink.Of<FillEvent>().Single().TradeId.Value, Is.EqualTo("505979017439002624X1"));
            Assert.That(_sink.Of<OrderUpdate>().Single().Status, Is.EqualTo(OrderStatus.Filled));
            Assert.That(client.PrivateState, Is.EqualTo(ConnectionState.Connected), "the malformed frame did not drop the connection");
        });
    }
}
