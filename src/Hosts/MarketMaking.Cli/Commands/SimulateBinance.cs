using System.Globalization;
using MarketMaking.Adapters.Binance;
using MarketMaking.Models;
using MarketMaking.Simulation.BinanceProtocol;

namespace MarketMaking.Cli.Commands;

/// <summary>
/// <c>mm simulate --protocol binance-spot|binance-usdm|binance-coinm</c>: serves a Binance recording as itself, in the
/// protocol of the market it was recorded on (REST market data, order entry and the user data streams, the market
/// streams).
/// </summary>
internal static class SimulateBinance
{
    /// <summary>The Binance market a <c>--protocol</c> value names, or <see langword="null"/> for another venue.</summary>
    public static BinanceMarket? MarketOf(string protocol) => protocol switch
    {
        "binance-spot" => BinanceMarket.Spot,
        "binance-usdm" => BinanceMarket.UsdM,
        "binance-coinm" => BinanceMarket.CoinM,
        _ => null,
    };

    public static Task<int> RunAsync(SimulateCommand.Settings settings, BinanceMarket market, TextWriter output, TextWriter errorOutput, CancellationToken cancellationToken) =>
        SimulateOverProtocol.RunAsync(settings, "Binance", async (symbol, events) =>
        {
            if (BinanceRecordedInstruments.RulesOf(market, symbol.Value) is null)
            {
                return (null, $"the Binance simulator knows the trading rules of the bundled recordings' symbols only, not {symbol} on {settings.Protocol}");
            }

            var options = new BinanceSimulatorOptions { Market = market, Port = settings.Port, Speed = settings.Speed };
            options.Venue.Seed = settings.Seed;
            var server = await BinanceSimulatorServer.StartAsync(options, [BinanceRecordedInstruments.For(market, symbol.Value)], events).ConfigureAwait(false);
            var c = CultureInfo.InvariantCulture;
            return (new ServedSimulator(
                server,
                [
                    $"Binance {market} simulator serving {symbol} ({string.Join(", ", settings.Data.Select(Path.GetFileName))})",
                    $"REST       {server.RestBaseUrl}",
                    market == BinanceMarket.UsdM
                        ? $"Streams    {server.StreamBaseUrl}   (USD-M routes by path: /public/stream for depth and book ticker, /market/stream for trades)"
                        : $"Streams    {new Uri(server.StreamBaseUrl, "/stream")}",
                    $"API key    {options.ApiKey}",
                    $"API secret {options.ApiSecret}   (a simulator credential, not a Binance one)",
                ],
                token => server.ReplayUntilBookAsync(symbol, token),
                async () => await server.CountDepthSubscriptionsAsync().ConfigureAwait(false) > 0,
                token => server.ReplayAsync(cancellationToken: token),
                () => $"Replayed {server.EventsReplayed.ToString("N0", c)} events{(server.IsReplayComplete ? " (the whole recording)" : string.Empty)}; "
                    + $"{server.DepthSnapshotsServed.ToString(c)} depth snapshots served; {server.RateLimitedRequests.ToString(c)} requests refused for their weight."), null);
        }, output, errorOutput, cancellationToken);
}
