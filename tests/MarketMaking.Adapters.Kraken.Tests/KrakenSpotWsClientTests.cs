using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MarketMaking.Adapters.Kraken.Tests.Loopback;
using MarketMaking.Models;
using MarketMaking.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace MarketMaking.Adapters.Kraken.Tests;

/// <summary>
/// The WebSocket v2 client against a real Kestrel WebSocket server on loopback. Time is a <see cref="FakeTimeProvider"/>:
/// backoff waits, the no-data timeout, request timeouts and the dead-man switch timer move only when a test moves it.
/// </summary>
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class KrakenSpotWsClientTests
{
    private const string ApiKey = "ws-api-key-DO-NOT-LOG";
    private static readonly string s_apiSecret = Convert.ToBase64String(Encoding.UTF8.GetBytes("ws-secret-DO-NOT-LOG-0123456789abc"));
    private static readonly InstrumentId s_btcUsd = InstrumentId.Create("BTC/USD");

    private readonly WatchedClock _clock = new(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));
    private readonly ConcurrentQueue<VenueEvent> _events = new();
    private readonly List<IAsyncDisposable> _cleanup = [];
    private HttpClient? _http;

    [TearDown]
    public async Task TearDownAsync()
    {
        // Clients first, then the server, so that the clients close cleanly.
        foreach (var item in Enumerable.Reverse(_cleanup))
        {
            await RunAsync(item.DisposeAsync().AsTask(), TimeSpan.FromMilliseconds(100));
        }

        _http?.Dispose();
    }

    private async Task<FakeKrakenServer> StartServerAsync()
    {
        var server = await FakeKrakenServer.StartAsync();
        _cleanup.Add(server);
        return server;
    }

    private KrakenSpotWsClient CreateSut(FakeKrakenServer server, bool withCredentials, ILoggerFactory? loggerFactory = null)
    {
        var options = new KrakenOptions
        {
            RestBaseUrl = server.BaseAddress,
            PublicWebSocketUrl = server.PublicUrl,
            PrivateWebSocketUrl = server.PrivateUrl,
            ApiKey = withCredentials ? ApiKey : null,
            ApiSecret = withCredentials ? s_apiSecret : null,
        };
        var sink = new ChannelVenueEventSink();
        _ = Task.Run(async () =>
        {
            await foreach (var venueEvent in sink.Reader.ReadAllAsync())
            {
                _events.Enqueue(venueEvent);
            }
        });
        _http = new HttpClient();
        var rest = withCredentials
            ? new KrakenSpotRestClient(_http, options, _clock, loggerFactory?.CreateLogger<KrakenSpotRestClient>())
            : null;
        var sut = new KrakenSpotWsClient(options, sink, _clock, rest, loggerFactory);
        _cleanup.Add(sut);
        return sut;
    }

    /// <summary>Lets loopback I/O run (real time) while the fake clock moves by <paramref name="step"/>, until the task completes.</summary>
    private async Task<T> RunAsync<T>(Task<T> task, TimeSpan? step = null)
    {
        await RunAsync((Task)task, step);
        return await task;
    }

    /// <summary>The same for an order-entry call (awaited once, as a <see cref="Task{TResult}"/>).</summary>
    private Task<T> RunAsync<T>(ValueTask<T> call, TimeSpan? step = null) => RunAsync(call.AsTask(), step);

    private async Task RunAsync(Task task, TimeSpan? step = null)
    {
        for (var i = 0; i < 2_000 && !task.IsCompleted; i++)
        {
            if (step is { } by)
            {
                _clock.Advance(by);
            }

            await Task.Delay(5);
        }

        await task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    /// <summary>Waits (in real time, for loopback I/O) until the condition holds, optionally moving the fake clock each round.</summary>
    private async Task WaitForAsync(Func<bool> condition, string what, TimeSpan? step = null)
    {
        for (var i = 0; i < 2_000; i++)
        {
            if (condition())
            {
                return;
            }

            if (step is { } by)
            {
                _clock.Advance(by);
            }

            await Task.Delay(5);
        }

        Assert.Fail($"Timed out waiting for: {what}. Events: {string.Join(" | ", _events.Select(Describe))}");
    }

    private static string Describe(VenueEvent e) => e switch
    {
        ConnectionStateChanged c => $"{c.Connection}:{c.Current}({c.Reason})",
        BookSyncChanged b => $"book:{b.State}/{b.Reason}",
        BookSnapshot => "snapshot",
        BookDelta => "delta",
        _ => e.GetType().Name,
    };

    private List<ConnectionState> States(string connection) =>
        [.. _events.OfType<ConnectionStateChanged>().Where(c => c.Connection == connection).Select(c => c.Current)];

    private List<BookSyncState> BookStates() => [.. _events.OfType<BookSyncChanged>().Select(b => b.State)];

    private static string? Token(JsonElement request) =>
        request.GetProperty("params").TryGetProperty("token", out var token) ? token.GetString() : null;

    private async Task<(KrakenSpotWsClient Sut, FakeWsConnection Connection)> StartWithSyncedBookAsync(FakeKrakenServer server)
    {
        var sut = CreateSut(server, withCredentials: false);
        await RunAsync(sut.StartAsync());
        var subscribed = await RunAsync(sut.SubscribeBookAsync(s_btcUsd, 10));
        Assert.That(subscribed.IsSuccess && subscribed.Value, Is.True, subscribed.ToString());
        await WaitForAsync(() => BookStates().Contains(BookSyncState.Synced), "the first snapshot");
        return (sut, server.PublicConnections.Single());
    }

    [Test]
    public async Task PublicConnection_DroppedMidStream_ReconnectsAfterBackoffResubscribesAndTakesAFreshSnapshot()
    {
        var server = await StartServerAsync();
        var (sut, first) = await StartWithSyncedBookAsync(server);
        await first.SendAsync(FakeKrakenServer.BookUpdateFrame(0));
        await first.SendAsync(FakeKrakenServer.BookUpdateFrame(1));
        await WaitForAsync(() => _events.OfType<BookDelta>().Count() == 2, "two verified deltas");

        var timersBefore = _clock.TimerCount;
        first.Drop();
        await WaitForAsync(() => sut.PublicState == ConnectionState.Reconnecting, "the drop to be noticed");

        // The backoff waits on the clock (half to all of the 1 s initial delay): until it moves, no new connection is tried.
        await WaitForAsync(() => _clock.HasOneShotTimer(timersBefore, TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(1)), "the backoff's wait on the clock");
        Assert.That(server.PublicConnections, Has.Count.EqualTo(1));

        // The first wait is between half and all of the 1 s initial delay.
        _clock.Advance(TimeSpan.FromSeconds(1));
        await WaitForAsync(() => States("public").Count == 7 && BookStates().Count(s => s == BookSyncState.Synced) == 2, "reconnection and a fresh snapshot");

        var second = server.PublicConnections.Last();
        Assert.Multiple(() =>
        {
            Assert.That(server.PublicConnections, Has.Count.EqualTo(2));
            Assert.That(sut.PublicConnectionCount, Is.EqualTo(2));
            Assert.That(second.RequestsFor("subscribe", "instrument").Count(), Is.EqualTo(1), "reference data again");
            Assert.That(second.RequestsFor("subscribe", "book").Count(), Is.EqualTo(1), "the book resubscribed");
            Assert.That(States("public"), Is.EqualTo(new[]
            {
                ConnectionState.Connecting, ConnectionState.Resubscribing, ConnectionState.Connected,
                ConnectionState.Reconnecting, ConnectionState.Connecting, ConnectionState.Resubscribing, ConnectionState.Connected,
            }));
            Assert.That(_events.OfType<ConnectionStateChanged>().First(c => c.Current == ConnectionState.Reconnecting).Reason, Does.StartWith("connection lost"));
            Assert.That(BookStates(), Is.EqualTo(new[] { BookSyncState.Synced, BookSyncState.OutOfSync, BookSyncState.Synced }));
            Assert.That(_events.OfType<BookSnapshot>().Count(), Is.EqualTo(2));
            Assert.That(sut.GetBook(s_btcUsd)!.SyncState, Is.EqualTo(BookSyncState.Synced));
        });
    }

    [Test]
    public async Task PublicConnection_ServerGoesSilent_TimeoutIsDetectedAndTheClientReconnects()
    {
        var server = await StartServerAsync();
        var (sut, first) = await StartWithSyncedBookAsync(server);

        first.Silent = true;
        await WaitForAsync(() => sut.PublicState == ConnectionState.Reconnecting, "the silence to be detected", TimeSpan.FromSeconds(5));
        var lost = _events.OfType<ConnectionStateChanged>().First(c => c.Current == ConnectionState.Reconnecting);
        var silentSince = _events.OfType<ConnectionStateChanged>().Last(c => c.Current == ConnectionState.Connected).TsInit;

        await WaitForAsync(() => sut.PublicState == ConnectionState.Connected && server.PublicConnections.Count == 2 && BookStates().LastOrDefault() == BookSyncState.Synced && BookStates().Count >= 3, "a new connection and a fresh snapshot", TimeSpan.FromMilliseconds(250));
        Assert.Multiple(() =>
        {
            Assert.That(lost.Reason, Does.StartWith("no data for"));
            Assert.That(TimeSpan.FromTicks((lost.TsInit - silentSince) / 100), Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(60)), "the 60 s default timeout");
            Assert.That(first.RequestsFor("ping").Count(), Is.GreaterThanOrEqualTo(2), "pings every 20 s of quiet went unanswered");
            Assert.That(server.PublicConnections.Last().RequestsFor("subscribe", "book").Count(), Is.EqualTo(1));
            Assert.That(BookStates().Last(), Is.EqualTo(BookSyncState.Synced));
        });
    }

    [Test]
    public async Task Book_UpdateWithAWrongChecksum_GoesOutOfSyncVisiblyAndIsResyncedFromAFreshSnapshot()
    {
        var server = await StartServerAsync();
        var (sut, connection) = await StartWithSyncedBookAsync(server);
        var corrupted = JsonNode.Parse(FakeKrakenServer.BookUpdateFrame(0))!;
        var checksum = corrupted["data"]![0]!["checksum"]!.GetValue<uint>();
        corrupted["data"]![0]!["checksum"] = checksum + 1;

        // The fresh snapshot is held until both updates are on the wire before it, so that the update after the bad
        // one always meets the out-of-sync book (not the fresh one, where it would not fit and force a second resync).
        var releaseSnapshot = new TaskCompletionSource();
        server.OnPublicRequest = async (c, request) =>
        {
            if (request.GetProperty("method").GetString() == "subscribe" && request.GetProperty("params").GetProperty("channel").GetString() == "book")
            {
                await releaseSnapshot.Task;
            }

            await FakeKrakenServer.DefaultPublicAsync(c, request);
        };
        await connection.SendAsync(corrupted.ToJsonString());
        await connection.SendAsync(FakeKrakenServer.BookUpdateFrame(1));
        await WaitForAsync(() => connection.RequestsFor("subscribe", "book").Count() == 2, "the resubscribe");
        releaseSnapshot.SetResult();
        await WaitForAsync(() => BookStates().Count == 3, "out of sync, then synced again");

        var outOfSync = _events.OfType<BookSyncChanged>().Single(b => b.State == BookSyncState.OutOfSync);
        Assert.Multiple(() =>
        {
            Assert.That(BookStates(), Is.EqualTo(new[] { BookSyncState.Synced, BookSyncState.OutOfSync, BookSyncState.Synced }));
            Assert.That(outOfSync.Reason, Is.EqualTo(OutOfSyncReason.ChecksumMismatch));
            Assert.That(outOfSync.Detail, Does.Contain((checksum + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)));
            Assert.That(_events.OfType<BookDelta>(), Is.Empty, "neither the bad update nor the one after it reached consumers");
            Assert.That(connection.RequestsFor("unsubscribe", "book").Count(), Is.EqualTo(1));
            Assert.That(connection.RequestsFor("subscribe", "book").Count(), Is.EqualTo(2));
            Assert.That(_events.OfType<BookSnapshot>().Count(), Is.EqualTo(2));
            Assert.That(sut.GetBook(s_btcUsd)!.SyncState, Is.EqualTo(BookSyncState.Synced));
            Assert.That(sut.PublicConnectionCount, Is.EqualTo(1), "resynced without reconnecting");
        });
    }

    [Test]
    public async Task NonJsonAndMalformedFrames_AreLoggedAndSkipped_TheStreamGoesOn()
    {
        var server = await StartServerAsync();
        var (sut, connection) = await StartWithSyncedBookAsync(server);

        await connection.SendAsync("CloudFlare WebSocket proxy restarting");
        await connection.SendAsync("""{"channel":"book","type":"update","data":[{"symbol":"BTC/USD","bids":[{"price":"not a number","qty":1}]}]}""");
        await connection.SendAsync("""{"channel":"trade","type":"update","data":[{"symbol":"BTC/USD"}]}""");
        await connection.SendAsync(FakeKrakenServer.BookUpdateFrame(0));
        await WaitForAsync(() => _events.OfType<BookDelta>().Any(), "the valid update after the bad frames");

        Assert.Multiple(() =>
        {
            Assert.That(sut.SkippedFrames, Is.EqualTo(3));
            Assert.That(sut.PublicState, Is.EqualTo(ConnectionState.Connected));
            Assert.That(sut.GetBook(s_btcUsd)!.SyncState, Is.EqualTo(BookSyncState.Synced));
            Assert.That(sut.PublicConnectionCount, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task PrivateConnection_TokenExpired_ReauthenticatesWithANewToken_AndEveryNewConnectionGetsItsOwn()
    {
        var server = await StartServerAsync();
        var expired = false;
        server.OnPrivateRequest = async (connection, request) =>
        {
            if (!expired && Token(request) == "token-1")
            {
                // token-1 lapses before it is used, as a token unused for 15 minutes does.
                expired = true;
                server.ValidTokens.TryRemove("token-1", out _);
            }

            await server.DefaultPrivateAsync(connection, request);
        };
        var sut = CreateSut(server, withCredentials: true);

        await RunAsync(sut.StartAsync());
        var first = server.PrivateConnections.Single();
        await WaitForAsync(() => _events.OfType<BalanceUpdate>().Count() == 3, "the balances snapshot");
        Assert.Multiple(() =>
        {
            Assert.That(sut.PrivateState, Is.EqualTo(ConnectionState.Connected));
            Assert.That(first.RequestsFor("subscribe", "executions").Select(Token), Is.EqualTo(new[] { "token-1", "token-2" }));
            Assert.That(first.RequestsFor("subscribe", "balances").Select(Token), Is.EqualTo(new[] { "token-2" }));
            Assert.That(sut.TokensFetched, Is.EqualTo(2));
            Assert.That(_events.OfType<BalanceUpdate>().Count(), Is.EqualTo(3), "the balances snapshot");
        });

        first.Drop();
        await WaitForAsync(() => sut.PrivateConnectionCount == 2 && sut.PrivateState == ConnectionState.Connected, "re-authentication", TimeSpan.FromMilliseconds(250));
        Assert.Multiple(() =>
        {
            Assert.That(server.PrivateConnections.Last().RequestsFor("subscribe", "executions").Select(Token), Is.EqualTo(new[] { "token-3" }));
            Assert.That(server.TokensIssued, Is.EqualTo(3));
        });
    }

    [Test]
    public async Task PlaceOrder_NoAnswer_EndsAsAnUnknownOutcomeAfterTheRequestTimeout()
    {
        var server = await StartServerAsync();
        server.OnPrivateRequest = (connection, request) =>
            request.GetProperty("method").GetString() == "add_order" ? Task.CompletedTask : server.DefaultPrivateAsync(connection, request);
        var sut = CreateSut(server, withCredentials: true);
        await RunAsync(sut.StartAsync());

        var result = await RunAsync(sut.PlaceOrderAsync(Order("q-1")), TimeSpan.FromMilliseconds(500));

        Assert.Multiple(() =>
        {
            Assert.That(result.IsOutcomeUnknown, Is.True, result.ToString());
            Assert.That(result.Error!.Kind, Is.EqualTo(VenueErrorKind.Timeout));
            Assert.That(server.PrivateConnections.Single().RequestsFor("add_order").Count(), Is.EqualTo(1), "never resent");
            Assert.That(sut.PrivateState, Is.EqualTo(ConnectionState.Connected));
        });
    }

    [Test]
    public async Task PlaceOrder_ConnectionDroppedBeforeTheAnswer_EndsAsAnUnknownOutcome()
    {
        var server = await StartServerAsync();
        server.OnPrivateRequest = (connection, request) =>
        {
            if (request.GetProperty("method").GetString() == "add_order")
            {
                connection.Drop();
                return Task.CompletedTask;
            }

            return server.DefaultPrivateAsync(connection, request);
        };
        var sut = CreateSut(server, withCredentials: true);
        await RunAsync(sut.StartAsync());

        var result = await RunAsync(sut.PlaceOrderAsync(Order("q-2")));

        Assert.Multiple(() =>
        {
            Assert.That(result.IsOutcomeUnknown, Is.True, result.ToString());
            Assert.That(result.Error!.Kind, Is.EqualTo(VenueErrorKind.Transport));
        });
    }

    [Test]
    public async Task Cancels_WhileThePrivateConnectionIsDown_AreNotSent_AndCostTheTradingCounterNothing()
    {
        var server = await StartServerAsync();
        var sut = CreateSut(server, withCredentials: true);
        await RunAsync(sut.StartAsync());
        var placed = await RunAsync(sut.PlaceOrderAsync(Order("q-4")));
        var order = OrderReference.ByClientId(ClientOrderId.Create("q-4"));
        var afterThePlace = sut.Admission.Counters.Current(s_btcUsd);

        // The fake clock stands still, so the client does not reconnect and nothing decays while it is down.
        server.PrivateConnections.Single().Drop();
        await WaitForAsync(() => sut.PrivateState != ConnectionState.Connected, "the private connection to drop");
        var cancels = new List<VenueResult<CancelAck>>();
        for (var i = 0; i < 8; i++)
        {
            // What the kill switch does through an outage: try again every second (here, eight times: 64 counter units if charged).
            cancels.Add(await RunAsync(sut.CancelOrderAsync(s_btcUsd, order)));
        }

        Assert.Multiple(() =>
        {
            Assert.That(placed.IsSuccess, Is.True, placed.ToString());
            Assert.That(afterThePlace, Is.EqualTo(1), "a new order costs 1");
            Assert.That(cancels.Select(c => (c.Outcome, c.Error!.Kind, c.Error.NotSent)), Has.All.EqualTo((VenueOutcome.Failed, VenueErrorKind.Transport, true)));
            Assert.That(sut.Admission.Counters.Current(s_btcUsd), Is.EqualTo(1), "Kraken charges what it receives: a cancel that never left is given back");
            Assert.That(sut.Admission.NewOrderHeadroom(s_btcUsd), Is.GreaterThan(0), "so quoting can start as soon as the venue is back");
        });
    }

    [Test]
    public async Task PlaceOrder_Refused_IsAFailureWithTheMappedKind()
    {
        var server = await StartServerAsync();
        server.OnPrivateRequest = (connection, request) => request.GetProperty("method").GetString() == "add_order"
            ? connection.RefuseAsync(request, "EOrder:Insufficient funds")
            : server.DefaultPrivateAsync(connection, request);
        var sut = CreateSut(server, withCredentials: true);
        await RunAsync(sut.StartAsync());

        var result = await RunAsync(sut.PlaceOrderAsync(Order("q-3")));

        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(VenueOutcome.Failed));
            Assert.That(result.Error!.Kind, Is.EqualTo(VenueErrorKind.InsufficientFunds));
            Assert.That(result.Error.VenueCode, Is.EqualTo("EOrder:Insufficient funds"));
            Assert.That(sut.OpenOrderCount, Is.Zero);
            Assert.That(sut.IsDeadManSwitchArmed, Is.False);
        });
    }

    [Test]
    public async Task DeadManSwitch_ArmedWhileOrdersRest_RefreshedOnItsTimer_DisarmedOnCleanShutdown()
    {
        var server = await StartServerAsync();
        var sut = CreateSut(server, withCredentials: true);
        await RunAsync(sut.StartAsync());
        var connection = server.PrivateConnections.Single();
        Assert.That(connection.RequestsFor("cancel_all_orders_after"), Is.Empty, "nothing rests yet");

        var placed = await RunAsync(sut.PlaceOrderAsync(Order("q-4")));
        Assert.That(placed.IsSuccess, Is.True, placed.ToString());
        await WaitForAsync(() => sut.IsDeadManSwitchArmed, "the switch to be armed");

        await WaitForAsync(() => connection.RequestsFor("cancel_all_orders_after").Count() == 2, "a refresh after 20 s", TimeSpan.FromSeconds(1));
        await RunAsync(sut.StopAsync());

        var timeouts = connection.RequestsFor("cancel_all_orders_after").Select(r => r.GetProperty("params").GetProperty("timeout").GetInt32()).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(timeouts, Is.EqualTo(new[] { 60, 60, 0 }), "armed, refreshed, disarmed");
            Assert.That(sut.IsDeadManSwitchArmed, Is.False);
            Assert.That(connection.ClosedByClient, Is.True, "closed with a close frame");
            Assert.That(sut.PrivateState, Is.EqualTo(ConnectionState.Stopped));
        });
    }

    [Test]
    public async Task Executions_SequenceGap_ReplacesTheConnectionAndDropsTheGappedMessage()
    {
        var server = await StartServerAsync();
        var sut = CreateSut(server, withCredentials: true);
        await RunAsync(sut.StartAsync());
        var first = server.PrivateConnections.Single();

        await first.SendAsync(FakeKrakenServer.Fixture("ws-executions-update-new.json").Replace("\"sequence\": 9", "\"sequence\": 5", StringComparison.Ordinal));
        await WaitForAsync(() => sut.PrivateConnectionCount == 2 && sut.PrivateState == ConnectionState.Connected, "a new connection", TimeSpan.FromMilliseconds(250));
        await WaitForAsync(() => _events.OfType<ConnectionStateChanged>().Any(c => c.Connection == "private" && c.Current == ConnectionState.Reconnecting), "the reconnection reported");

        Assert.Multiple(() =>
        {
            Assert.That(_events.OfType<OrderUpdate>(), Is.Empty, "the message after the gap was not passed on");
            Assert.That(_events.OfType<ConnectionStateChanged>().First(c => c.Connection == "private" && c.Current == ConnectionState.Reconnecting).Reason,
                Does.Contain("executions sequence gap: expected 2, got 5"));
        });
    }

    [Test]
    public async Task AuthenticatedSession_LogsNeitherTheKeyNorTheSecretNorAnyToken()
    {
        var server = await StartServerAsync();
        var expired = false;
        server.OnPrivateRequest = async (connection, request) =>
        {
            if (!expired && Token(request) == "token-1")
            {
                expired = true;
                server.ValidTokens.TryRemove("token-1", out _);
            }

            await server.DefaultPrivateAsync(connection, request);
        };
        var capture = new CapturingLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(builder => builder.SetMinimumLevel(LogLevel.Trace).AddProvider(capture));
        var sut = CreateSut(server, withCredentials: true, loggerFactory);

        await RunAsync(sut.StartAsync());
        await RunAsync(sut.PlaceOrderAsync(Order("q-5")));
        await WaitForAsync(() => sut.IsDeadManSwitchArmed, "the switch to be armed");
        server.PrivateConnections.Single().Drop();
        await WaitForAsync(() => sut.PrivateConnectionCount == 2 && sut.PrivateState == ConnectionState.Connected, "re-authentication", TimeSpan.FromMilliseconds(250));
        await RunAsync(sut.StopAsync());

        var lines = capture.Lines.ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(lines, Has.Some.Contains("rejected the WebSocket token"), "the session was logged");
            Assert.That(lines, Has.Some.Contains("dead-man switch"));
            foreach (var secret in new[] { ApiKey, s_apiSecret, "token-1", "token-2", "token-3" })
            {
                Assert.That(lines, Has.None.Contains(secret), secret);
            }
        });
    }

    [Test]
    public async Task TradingMethods_AnswersComingBackOutOfOrder_AreMatchedToTheirRequestsByReqId()
    {
        var server = await StartServerAsync();
        var held = new TaskCompletionSource<(FakeWsConnection Connection, JsonElement Request)>();
        server.OnPrivateRequest = (connection, request) =>
        {
            switch (request.GetProperty("method").GetString())
            {
                case "amend_order":
                    // Held back until the cancel_all that follows it has been answered.
                    held.TrySetResult((connection, request));
                    return Task.CompletedTask;
                case "cancel_all":
                    return AnswerThenReleaseAsync(connection, request);
                case "cancel_order":
                    return connection.AnswerAsync(request, """{"order_id":"OLUMT4-UTEGU-ZYM7E9"}""");
                case "batch_add":
                    return connection.AnswerAsync(request, """[{"order_id":"ORDERX-IDXXX-XXXXX1","cl_ord_id":"b-1"},{"order_id":"ORDERX-IDXXX-XXXXX2","cl_ord_id":"b-2"}]""");
                case "batch_cancel":
                    return connection.AnswerAsync(request, null, "\"orders_cancelled\":2");
                default:
                    return server.DefaultPrivateAsync(connection, request);
            }
        };

        async Task AnswerThenReleaseAsync(FakeWsConnection connection, JsonElement request)
        {
            await connection.AnswerAsync(request, """{"count":4}""");
            var (heldConnection, heldRequest) = await held.Task;
            await heldConnection.AnswerAsync(heldRequest, """{"amend_id":"TTW6PD-RC36L-ZZSWNU"}""");
        }

        var sut = CreateSut(server, withCredentials: true);
        await RunAsync(sut.StartAsync());
        var order = OrderReference.ByVenueId(VenueOrderId.Create("OLUMT4-UTEGU-ZYM7E9"));

        var amend = sut.AmendOrderAsync(new AmendRequest(s_btcUsd, order) { NewLimitPrice = new Price(29001.1m) });
        await WaitForAsync(() => held.Task.IsCompleted, "the amend to reach the server");
        var cancelAll = await RunAsync(sut.CancelAllAsync());
        var amended = await RunAsync(amend);
        var canceled = await RunAsync(sut.CancelOrderAsync(s_btcUsd, order));
        var batch = await RunAsync(sut.PlaceOrdersAsync([Order("b-1"), Order("b-2") with { LimitPrice = new Price(29000.2m) }]));
        var batchCancel = await RunAsync(sut.CancelOrdersAsync(s_btcUsd, [order, OrderReference.ByClientId(ClientOrderId.Create("b-2"))]));

        Assert.Multiple(() =>
        {
            Assert.That(cancelAll.Value!.Count, Is.EqualTo(4));
            Assert.That(amended.Value!.AmendId, Is.EqualTo("TTW6PD-RC36L-ZZSWNU"), "answered after a later request, still matched");
            Assert.That(canceled.Value!.Count, Is.EqualTo(1));
            Assert.That(batch.Value!.Select(a => a.Value!.VenueOrderId!.Value.Value), Is.EqualTo(new[] { "ORDERX-IDXXX-XXXXX1", "ORDERX-IDXXX-XXXXX2" }));
            Assert.That(batchCancel.Value!.Count, Is.EqualTo(2));
            Assert.That(sut.OpenOrderCount, Is.EqualTo(2), "the batch's orders rest");

            // Kraken's table, the clock not moving: amend of an order under 5 s old (1 + 3), cancel of it (8),
            // batch add (2 × ½), batch cancel (2 × 8).
            Assert.That(sut.Admission.Counters.Current(s_btcUsd), Is.EqualTo(29));
        });
    }

    [Test]
    public async Task WithoutCredentials_OrderEntryAndTheUserStreamFailClearly_AndNoPrivateConnectionIsOpened()
    {
        var server = await StartServerAsync();
        var sut = CreateSut(server, withCredentials: false);
        await RunAsync(sut.StartAsync());

        var placed = await sut.PlaceOrderAsync(Order("q-6"));
        var userStream = await sut.SubscribeUserStreamAsync();

        Assert.Multiple(() =>
        {
            Assert.That(placed.Outcome, Is.EqualTo(VenueOutcome.Failed));
            Assert.That(placed.Error!.Kind, Is.EqualTo(VenueErrorKind.AuthenticationFailed));
            Assert.That(placed.Error.Message, Does.Contain("KRAKEN_API_KEY"));
            Assert.That(userStream.Error!.Kind, Is.EqualTo(VenueErrorKind.AuthenticationFailed));
            Assert.That(server.PrivateConnections, Is.Empty);
            Assert.That(sut.PrivateState, Is.EqualTo(ConnectionState.Disconnected));
        });
    }

    private static OrderRequest Order(string clientOrderId) =>
        new(s_btcUsd, Side.Buy, OrderType.Limit, new Quantity(0.001m), ClientOrderId.Create(clientOrderId))
        {
            LimitPrice = new Price(29000.1m),
            PostOnly = true,
        };
}
