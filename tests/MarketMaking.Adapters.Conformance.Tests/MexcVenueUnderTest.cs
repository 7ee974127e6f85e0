using MarketMaking.Adapters.Mexc;
using MarketMaking.Models;
using MarketMaking.Simulation.MexcProtocol;
using MarketMaking.Testing;
using Microsoft.Extensions.Logging;

namespace MarketMaking.Adapters.Conformance.Tests;

/// <summary>
/// The MEXC Spot adapter as a user composes it (the REST client for order entry and queries, the WebSocket client for
/// the book and the listen key's user stream), against the MEXC-protocol simulator replaying spot BTCUSDT under MEXC's
/// rules for it (price precision 2, quantity precision 8, minimum notional 1 USDT).
/// </summary>
internal sealed class MexcVenueUnderTest : ConformanceVenue
{
    private const string Key = "mx0conformancekey3f9a";
    private const string Secret = "conformance-secret-8c1d2e3f4a5b";
    private readonly MexcSimulatorServer _server;
    private readonly ILoggerFactory _loggerFactory;
    private readonly HttpClient _http = new();
    private readonly MexcSpotRestClient _rest;
    private readonly MexcSpotWsClient _ws;

    private MexcVenueUnderTest(MexcSimulatorServer server, TimeProvider clock)
    {
        _server = server;
        _loggerFactory = LoggerFactory.Create(builder => builder.SetMinimumLevel(LogLevel.Trace).AddProvider(Logs));
        var options = new MexcSpotOptions
        {
            RestBaseUrl = server.RestBaseUrl,
            WebSocketUrl = server.WebSocketUrl,
            ApiKey = Key,
            ApiSecret = Secret,
            TradingPipeline = new VenuePipelineOptions { AttemptTimeout = TimeSpan.FromMilliseconds(500), TotalTimeout = TimeSpan.FromSeconds(2), MaxRetryAttempts = 0 },
        };
        options.Symbols.Add(Instrument.Value);
        _rest = new MexcSpotRestClient(_http, options, clock, _loggerFactory.CreateLogger<MexcSpotRestClient>());
        _ws = new MexcSpotWsClient(options, Events, clock, _rest, _loggerFactory);
    }

    public override InstrumentId Instrument { get; } = InstrumentId.Create("BTCUSDT");

    public override ISpotOrderEntry Orders => _rest;

    public override decimal Tick => 0.01m;

    public override Quantity OrderQuantity { get; } = Quantity.Parse("0.0002");

    public override IReadOnlyList<string> Secrets { get; } = [Key, Secret];

    public override int UserStreamSubscriptions => _server.UserStreamSubscriptions;

    /// <summary>MEXC does not document a refusal: its simulator takes a crossing post-only order and cancels it at once.</summary>
    public override bool RefusesCrossingPostOnly => false;

    public static async Task<MexcVenueUnderTest> StartAsync(ConformanceFaults faults)
    {
        var options = new MexcSimulatorOptions
        {
            ApiKey = Key,
            ApiSecret = Secret,
            OrderAnswerDelay = faults == ConformanceFaults.SlowAnswers ? TimeSpan.FromSeconds(1) : TimeSpan.Zero,

            // One order request a second: the first goes through, the next meets MEXC's 429.
            OrderRequestsPerSecond = faults == ConformanceFaults.RateLimited ? 1 : 50,
        };
        var server = await MexcSimulatorSetup.StartBtcUsdtAsync(options);
        return new MexcVenueUnderTest(server, ConformanceClocks.For(faults));
    }

    public override async Task StartUserStreamAsync()
    {
        await _ws.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var subscribed = await _ws.SubscribeUserStreamAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.That(subscribed.IsSuccess, Is.True, subscribed.Error?.ToString());
    }

    public override async Task SubscribeBookAsync()
    {
        await _ws.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var subscribed = await _ws.SubscribeBookAsync(Instrument, 100);
        Assert.That(subscribed.IsSuccess, Is.True, subscribed.Error?.ToString());
    }

    public override Task<(decimal Bid, decimal Ask)> TouchAsync() => _server.ReadAsync(venue => TouchOf(venue, Instrument));

    public override Task<IReadOnlyList<string>> RestingAsync() => _server.ReadAsync(venue => RestingOf(venue, Instrument));

    public override Task<decimal?> RestingPriceAsync(string clientOrderId) => _server.ReadAsync(venue => RestingPriceOf(venue, Instrument, clientOrderId));

    public override Task ReplayAsync(int events) => _server.ReplayAsync(events);

    public override void DropConnections() => _server.DropConnections();

    public override Task InjectBookGapAsync() => _server.SkipDepthPushesAsync(1);

    public override async ValueTask DisposeAsync()
    {
        await _ws.DisposeAsync();
        _http.Dispose();
        await _server.DisposeAsync();
        _loggerFactory.Dispose();
    }
}
