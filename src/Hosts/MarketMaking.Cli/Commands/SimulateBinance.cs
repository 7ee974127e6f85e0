using System.Globalization;
using MarketMaking.Adapters.Binance;
using MarketMaking.Models;
using MarketMaking.Simulation.BinanceProtocol;
using MarketMaking.Simulation.Recordings;

namespace MarketMaking.Cli.Commands;

/// <summary>
/// <c>mm simulate --protocol binance-spot|binance-usdm|binance-coinm</c>: serves a Binance recording as itself, in the
/// protocol of the market it was recorded on (market data so far: REST depth and exchange info, the market streams).
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

    public static async Task<int> RunAsync(SimulateCommand.Settings settings, BinanceMarket market, TextWriter output, TextWriter errorOutput, CancellationToken cancellationToken)
    {
        if (settings.Format != RecordingFormat.Binance)
        {
            errorOutput.WriteLine($"error: --protocol {settings.Protocol} serves Binance recordings: use --format binance");
            return 2;
        }

        if (settings.Faults is not null)
        {
            errorOutput.WriteLine("error: --faults is served with --protocol kraken only, for now");
            return 2;
        }

        var errors = new List<RecordingError>();
        var events = RecordingSources.CreateReader(settings.Format, settings.Data, errors.Add).ReadEvents(cancellationToken);
        using var peek = events.GetEnumerator();
        if (!peek.MoveNext())
        {
            errorOutput.WriteLine($"error: no market data could be read from {string.Join(", ", settings.Data)}{(errors.Count > 0 ? $" ({errors[0]})" : string.Empty)}");
            return 1;
        }

        var symbol = peek.Current.Instrument;
        if (settings.Symbol is { } asked && asked != symbol.Value)
        {
            errorOutput.WriteLine($"error: --symbol {asked}: the recording is of {symbol}, and the Binance simulator serves it under its own symbol");
            return 2;
        }

        if (BinanceRecordedInstruments.RulesOf(market, symbol.Value) is null)
        {
            errorOutput.WriteLine($"error: the Binance simulator knows the trading rules of the bundled recordings' symbols only, not {symbol} on {settings.Protocol}");
            return 2;
        }

        var options = new BinanceSimulatorOptions { Market = market, Port = settings.Port, Speed = settings.Speed };
        options.Venue.Seed = settings.Seed;
        var server = await BinanceSimulatorServer.StartAsync(options, [BinanceRecordedInstruments.For(market, symbol.Value)], SimulateCommand.Prepend(peek.Current, peek)).ConfigureAwait(false);
        await using var stopServer = server.ConfigureAwait(false);

        output.WriteLine($"Binance {market} simulator serving {symbol} ({string.Join(", ", settings.Data.Select(Path.GetFileName))})");
        output.WriteLine($"REST       {server.RestBaseUrl}");
        output.WriteLine(market == BinanceMarket.UsdM
            ? $"Streams    {server.StreamBaseUrl}   (USD-M routes by path: /public/stream for depth and book ticker, /market/stream for trades)"
            : $"Streams    {new Uri(server.StreamBaseUrl, "/stream")}");
        output.Flush();

        try
        {
            if (!await server.ReplayUntilBookAsync(symbol, cancellationToken).ConfigureAwait(false))
            {
                errorOutput.WriteLine("error: the recording holds no depth snapshot, so there is no book to serve");
                return 1;
            }

            if (settings.WaitForClient)
            {
                output.WriteLine("Waiting for a client to subscribe to the depth stream...");
                output.Flush();
                while (await server.CountDepthSubscriptionsAsync().ConfigureAwait(false) == 0)
                {
                    await Task.Delay(50, cancellationToken).ConfigureAwait(false);
                }
            }

            await server.ReplayAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Told below: the replay also returns without throwing when the signal lands between two events.
        }

        if (cancellationToken.IsCancellationRequested)
        {
            output.WriteLine("Stopped.");
        }

        output.WriteLine($"Replayed {server.EventsReplayed.ToString("N0", CultureInfo.InvariantCulture)} events{(server.IsReplayComplete ? " (the whole recording)" : string.Empty)}; "
            + $"{server.DepthSnapshotsServed.ToString(CultureInfo.InvariantCulture)} depth snapshots served; {server.RateLimitedRequests.ToString(CultureInfo.InvariantCulture)} requests refused for their weight.");
        foreach (var error in errors.Take(20))
        {
            errorOutput.WriteLine($"read error: {error}");
        }

        return errors.Count == 0 ? 0 : 1;
    }
}
