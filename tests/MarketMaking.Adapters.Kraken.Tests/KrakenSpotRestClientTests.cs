using System.Text;
using MarketMaking.Adapters.Kraken.Tests.Loopback;
using MarketMaking.Models;
using MarketMaking.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace MarketMaking.Adapters.Kraken.Tests;

public sealed class KrakenSpotRestClientTests
{
    private const string ApiKey = "test-api-key-DO-NOT-LOG";

    // Any Base64 works as a secret for a loopback server that does not check signatures.
    private static readonly string s_apiSecret = Convert.ToBase64String(Encoding.UTF8.GetBytes("test-secret-DO-NOT-LOG-0123456789"));

    private static readonly InstrumentId s_btcUsd = InstrumentId.Create("BTC/USD");

    private readonly FakeTimeProvider _clock = new(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));

    private KrakenSpotRestClient CreateSut(LoopbackServer server, HttpClient http, ILogger<KrakenSpotRestClient>? logger = null) =>
        new(http, new KrakenOptions { RestBaseUrl = server.BaseAddress, ApiKey = ApiKey, ApiSecret = s_apiSecret }, _clock, logger);

    private static Task Answer(HttpContext context, string body)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(body);
    }

    private static string Fixture(string name) => File.ReadAllText(RepoPaths.Fixture($"kraken/{name}"));

    /// <summary>Lets loopback I/O run while moving the fake clock, until the call completes.</summary>
    private async Task<T> RunAsync<T>(Task<T> call, TimeSpan step)
    {
        for (var i = 0; i < 10_000 && !call.IsCompleted; i++)
        {
            _clock.Advance(step);
            await Task.Delay(1);
        }

        return await call;
    }

    /// <summary>The same for an order-entry call (awaited once, as a <see cref="Task{TResult}"/>).</summary>
    private Task<T> RunAsync<T>(ValueTask<T> call, TimeSpan step) => RunAsync(call.AsTask(), step);

    [Test]
    public async Task PrivateCall_RateLimitedRepeatedly_WaitsForTheCountersDecayBeforeEachAttempt_AndKeepsTheCircuitClosed()
    {
        var attemptTimes = new List<DateTimeOffset>();
        await using var server = await LoopbackServer.StartAsync(context =>
        {
            lock (attemptTimes)
            {
                attemptTimes.Add(_clock.GetUtcNow());
            }

            return Answer(context, """{"error":["EAPI:Rate limit exceeded"]}""");
        });
        using var http = new HttpClient();
        var sut = CreateSut(server, http);

        var first = await RunAsync(sut.GetBalancesAsync(), TimeSpan.FromMilliseconds(20));
        var requestsAfterFirst = server.CountOf("/0/private/BalanceEx");
        var second = await RunAsync(sut.GetBalancesAsync(), TimeSpan.FromMilliseconds(20));
        var gaps = attemptTimes.Zip(attemptTimes.Skip(1), (a, b) => b - a).ToArray();

        // Kraken's counter outlives our restarts; its refusal says it is full. At Starter it drains one call in 3.03 s.
        using (Assert.EnterMultipleScope())
        {
            Assert.That(first.Error!.Kind, Is.EqualTo(VenueErrorKind.RateLimited));
            Assert.That(first.Error.VenueCode, Is.EqualTo("EAPI:Rate limit exceeded"));
            Assert.That(requestsAfterFirst, Is.EqualTo(4), "the first call and its 3 retries");
            Assert.That(second.Error!.Kind, Is.EqualTo(VenueErrorKind.RateLimited), "the venue's answer again: the circuit did not open");
            Assert.That(server.CountOf("/0/private/BalanceEx"), Is.EqualTo(8));
            Assert.That(gaps, Has.All.GreaterThanOrEqualTo(TimeSpan.FromSeconds(3)), "no attempt before the counter had room for it, the next call's included");
            Assert.That(sut.Health("private"), Is.EqualTo(VenueHealth.Healthy), "a venue that says 'wait' is up");
        }
    }

    [Test]
    public async Task PrivateCall_VenueUnavailableRepeatedly_OpensTheCircuit_AndTheNextCallIsNotSent()
    {
        await using var server = await LoopbackServer.StartAsync(context => Answer(context, """{"error":["EService:Unavailable"]}"""));
        using var http = new HttpClient();
        var sut = CreateSut(server, http);

        var first = await RunAsync(sut.GetBalancesAsync(), TimeSpan.FromMilliseconds(20));
        var second = await RunAsync(sut.GetBalancesAsync(), TimeSpan.FromMilliseconds(20));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(first.Error!.Kind, Is.EqualTo(VenueErrorKind.ServiceUnavailable));
            Assert.That(second.Error!.Kind, Is.EqualTo(VenueErrorKind.CircuitOpen), "the breaker refuses without sending");
            Assert.That(second.Error.NotSent, Is.True);
            Assert.That(server.CountOf("/0/private/BalanceEx"), Is.EqualTo(4), "the first call and its 3 retries; nothing more");
            Assert.That(sut.Health("private"), Is.EqualTo(VenueHealth.Unavailable));
            Assert.That(sut.Health("public"), Is.EqualTo(VenueHealth.Healthy));
        }
    }

    [Test]
    public async Task PlaceOrder_NoAnswer_EndsAsUnknownOutcomeWithoutRetrying()
    {
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            if (context.Request.Path == "/0/public/AssetPairs")
            {
                await Answer(context, Fixture("rest-assetpairs-xbtusd.json"));
                return;
            }

            // The order reaches the venue and the answer never comes.
            await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
        });
        using var http = new HttpClient();
        var sut = CreateSut(server, http);
        var request = new OrderRequest(s_btcUsd, Side.Buy, OrderType.Limit, Quantity.Parse("0.01"), ClientOrderId.Create("mm-1"))
        {
            LimitPrice = Price.Parse("30000.0"),
            PostOnly = true,
        };

        var result = await RunAsync(sut.PlaceOrderAsync(request), TimeSpan.FromMilliseconds(250));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Outcome, Is.EqualTo(VenueOutcome.Unknown));
            Assert.That(result.IsOutcomeUnknown, Is.True);
            Assert.That(result.Error!.Kind, Is.EqualTo(VenueErrorKind.Timeout));
            Assert.That(server.CountOf("/0/private/AddOrder"), Is.EqualTo(1), "an order whose fate is unknown is never resent");
        }
    }

    [Test]
    public async Task PlaceOrder_Accepted_SendsKrakensFieldsAndReadsTheOrderId()
    {
        string? body = null;
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            if (context.Request.Path == "/0/public/AssetPairs")
            {
                await Answer(context, Fixture("rest-assetpairs-xbtusd.json"));
                return;
            }

            using var reader = new StreamReader(context.Request.Body);
            body = await reader.ReadToEndAsync();
            await Answer(context, Fixture("rest-addorder-success.json"));
        });
        using var http = new HttpClient();
        var sut = CreateSut(server, http);
        var request = new OrderRequest(s_btcUsd, Side.Sell, OrderType.Limit, Quantity.Parse("0.25"), ClientOrderId.Create("mm-7"))
        {
            LimitPrice = Price.Parse("30010.5"),
            PostOnly = true,
        };

        var result = await RunAsync(sut.PlaceOrderAsync(request), TimeSpan.FromMilliseconds(10));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Value!.VenueOrderId, Is.EqualTo(VenueOrderId.Create("OUF4EM-FRGI2-MQMWZD")));
            Assert.That(sut.TradingCounters.Current(s_btcUsd), Is.EqualTo(1).Within(0.2), "the add was charged to the pair's counter");
            Assert.That(body, Does.Match("^nonce=17[0-9]{17}&pair=XBTUSD&ordertype=limit&type=sell&volume=0.25&price=30010.5&oflags=post&timeinforce=GTC&cl_ord_id=mm-7$"));
        }
    }

    [Test]
    public async Task PlaceOrder_InvalidRequest_IsRefusedBeforeSending()
    {
        await using var server = await LoopbackServer.StartAsync(context => Answer(context, Fixture("rest-assetpairs-xbtusd.json")));
        using var http = new HttpClient();
        var sut = CreateSut(server, http);
        var tooLongId = new OrderRequest(s_btcUsd, Side.Buy, OrderType.Limit, Quantity.Parse("1"), ClientOrderId.Create("a-client-id-longer-than-18"))
        {
            LimitPrice = Price.Parse("1"),
        };

        var result = await RunAsync(sut.PlaceOrderAsync(tooLongId), TimeSpan.FromMilliseconds(10));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Error!.Kind, Is.EqualTo(VenueErrorKind.InvalidRequest));
            Assert.That(result.Error.Message, Does.Contain("18 characters"));
            Assert.That(server.CountOf("/0/private/AddOrder"), Is.Zero);
            Assert.That(sut.TradingCounters.Current(s_btcUsd), Is.Zero);
        }
    }

    [Test]
    public async Task AuthenticatedSession_LogsNeitherKeySecretSignatureNorToken()
    {
        var signatures = new List<string>();
        await using var server = await LoopbackServer.StartAsync(context =>
        {
            if (context.Request.Headers.TryGetValue("API-Sign", out var sign))
            {
                lock (signatures)
                {
                    signatures.Add(sign.ToString());
                }
            }

            return context.Request.Path.Value switch
            {
                "/0/public/AssetPairs" => Answer(context, Fixture("rest-assetpairs-xbtusd.json")),
                "/0/private/GetWebSocketsToken" => Answer(context, Fixture("rest-getwebsocketstoken.json")),
                "/0/private/AddOrder" => Answer(context, Fixture("rest-addorder-error-insufficient-funds.CONSTRUCTED.json")),
                _ => Answer(context, Fixture("rest-balanceex.json")),
            };
        });
        using var http = new HttpClient();
        using var logs = new CapturingLoggerProvider();
        using var factory = LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        var sut = CreateSut(server, http, factory.CreateLogger<KrakenSpotRestClient>());

        var token = await RunAsync(sut.GetWebSocketsTokenAsync(), TimeSpan.FromMilliseconds(10));
        await RunAsync(sut.GetBalancesAsync(), TimeSpan.FromMilliseconds(10));
        var rejected = await RunAsync(
            sut.PlaceOrderAsync(new OrderRequest(s_btcUsd, Side.Buy, OrderType.Limit, Quantity.Parse("1"), ClientOrderId.Create("mm-2")) { LimitPrice = Price.Parse("1") }),
            TimeSpan.FromMilliseconds(10));
        var secrets = new[] { ApiKey, s_apiSecret, token.Value!.Token }.Concat(signatures).ToArray();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(rejected.Error!.Kind, Is.EqualTo(VenueErrorKind.InsufficientFunds));
            Assert.That(signatures, Has.Count.EqualTo(3));
            Assert.That(logs.Lines, Is.Not.Empty, "the session was logged");
            Assert.That(logs.Lines.Where(line => secrets.Any(line.Contains)), Is.Empty);
        }
    }

    [TestCase("http://example.com", "plain http://")]
    [TestCase("ftp://127.0.0.1", "must use https://")]
    public void Constructor_NonLoopbackPlainUrl_IsRefused(string url, string expected)
    {
        using var http = new HttpClient();

        Assert.That(
            () => new KrakenSpotRestClient(http, new KrakenOptions { RestBaseUrl = new Uri(url) }, _clock),
            Throws.TypeOf<Microsoft.Extensions.Options.OptionsValidationException>().With.Message.Contains(expected));
    }
}
