using System.Globalization;
using MarketMaking.Models;
using MarketMaking.Simulation.MexcProtocol;

namespace MarketMaking.Cli.Commands;

/// <summary>
/// <c>mm simulate --protocol mexc-spot</c>: serves a Binance spot recording of a bundled symbol under MEXC's rules for
/// it (price precision 2, quantity precision 8, minimum notional 1 USDT), over MEXC Spot's REST API and protobuf
/// WebSocket.
/// </summary>
internal static class SimulateMexc
{
    /// <summary>The protocol's <c>--protocol</c> value.</summary>
    public const string Protocol = "mexc-spot";

    public static Task<int> RunAsync(SimulateCommand.Settings settings, TextWriter output, TextWriter errorOutput, CancellationToken cancellationToken) =>
        SimulateOverProtocol.RunAsync(settings, "MEXC", async (symbol, events) =>
        {
            if (MexcRecordedInstruments.RulesOf(symbol.Value) is null)
            {
                return (null, $"the MEXC simulator serves the bundled spot recordings (BTCUSDT, ETHUSDT) under MEXC's rules, not {symbol}");
            }

            var options = new MexcSimulatorOptions { Port = settings.Port, Speed = settings.Speed };
            options.Venue.Seed = settings.Seed;
            var server = await MexcSimulatorServer.StartAsync(
                options,
                [MexcRecordedInstruments.For(symbol.Value)],
                events).ConfigureAwait(false);
            var c = CultureInfo.InvariantCulture;
            return (new ServedSimulator(
                server,
                [
                    $"MEXC Spot simulator serving {symbol} ({string.Join(", ", settings.Data.Select(Path.GetFileName))})",
                    $"REST       {server.RestBaseUrl}",
                    $"WebSocket  {server.WebSocketUrl}   (the user stream: ?listenKey=)",
                    $"API key    {options.ApiKey}",
                    $"API secret {options.ApiSecret}   (a simulator credential, not a MEXC one)",
                ],
                token => server.ReplayUntilBookAsync(symbol, token),
                async () => await server.CountDepthSubscriptionsAsync().ConfigureAwait(false) > 0,
                token => server.ReplayAsync(cancellationToken: token),
                () => $"Replayed {server.EventsReplayed.ToString("N0", c)} events{(server.IsReplayComplete ? " (the whole recording)" : string.Empty)}; "
                    + $"{server.DepthSnapshotsServed.ToString(c)} depth snapshots served."), null);
        }, output, errorOutput, cancellationToken);
}
