using System.Globalization;
using MarketMaking.Adapters.Bybit;
using MarketMaking.Models;
using MarketMaking.Simulation.BybitProtocol;
using MarketMaking.Simulation.Recordings.Binance;
using MarketMaking.Simulation.Venue;

namespace MarketMaking.Cli.Commands;

/// <summary>
/// <c>mm simulate --protocol bybit-spot|bybit-linear</c>: serves a Binance recording of a bundled symbol over Bybit v5
/// (spot recordings as spot, USD-M perpetual recordings as linear), REST order entry and the public and private streams.
/// </summary>
internal static class SimulateBybit
{
    /// <summary>The Bybit category a <c>--protocol</c> value names, or <see langword="null"/> for another venue.</summary>
    public static BybitCategory? CategoryOf(string protocol) => protocol switch
    {
        "bybit-spot" => BybitCategory.Spot,
        "bybit-linear" => BybitCategory.Linear,
        _ => null,
    };

    public static Task<int> RunAsync(SimulateCommand.Settings settings, BybitCategory category, TextWriter output, TextWriter errorOutput, CancellationToken cancellationToken) =>
        SimulateOverProtocol.RunAsync(settings, "Bybit", async (symbol, events) =>
        {
            if (symbol.Value is not ("BTCUSDT" or "ETHUSDT"))
            {
                return (null, $"the Bybit simulator serves the bundled spot and USD-M recordings (BTCUSDT, ETHUSDT), not {symbol}");
            }

            // Spot books hold quantities on Binance's 8-decimal wire grid; linear ones on the contract step.
            var spec = category == BybitCategory.Spot
                ? InstrumentSpec.FromPrecision(symbol, 2, 8)
                : new InstrumentSpec(symbol, new Price(symbol.Value == "BTCUSDT" ? 0.1m : 0.01m), new Quantity(0.001m), symbol.Value == "BTCUSDT" ? 1 : 2, 3, new Quantity(0.001m), null, 5m);
            var options = new BybitSimulatorOptions { Category = category, Port = settings.Port, Speed = settings.Speed };
            options.Venue.Seed = settings.Seed;
            var server = await BybitSimulatorServer.StartAsync(
                options,
                [new SimulatedInstrument(symbol, spec, AssetId.Create(symbol.Value[..^4]), AssetId.Create("USDT"), book => new BinanceDepthSynchronizer(book))],
                events).ConfigureAwait(false);
            return (new ServedSimulator(
                server,
                [
                    $"Bybit {BybitVenue.WireName(category)} simulator serving {symbol} ({string.Join(", ", settings.Data.Select(Path.GetFileName))})",
                    $"REST       {server.RestBaseUrl}",
                    $"Public WS  {server.PublicWebSocketUrl}",
                    $"Private WS {server.PrivateWebSocketUrl}",
                    $"API key    {options.ApiKey}",
                    $"API secret {options.ApiSecret}   (a simulator credential, not a Bybit one)",
                ],
                token => server.ReplayUntilBookAsync(symbol, token),
                async () => await server.CountBookSubscriptionsAsync().ConfigureAwait(false) > 0,
                token => server.ReplayAsync(cancellationToken: token),
                () => $"Replayed {server.EventsReplayed.ToString("N0", CultureInfo.InvariantCulture)} events{(server.IsReplayComplete ? " (the whole recording)" : string.Empty)}."), null);
        }, output, errorOutput, cancellationToken);
}
