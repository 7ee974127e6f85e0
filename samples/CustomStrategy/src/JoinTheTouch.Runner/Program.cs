// Runs JoinTheTouchStrategy with the real Kraken adapter against the venue simulator replaying a real recording,
// composed from the MarketMaking packages' AddXxx methods, and prints a summary at the end of the recording.
// Usage: dotnet run --project src/JoinTheTouch.Runner -- [recording.gz] [speed]
using JoinTheTouch;
using MarketMaking.Adapters.Kraken;
using MarketMaking.Models;
using MarketMaking.Oms;
using MarketMaking.Simulation.KrakenProtocol;
using MarketMaking.Simulation.Recordings;
using MarketMaking.Simulation.Venue;
using MarketMaking.Strategies;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

var recording = args.Length > 0 ? args[0] : Path.Combine(AppContext.BaseDirectory, "../../../../../../../data/hftbacktest-binance-2024-08/spot_btcusdt_20240808.gz");
var speed = args.Length > 1 ? double.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 0;
if (!File.Exists(recording))
{
    Console.Error.WriteLine($"error: recording {recording} not found");
    return 2;
}

// The venue: the Kraken-protocol simulator on loopback, serving the recording as BTC/USDT.
var served = InstrumentSpec.FromPrecision(InstrumentId.Create("BTC/USDT"), 2, 8);
var simulator = new KrakenSimulatorOptions { Speed = speed, EnforceRateLimits = false };
var events = RecordingSources.CreateReader(RecordingFormat.Binance, [recording], _ => { }).ReadEvents();
await using var server = await KrakenSimulatorServer.StartAsync(
    simulator,
    [new SimulatedInstrument(InstrumentId.Create("BTCUSDT"), served, AssetId.Create("BTC"), AssetId.Create("USDT"), RecordingSources.Synchronizer(RecordingFormat.Binance))],
    events);

// The stack, registered with the host builder: OMS, the Kraken adapter pointed at the simulator, our strategy.
var builder = Host.CreateApplicationBuilder();
builder.Logging.ClearProviders().AddSimpleConsole(console => console.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
builder.Services
    .AddOms(builder.Configuration)
    .AddKrakenSpot(options =>
    {
        options.RestBaseUrl = server.RestBaseUrl;
        options.PublicWebSocketUrl = server.PublicWebSocketUrl;
        options.PrivateWebSocketUrl = server.PrivateWebSocketUrl;
        options.ApiKey = simulator.ApiKey;
        options.ApiSecret = simulator.ApiSecret;
        options.ModelTradingCounter = false;
        options.DeadManSwitchRefreshInterval = TimeSpan.Zero;
    })
    .AddStrategy(_ => new JoinTheTouchStrategy(KrakenVenue.Id, served.Instrument, quoteSize: 0.001m, inventoryCap: 0.005m));
using var host = builder.Build();
var provider = host.Services;

var orders = provider.GetRequiredService<OrderManager>();
var ws = provider.GetRequiredService<KrakenSpotWsClient>();
provider.GetRequiredService<BookKeeper>().Track(KrakenVenue.Id, served, depth: 10);
orders.RegisterExchange(KrakenVenue.Id, ws);
var engine = provider.GetRequiredService<StrategyEngine>();
await engine.StartAsync(CancellationToken.None);
await ws.StartAsync();
await ws.SubscribeBookAsync(served.Instrument, 10);

// Replay the whole recording, then stop: the strategy cancels its orders.
while (!server.IsReplayComplete)
{
    await server.ReplayAsync(200);
    await Task.Delay(10);
}

await engine.StopStrategiesAsync(CancellationToken.None);
await ws.StopAsync();
await engine.StopAsync(CancellationToken.None);

var strategy = (JoinTheTouchStrategy)engine.Strategies[0];
var resting = server.Venue.Engines[served.Instrument].RestingOrders.Count;
Console.WriteLine($"JoinTheTouch on {served.Instrument}: replayed {server.EventsReplayed} events (the whole recording: {server.IsReplayComplete})");
Console.WriteLine($"  {orders.Summary()}");
Console.WriteLine($"  fills {strategy.Fills}, position {strategy.Position} BTC (cap ±{strategy.InventoryCap}), orders left at the venue {resting}");
return strategy.Fills > 0 && resting == 0 ? 0 : 1;
