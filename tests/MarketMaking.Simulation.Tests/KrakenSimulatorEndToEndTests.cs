using System.Collections.Concurrent;
using System.Net.Http;
using System.Text;
using MarketMaking.Simulation.Venue;
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
            [.. days.Select(d => RepoPaths.Data($"hftbacktest-binance-2024-08/spot_btcusdt_{d}.gz"))],
            error => throw new InvalidOperationException(error.ToString())).ReadEvents()];

    private static SimulatedInstrument BtcUsdt() => new(
        s_recorded, InstrumentSpec.FromPrecision(s_served, 2, 8), AssetId.Create("BTC"), AssetId.Create("USDT"), book => new BinanceDepthSynchronizer(book));

    private async Task<KrakenSimulatorServer> StartServerAsync(IEnumerable<MarketDataEvent> recording, KrakenSimulatorOptions? options = null)
    {
        var server = await KrakenSimulatorServer.StartAsync(options ?? new KrakenSimulatorOptions(), [BtcUsdt()], recording);
        _cleanup.Add(server);
        return server;
    }

    private KrakenSpotWsClient CreateClient(KrakenSimulatorServer server, KrakenSimulatorOptions? credentials = null)
    {
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
            RestBaseUrl = server.RestBaseUrl,
            PublicWebSocketUrl = server.PublicWebSocketUrl,
            PrivateWebSocketUrl = server.PrivateWebSocketUrl,
            ApiKey = credentials?.ApiKey,
            ApiSecret = credentials?.ApiSecret,

            // The replay runs far faster than the wall clock the switch is refreshed on.
            DeadManSwitchRefreshInterval = TimeSpan.Zero,
        };
        var rest = credentials is null ? null : new KrakenSpotRestClient(Http(), options, TimeProvider.System);
        var client = new KrakenSpotWsClient(options, sink, TimeProvider.System, rest);
        _cleanup.Add(client);
        return client;
    }

    private HttpClient Http()
    {
        var http = new HttpClient();
        _cleanup.Add(new DisposableAdapter(http));
        return http;
    }

    private static Task WaitForAsync(Func<bool> condition, string what) => Eventually.WaitForAsync(condition, what, rounds: 6_000);

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

    [Test]
    public async Task OrdersThroughTheAdapter_RestFillByTheQueueModel_ComeBackAsExecutions_AndBalancesMoveByExactlyFillsAndFees()
    {
        var options = new KrakenSimulatorOptions();
        var server = await StartServerAsync(Recording("20240808"), options);
        var client = CreateClient(server, options);
        await client.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
        await client.SubscribeBookAsync(s_served, 10);
        await server.ReplayAsync(5_000);
        await WaitForAsync(() => _events.OfType<MarketDataEvent>().Count(e => e is BookSnapshot or BookDelta) == server.BookFramesSent, "the book so far");
        var book = client.GetBook(s_served)!;
        var (bid, ask) = (book.BestBid!.Value.Price, book.BestAsk!.Value.Price);

        var buy = await client.PlaceOrderAsync(Quote(Side.Buy, bid, "e2e-buy"));
        var sell = await client.PlaceOrderAsync(Quote(Side.Sell, ask, "e2e-sell"));
        var crossing = await client.PlaceOrderAsync(Quote(Side.Buy, ask, "e2e-cross"));
        await server.ReplayAsync();
        var account = server.Venue.Accounts["main"];
        var restingAfter = server.Venue.Engines[s_served].RestingOrders.Count;
        await WaitForAsync(() => _events.OfType<OrderUpdate>().Count(u => u.Status == OrderStatus.Filled) == 2, "both quotes filled");
        await WaitForAsync(() => _events.OfType<BalanceUpdate>().Count(b => !b.IsSnapshot) == 2 * _events.OfType<FillEvent>().Count(), "a balance update per asset per fill");

        var fills = _events.OfType<FillEvent>().ToList();
        var btc = fills.Sum(f => (f.Side == Side.Buy ? 1 : -1) * f.Quantity.Value);
        var usdt = fills.Sum(f => ((f.Side == Side.Buy ? -1 : 1) * f.Price.Value * f.Quantity.Value) - f.Fee);
        var lastBalance = _events.OfType<BalanceUpdate>().Where(b => !b.IsSnapshot).GroupBy(b => b.Asset.Value).ToDictionary(g => g.Key, g => g.Last().Total);
        Assert.Multiple(() =>
        {
            Assert.That(buy.IsSuccess && sell.IsSuccess, Is.True, $"{buy} {sell}");
            Assert.That(crossing.Error?.VenueCode, Is.EqualTo("EOrder:Post only order"), "post-only that would cross is refused");
            Assert.That(_events.OfType<OrderUpdate>().Where(u => u.VenueOrderId == buy.Value!.VenueOrderId).Select(u => u.Status).Take(2),
                Is.EqualTo(new[] { OrderStatus.PendingNew, OrderStatus.Accepted }));
            Assert.That(fills.Select(f => f.ClientOrderId?.Value).Distinct(), Is.EquivalentTo(new[] { "e2e-buy", "e2e-sell" }));
            Assert.That(fills, Has.All.Property(nameof(FillEvent.Liquidity)).EqualTo(LiquiditySide.Maker));
            Assert.That(_events.OfType<OrderUpdate>().Count(u => u.Status == OrderStatus.Filled), Is.EqualTo(2), "each quote ends filled");
            Assert.That(account.Total(AssetId.Create("BTC")), Is.EqualTo(10m + btc));
            Assert.That(account.Total(AssetId.Create("USDT")), Is.EqualTo(1_000_000m + usdt));
            Assert.That(lastBalance["BTC"], Is.EqualTo(account.Total(AssetId.Create("BTC"))), "the balances channel agrees");
            Assert.That(lastBalance["USDT"], Is.EqualTo(account.Total(AssetId.Create("USDT"))));
            Assert.That(restingAfter, Is.Zero, "nothing left resting");
        });
    }

    [Test]
    public async Task PrivateRest_WrongSignature_IsRefused_AndAReplayedNonce_IsRefused()
    {
        var options = new KrakenSimulatorOptions();
        var server = await StartServerAsync([], options);
        var wrongSecret = Convert.ToBase64String(Encoding.UTF8.GetBytes("not-the-simulator-secret-0123456789"));
        var impostor = new KrakenSpotRestClient(Http(), new KrakenOptions { RestBaseUrl = server.RestBaseUrl, ApiKey = options.ApiKey, ApiSecret = wrongSecret }, TimeProvider.System);
        var genuine = new KrakenSpotRestClient(Http(), new KrakenOptions { RestBaseUrl = server.RestBaseUrl, ApiKey = options.ApiKey, ApiSecret = options.ApiSecret }, TimeProvider.System);

        var refused = await impostor.GetBalancesAsync();
        var accepted = await genuine.GetBalancesAsync();
        var first = await SignedPostAsync(server, options, "/0/private/Balance", nonce: "9000000000000000000");
        var replayed = await SignedPostAsync(server, options, "/0/private/Balance", nonce: "9000000000000000000");

        Assert.Multiple(() =>
        {
            Assert.That(refused.Error!.VenueCode, Is.EqualTo("EAPI:Invalid signature"));
            Assert.That(refused.Error.Kind, Is.EqualTo(VenueErrorKind.AuthenticationFailed));
            Assert.That(accepted.IsSuccess, Is.True, accepted.ToString());
            Assert.That(accepted.Value.Select(b => b.Asset.Value), Is.SupersetOf(new[] { "BTC", "USDT" }));
            Assert.That(first, Does.Contain("\"error\":[]"));
            Assert.That(replayed, Does.Contain("EAPI:Invalid nonce"));
            Assert.That(server.AuthenticationFailures, Is.EqualTo(2));
        });
    }

    [Test]
    public async Task BatchesAmendsDepthAndTicker_OverRestAndWebSocket_WorkAgainstTheSimulator()
    {
        var options = new KrakenSimulatorOptions();
        var server = await StartServerAsync(Recording("20240808"), options);
        var client = CreateClient(server, options);
        var rest = new KrakenSpotRestClient(Http(), new KrakenOptions { RestBaseUrl = server.RestBaseUrl, ApiKey = options.ApiKey, ApiSecret = options.ApiSecret }, TimeProvider.System);
        await client.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
        await server.ReplayAsync(5_000);

        var depth = await rest.GetBookAsync(s_served, 10);
        var ticker = await rest.GetTickerAsync(s_served);
        var bid = depth.Value!.Bids[0].Price;
        var restBatch = await rest.PlaceOrdersAsync([Quote(Side.Buy, bid, "rb-1"), Quote(Side.Buy, bid, "rb-2")]);
        var amended = await rest.AmendOrderAsync(new AmendRequest(s_served, OrderReference.ByVenueId(restBatch.Value![0].Value!.VenueOrderId!.Value)) { NewQuantity = new Quantity(0.0005m) });
        var restCancel = await rest.CancelOrderAsync(s_served, OrderReference.ByClientId(ClientOrderId.Create("rb-2")));
        var wsBatch = await client.PlaceOrdersAsync([Quote(Side.Buy, bid, "wb-1"), Quote(Side.Buy, bid, "wb-2")]);
        var wsCancel = await client.CancelOrdersAsync(s_served, [OrderReference.ByClientId(ClientOrderId.Create("wb-1")), OrderReference.ByClientId(ClientOrderId.Create("wb-2"))]);
        var open = await rest.GetOpenOrdersAsync();

        Assert.Multiple(() =>
        {
            Assert.That(depth.Value.Bids, Has.Length.EqualTo(10));
            Assert.That(depth.Value.Bids[0].Price, Is.EqualTo(server.Venue.Engines[s_served].Book.BestBid!.Value.Price));
            Assert.That(ticker.Value!.BidPrice, Is.EqualTo(bid));
            Assert.That(restBatch.Value.Select(r => r.IsSuccess), Is.All.True, restBatch.ToString());
            Assert.That(amended.IsSuccess, Is.True, amended.ToString());
            Assert.That(restCancel.IsSuccess, Is.True, restCancel.ToString());
            Assert.That(wsBatch.Value!.Select(r => r.IsSuccess), Is.All.True, wsBatch.ToString());
            Assert.That(wsCancel.Value!.Count, Is.EqualTo(2));
            Assert.That(open.Value!.Select(o => (o.ClientOrderId?.Value, o.Quantity.Value)), Is.EqualTo(new[] { ("rb-1", 0.0005m) }), "only the amended order still rests");
        });
    }

    private static OrderRequest Quote(Side side, Price price, string clientOrderId) =>
        new(s_served, side, OrderType.Limit, new Quantity(0.001m), ClientOrderId.Create(clientOrderId)) { LimitPrice = price, PostOnly = true };

    private async Task<string> SignedPostAsync(KrakenSimulatorServer server, KrakenSimulatorOptions options, string path, string nonce)
    {
        var body = $"nonce={nonce}";
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(server.RestBaseUrl, path))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/x-www-form-urlencoded"),
        };
        request.Headers.Add("API-Key", options.ApiKey);
        request.Headers.Add("API-Sign", new KrakenApiSigner(options.ApiSecret).Sign(path, nonce, body));
        using var response = await Http().SendAsync(request);
        return await response.Content.ReadAsStringAsync();
    }

    private sealed class DisposableAdapter(IDisposable inner) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            inner.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
