using System.Collections.Concurrent;
using MarketMaking.Simulation.Venue;
using MarketMaking.Adapters;
using MarketMaking.Adapters.Kraken;
using MarketMaking.Models;
using MarketMaking.Simulation.KrakenProtocol;
using MarketMaking.Simulation.Recordings.Binance;
using MarketMaking.Testing;

namespace MarketMaking.Simulation.Tests;

/// <summary>
/// Each fault the simulator injects, with the real Kraken adapter recovering from it: reconnecting, resyncing, or
/// reporting an unknown outcome that a later query settles. Timeouts are shortened so that the tests run in seconds.
/// </summary>
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class KrakenSimulatorFaultTests
{
    private static readonly InstrumentId s_served = InstrumentId.Create("BTC/USDT");
    private static readonly Lazy<List<MarketDataEvent>> s_recording = new(() =>
        [.. new HftBacktestRecordingReader([RepoPaths.Data("hftbacktest-binance-2024-08/spot_btcusdt_20240808.gz")], error => throw new InvalidOperationException(error.ToString())).ReadEvents()]);

    private readonly ConcurrentQueue<VenueEvent> _events = new();
    private readonly List<IAsyncDisposable> _cleanup = [];
    private readonly KrakenSimulatorOptions _options = new();
    private KrakenSimulatorServer _server = null!;
    private KrakenSpotWsClient _client = null!;
    private KrakenSpotRestClient _rest = null!;

    [TearDown]
    public async Task TearDownAsync()
    {
        foreach (var item in Enumerable.Reverse(_cleanup))
        {
            await item.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
        }
    }

    private async Task StartAsync()
    {
        _server = await KrakenSimulatorServer.StartAsync(
            _options,
            [new SimulatedInstrument(InstrumentId.Create("BTCUSDT"), InstrumentSpec.FromPrecision(s_served, 2, 8), AssetId.Create("BTC"), AssetId.Create("USDT"), book => new BinanceDepthSynchronizer(book))],
            s_recording.Value);
        _cleanup.Add(_server);
        var sink = new ChannelVenueEventSink();
        _ = Task.Run(async () =>
        {
            await foreach (var venueEvent in sink.Reader.ReadAllAsync())
            {
                _events.Enqueue(venueEvent);
            }
        });
        var options = new KrakenOptions
        {
            RestBaseUrl = _server.RestBaseUrl,
            PublicWebSocketUrl = _server.PublicWebSocketUrl,
            PrivateWebSocketUrl = _server.PrivateWebSocketUrl,
            ApiKey = _options.ApiKey,
            ApiSecret = _options.ApiSecret,
            DeadManSwitchRefreshInterval = TimeSpan.Zero,
            WebSocketRequestTimeout = TimeSpan.FromMilliseconds(500),
            WebSocket = new WebSocketConnectionOptions
            {
                NoDataTimeout = TimeSpan.FromSeconds(1),
                PingInterval = TimeSpan.FromMilliseconds(250),
                InitialReconnectDelay = TimeSpan.FromMilliseconds(50),
                MaxReconnectDelay = TimeSpan.FromMilliseconds(200),
            },
        };
        var http = new HttpClient();
        _cleanup.Add(new Disposer(http));
        _rest = new KrakenSpotRestClient(http, options, TimeProvider.System);
        _client = new KrakenSpotWsClient(options, sink, TimeProvider.System, _rest);
        _cleanup.Add(_client);
        await _client.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
        await _client.SubscribeBookAsync(s_served, 10);
    }

    private static Task WaitForAsync(Func<bool> condition, string what) => Eventually.WaitForAsync(condition, what, rounds: 3_000);

    /// <summary>Whether the adapter's book shows the simulator's current best bid and ask.</summary>
    private bool TopsAgree()
    {
        var theirs = _server.Venue.Engines[s_served].Book;
        var ours = _client.GetBook(s_served);
        return ours is { SyncState: BookSyncState.Synced } && ours.BestBid == theirs.BestBid && ours.BestAsk == theirs.BestAsk;
    }

    private IEnumerable<string?> ReconnectReasons(string connection) =>
        _events.OfType<ConnectionStateChanged>().Where(c => c.Connection == connection && c.Current == ConnectionState.Reconnecting).Select(c => c.Reason);

    private async Task<Price> ReplayUntilSyncedAsync(long events)
    {
        await _server.ReplayAsync(events);
        await WaitForAsync(TopsAgree, "the adapter's book caught up");
        return _client.GetBook(s_served)!.BestBid!.Value.Price;
    }

    private static OrderRequest Bid(Price price, string clientOrderId) =>
        new(s_served, Side.Buy, OrderType.Limit, new Quantity(0.001m), ClientOrderId.Create(clientOrderId)) { LimitPrice = price, PostOnly = true };

    [Test]
    public async Task Disconnects_TheAdapterReconnectsAndResyncsEachTime()
    {
        _options.Faults = SimulatorFaultOptions.Parse("disconnect-every=3000");
        await StartAsync();

        await _server.ReplayAsync(10_000);
        await WaitForAsync(() => _client.PublicConnectionCount >= 2 && _client.PublicState == ConnectionState.Connected && TopsAgree(), "reconnected and in sync");
        await WaitForAsync(() => _client.PrivateConnectionCount >= 2 && _client.PrivateState == ConnectionState.Connected, "the authenticated connection too");

        // The events reach this test through a channel, after the book itself changed state: wait for them to drain.
        await WaitForAsync(() => _events.OfType<BookSyncChanged>().LastOrDefault()?.State == BookSyncState.Synced && TopsAgree(), "the last book state posted is Synced");

        Assert.Multiple(() =>
        {
            Assert.That(ReconnectReasons("public"), Has.Some.StartWith("connection lost"));
            Assert.That(_client.TokensFetched, Is.GreaterThanOrEqualTo(2), "a new token for the new authenticated connection");
            Assert.That(_events.OfType<BookSyncChanged>().Select(c => c.State), Does.Contain(BookSyncState.OutOfSync), "the lost book was reported");
        });
    }

    [Test]
    public async Task SilentPeriod_TheNoDataTimeoutFires_AndTheAdapterReconnectsWhenTheServerSpeaksAgain()
    {
        _options.Faults = SimulatorFaultOptions.Parse("silence-at=2000,silence-for=2s");
        await StartAsync();

        await _server.ReplayAsync(2_000);
        await WaitForAsync(() => ReconnectReasons("public").Any(r => r!.StartsWith("no data for", StringComparison.Ordinal)), "the silence detected");
        await _server.ReplayAsync(3_000);
        await WaitForAsync(() => _client.PublicState == ConnectionState.Connected && TopsAgree(), "back and in sync after the silence");

        Assert.That(_client.PublicConnectionCount, Is.GreaterThanOrEqualTo(2));
    }

    [Test]
    public async Task CorruptedChecksum_TheBookGoesOutOfSyncVisibly_AndIsResynced()
    {
        _options.Faults = SimulatorFaultOptions.Parse("corrupt-checksum-every=1500");
        await StartAsync();

        await ReplayUntilSyncedAsync(5_000);
        await WaitForAsync(() => _events.OfType<BookSyncChanged>().LastOrDefault()?.State == BookSyncState.Synced, "the resync reported");

        var outOfSync = _events.OfType<BookSyncChanged>().Where(b => b.State == BookSyncState.OutOfSync).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(outOfSync, Is.Not.Empty);
            Assert.That(outOfSync, Has.All.Property(nameof(BookSyncChanged.Reason)).EqualTo(OutOfSyncReason.ChecksumMismatch));
            Assert.That(_events.OfType<BookSyncChanged>().Last().State, Is.EqualTo(BookSyncState.Synced));
            Assert.That(_client.PublicConnectionCount, Is.EqualTo(1), "resynced by resubscribing, not reconnecting");
        });
    }

    [Test]
    public async Task RateLimitErrors_AreReportedAsTransient_AndTheClientHoldsTheNextOrderUntilKrakensCounterDecays()
    {
        _options.Faults = SimulatorFaultOptions.Parse("rate-limit=1");
        await StartAsync();
        var bid = await ReplayUntilSyncedAsync(3_000);

        var refused = await _client.PlaceOrderAsync(Bid(bid, "rl-1"));
        _options.Faults.RateLimit = 0;
        var held = await _client.PlaceOrderAsync(Bid(bid, "rl-2"));

        Assert.Multiple(() =>
        {
            Assert.That(refused.Error!.Kind, Is.EqualTo(VenueErrorKind.RateLimited));
            Assert.That(refused.Error.VenueCode, Is.EqualTo("EOrder:Rate limit exceeded"));
            Assert.That(refused.Error.IsTransient, Is.True);

            // Kraken's refusal says its counter for the pair is full: sending again would be refused (and charged).
            Assert.That(held.Error!.NotSent, Is.True, held.ToString());
            Assert.That(held.Error.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(17)).Within(TimeSpan.FromSeconds(1)), "at Starter, 1 a second from 60 down to 60 − 16 (the cancel reserve) − 1 (the order)");
            Assert.That(_server.Venue.Engines[s_served].RestingOrders, Is.Empty);
        });
    }

    [Test]
    public async Task ACancelOfAnOrderTheVenueNeverHad_IsRefusedAsUnknown_AndCostsTheCounterNothing_AYoungOrdersCosts8()
    {
        // What a restarted venue sees: the client cancels orders it lost. Kraken charges a cancel by the order's age.
        await StartAsync();
        var bid = await ReplayUntilSyncedAsync(3_000);

        var unknown = await _client.CancelOrderAsync(s_served, OrderReference.ByClientId(ClientOrderId.Create("never-placed")));
        var afterUnknown = _server.TradingCounter(s_served);
        var placed = await _client.PlaceOrderAsync(Bid(bid, "young-1"));
        var canceled = await _client.CancelOrderAsync(s_served, OrderReference.ByVenueId(placed.Value!.VenueOrderId!.Value));
        var afterYoung = _server.TradingCounter(s_served);

        Assert.Multiple(() =>
        {
            Assert.That(unknown.Error?.Kind, Is.EqualTo(VenueErrorKind.UnknownOrder), unknown.ToString());
            Assert.That(unknown.Error!.VenueCode, Is.EqualTo("EOrder:Unknown order"));
            Assert.That(afterUnknown, Is.Zero, "no order, no age to charge");
            Assert.That(canceled.IsSuccess, Is.True, canceled.ToString());
            Assert.That(afterYoung, Is.EqualTo(9).Within(2), "the add (+1) and the cancel of an order under 5 s old (+8), less a second or two of decay");
        });
    }

    [TestCase("drop-ack=1")]
    [TestCase("ack-delay=2s")]
    public async Task LostOrLateAcknowledgement_IsAnUnknownOutcome_ThatAQuerySettles(string fault)
    {
        _options.Faults = SimulatorFaultOptions.Parse(fault);
        await StartAsync();
        var bid = await ReplayUntilSyncedAsync(3_000);

        var placed = await _client.PlaceOrderAsync(Bid(bid, "ack-1"));
        var open = await _rest.GetOpenOrdersAsync();

        Assert.Multiple(() =>
        {
            Assert.That(placed.IsOutcomeUnknown, Is.True, placed.ToString());
            Assert.That(placed.Error!.Kind, Is.EqualTo(VenueErrorKind.Timeout));
            Assert.That(open.IsSuccess, Is.True, open.ToString());
            Assert.That(open.Value.Select(o => o.ClientOrderId?.Value), Does.Contain("ack-1"), "the query finds the order: it was placed");
        });
    }

    [Test]
    public async Task ALateAcknowledgement_HoldsBackOnlyItsOwnAnswer_TheRequestAfterItIsCarriedOutAtOnce()
    {
        _options.Faults = SimulatorFaultOptions.Parse("ack-delay=2s");
        await StartAsync();
        var bid = await ReplayUntilSyncedAsync(3_000);

        // The client gives each answer 500 ms: the first request ends unknown then, its answer still held back.
        var first = _client.PlaceOrderAsync(Bid(bid, "late-1")).AsTask();
        var second = _client.PlaceOrderAsync(Bid(bid, "late-2")).AsTask();
        await WaitForAsync(() => first.IsCompleted || _events.OfType<OrderUpdate>().Any(u => u.ClientOrderId?.Value == "late-2"), "the second order placed or the first request ended");
        var secondPlacedBeforeTheFirstEnded = !first.IsCompleted;
        await Task.WhenAll(first, second);

        Assert.Multiple(() =>
        {
            Assert.That(secondPlacedBeforeTheFirstEnded, Is.True, "the second order was placed while the first's answer was held back");
            Assert.That(first.Result.IsOutcomeUnknown && second.Result.IsOutcomeUnknown, Is.True, $"{first.Result}; {second.Result}");
        });
    }

    [Test]
    public async Task DuplicatedExecutions_AreDroppedByTheAdapter_NothingIsCountedTwice()
    {
        _options.Faults = SimulatorFaultOptions.Parse("duplicate-execution=1");
        await StartAsync();
        var bid = await ReplayUntilSyncedAsync(3_000);

        var placed = await _client.PlaceOrderAsync(Bid(bid, "dup-1"));
        await _server.ReplayAsync();
        await WaitForAsync(() => _events.OfType<OrderUpdate>().Any(u => u.Status == OrderStatus.Filled), "the order filled");

        var fills = _events.OfType<FillEvent>().ToList();
        Assert.Multiple(() =>
        {
            Assert.That(placed.IsSuccess, Is.True, placed.ToString());
            Assert.That(fills.Select(f => f.TradeId).Distinct().Count(), Is.EqualTo(fills.Count), "each fill once");
            Assert.That(fills.Sum(f => f.Quantity.Value), Is.EqualTo(0.001m));
            Assert.That(_events.OfType<OrderUpdate>().Count(u => u.Status == OrderStatus.PendingNew), Is.EqualTo(1));
            Assert.That(_client.PrivateConnectionCount, Is.EqualTo(1), "a duplicate is not a gap");
        });
    }

    [Test]
    public async Task ReorderedExecutions_AreSeenAsAGap_AndTheAdapterRebuildsFromAFreshSnapshot()
    {
        _options.Faults = SimulatorFaultOptions.Parse("reorder-execution=1");
        await StartAsync();
        var bid = await ReplayUntilSyncedAsync(3_000);

        await _client.PlaceOrderAsync(Bid(bid, "ro-1"));
        await WaitForAsync(() => ReconnectReasons("private").Any(r => r!.Contains("executions sequence gap", StringComparison.Ordinal)), "the gap detected");
        await WaitForAsync(() => _client.PrivateState == ConnectionState.Connected && _client.PrivateConnectionCount >= 2, "reconnected");

        // The new connection's snapshot lists the order as open.
        await WaitForAsync(() => _events.OfType<OrderUpdate>().Any(u => u.IsSnapshot && u.ClientOrderId?.Value == "ro-1"), "the order in the fresh snapshot");
    }

    [Test]
    public async Task MaintenanceNotice_IsPostedAsVenueStatus()
    {
        _options.Faults = SimulatorFaultOptions.Parse("maintenance-at=1000");
        await StartAsync();

        await _server.ReplayAsync(1_500);
        await WaitForAsync(() => _events.OfType<VenueStatusChanged>().Any(s => s.Status == VenueTradingStatus.Maintenance), "maintenance announced");
        await _server.AnnounceStatusAsync("online");
        await WaitForAsync(() => _events.OfType<VenueStatusChanged>().Last().Status == VenueTradingStatus.Online, "back online");
    }

    [Test]
    public void FaultSpecification_WithAnUnknownKeyOrABadValue_IsRefusedWithAClearMessage()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => SimulatorFaultOptions.Parse("disconect-every=5"), Throws.TypeOf<FormatException>().With.Message.Contains("Unknown fault 'disconect-every'").And.Message.Contains("disconnect-every"));
            Assert.That(() => SimulatorFaultOptions.Parse("rate-limit=2"), Throws.TypeOf<FormatException>().With.Message.Contains("probability"));
            Assert.That(() => SimulatorFaultOptions.Parse("ack-delay=soon"), Throws.TypeOf<FormatException>().With.Message.Contains("duration"));
            Assert.That(SimulatorFaultOptions.Parse("ack-delay=250ms,silence-for=2m").AckDelay, Is.EqualTo(TimeSpan.FromMilliseconds(250)));
        });
    }

    private sealed class Disposer(IDisposable inner) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            inner.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
