using System.CommandLine;
using System.Globalization;
using System.Net.Sockets;
using MarketMaking.Simulation.Venue;
using MarketMaking.Adapters.Kraken;
using MarketMaking.Models;
using MarketMaking.Simulation.KrakenProtocol;
using MarketMaking.Simulation.Recordings;
using MarketMaking.Simulation.Recordings.Binance;

namespace MarketMaking.Cli.Commands;

/// <summary>
/// <c>mm simulate</c>: serves a recording on loopback over Kraken's REST and WebSocket v2 protocols, or over one
/// Binance market's (<see cref="SimulateBinance"/>), MEXC Spot's (<see cref="SimulateMexc"/>) or a Bybit category's
/// (<see cref="SimulateBybit"/>), so that a client of that venue (this project's adapter, or any other) runs against it.
/// </summary>
internal static class SimulateCommand
{
    public static Command Create()
    {
        var protocol = new Option<string>("--protocol", "--venue") { Description = "The protocol served: kraken; binance-spot, binance-usdm or binance-coinm (Binance recordings served as themselves); mexc-spot; bybit-spot or bybit-linear.", DefaultValueFactory = _ => "kraken" };
        protocol.AcceptOnlyFromAmong("kraken", "binance-spot", "binance-usdm", "binance-coinm", SimulateMexc.Protocol, "bybit-spot", "bybit-linear");
        var data = new Option<string[]>("--data") { Description = "A recording file; repeat for several, replayed in order.", Required = true, Arity = ArgumentArity.OneOrMore };
        var format = new Option<string>("--format") { Description = "Recording format.", DefaultValueFactory = _ => "binance" };
        format.AcceptOnlyFromAmong([.. RecordingSources.FormatNames]);
        var symbol = new Option<string?>("--symbol") { Description = "Kraken: the instrument as served, BASE/QUOTE (for example BTC/USDT), required. Binance: the recording's symbol, served as itself." };
        var pricePrecision = new Option<int>("--price-precision") { Description = "Price decimals (the tick is one unit of the last).", DefaultValueFactory = _ => 2 };
        var quantityPrecision = new Option<int>("--qty-precision") { Description = "Quantity decimals (the lot is one unit of the last).", DefaultValueFactory = _ => 8 };
        var speed = new Option<double>("--speed") { Description = "Replay speed as a multiple of real time; 0 replays as fast as clients take the data.", DefaultValueFactory = _ => 1.0 };
        var port = new Option<int>("--port") { Description = "Loopback port; 0 picks a free one.", DefaultValueFactory = _ => 0 };
        var seed = new Option<int>("--seed") { Description = "Seed of every random draw (latency jitter, faults).", DefaultValueFactory = _ => 1 };
        var faults = new Option<string?>("--faults") { Description = "Faults to inject, key=value pairs separated by commas (for example disconnect-every=20000,rate-limit=0.02)." };
        var waitForClient = new Option<bool>("--wait-for-client") { Description = "Start the replay only once a client subscribes to the book.", DefaultValueFactory = _ => true };

        var command = new Command("simulate", "Serve a recording on loopback over Kraken's REST and WebSocket v2 protocols, or Binance's, MEXC's or Bybit's.")
        {
            protocol, data, format, symbol, pricePrecision, quantityPrecision, speed, port, seed, faults, waitForClient,
        };
        command.SetAction((parseResult, cancellationToken) => RunAsync(
            new Settings(
                parseResult.GetValue(protocol)!,
                parseResult.GetValue(data)!,
                RecordingSources.ParseFormat(parseResult.GetValue(format)!),
                parseResult.GetValue(symbol),
                parseResult.GetValue(pricePrecision),
                parseResult.GetValue(quantityPrecision),
                parseResult.GetValue(speed),
                parseResult.GetValue(port),
                parseResult.GetValue(seed),
                parseResult.GetValue(faults),
                parseResult.GetValue(waitForClient)),
            Console.Out,
            Console.Error,
            cancellationToken));
        return command;
    }

    internal static async Task<int> RunAsync(Settings settings, TextWriter output, TextWriter errorOutput, CancellationToken cancellationToken)
    {
        if (Problem(settings) is { } problem)
        {
            errorOutput.WriteLine($"error: {problem}");
            return 2;
        }

        try
        {
            return await ServeAsync(settings, output, errorOutput, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (settings.Port != 0 && BindRefusal(exception) is { } reason)
        {
            // Kestrel throws from the server's start, before anything is served: the port is a bad argument.
            errorOutput.WriteLine($"error: --port {settings.Port} cannot be used on 127.0.0.1 ({reason}); pick another, or 0 for a free one");
            return 2;
        }
    }

    /// <summary>Why the loopback port could not be bound (in use, or not allowed), when that is what the exception says.</summary>
    private static string? BindRefusal(Exception exception)
    {
        for (var cause = exception; cause is not null; cause = cause.InnerException)
        {
            if (cause is SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse or SocketError.AccessDenied } socket)
            {
                return socket.Message;
            }
        }

        return null;
    }

    private static async Task<int> ServeAsync(Settings settings, TextWriter output, TextWriter errorOutput, CancellationToken cancellationToken)
    {
        if (SimulateBinance.MarketOf(settings.Protocol) is { } market)
        {
            return await SimulateBinance.RunAsync(settings, market, output, errorOutput, cancellationToken).ConfigureAwait(false);
        }

        if (settings.Protocol == SimulateMexc.Protocol)
        {
            return await SimulateMexc.RunAsync(settings, output, errorOutput, cancellationToken).ConfigureAwait(false);
        }

        if (SimulateBybit.CategoryOf(settings.Protocol) is { } category)
        {
            return await SimulateBybit.RunAsync(settings, category, output, errorOutput, cancellationToken).ConfigureAwait(false);
        }

        SimulatorFaultOptions faults;
        try
        {
            faults = SimulatorFaultOptions.Parse(settings.Faults);
        }
        catch (FormatException exception)
        {
            errorOutput.WriteLine($"error: --faults: {exception.Message}");
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

        var served = InstrumentId.Create(settings.Symbol!);
        var assets = settings.Symbol!.Split('/');
        var instrument = new SimulatedInstrument(
            peek.Current.Instrument,
            InstrumentSpec.FromPrecision(served, settings.PricePrecision, settings.QuantityPrecision),
            AssetId.Create(assets[0]),
            AssetId.Create(assets[1]),
            RecordingSources.Synchronizer(settings.Format));
        var options = new KrakenSimulatorOptions { Port = settings.Port, Speed = settings.Speed, Faults = faults };
        options.Venue.Seed = settings.Seed;
        var server = await KrakenSimulatorServer.StartAsync(options, [instrument], Prepend(peek.Current, peek)).ConfigureAwait(false);
        await using var stopServer = server.ConfigureAwait(false);

        output.WriteLine($"Kraken simulator serving {served} from {peek.Current.Instrument} ({string.Join(", ", settings.Data.Select(Path.GetFileName))})");
        output.WriteLine($"REST       {server.RestBaseUrl}");
        output.WriteLine($"WebSocket  {server.PublicWebSocketUrl}");
        output.WriteLine($"Private WS {server.PrivateWebSocketUrl}");
        output.WriteLine($"API key    {options.ApiKey}");
        output.WriteLine($"API secret {options.ApiSecret}   (a simulator credential, not a Kraken one)");
        output.Flush();

        try
        {
            if (settings.WaitForClient)
            {
                output.WriteLine("Waiting for a client to subscribe to the book...");
                output.Flush();
                while (server.BookSubscriptionCount == 0)
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

        PrintSummary(server, output);
        foreach (var error in errors.Take(20))
        {
            errorOutput.WriteLine($"read error: {error}");
        }

        return errors.Count == 0 ? 0 : 1;
    }

    private static string? Problem(Settings settings)
    {
        var assets = settings.Symbol?.Split('/') ?? [];
        if (settings.Protocol == "kraken" && (assets.Length != 2 || assets.Any(string.IsNullOrWhiteSpace)))
        {
            return settings.Symbol is null ? "--symbol is required with --protocol kraken (BASE/QUOTE, such as BTC/USDT)" : $"--symbol '{settings.Symbol}' must be BASE/QUOTE, such as BTC/USDT";
        }

        if (settings.PricePrecision is < 0 or > FixedPoint.MaxScale || settings.QuantityPrecision is < 0 or > FixedPoint.MaxScale)
        {
            return $"precisions must be 0 to {FixedPoint.MaxScale}";
        }

        if (settings.Speed < 0 || double.IsNaN(settings.Speed))
        {
            return "--speed must be 0 (as fast as possible) or positive";
        }

        return settings.Port is < 0 or > 65535 ? "--port must be 0 to 65535" : null;
    }

    internal static IEnumerable<MarketDataEvent> Prepend(MarketDataEvent first, IEnumerator<MarketDataEvent> rest)
    {
        yield return first;
        while (rest.MoveNext())
        {
            yield return rest.Current;
        }
    }

    private static void PrintSummary(KrakenSimulatorServer server, TextWriter output)
    {
        var account = server.Venue.Accounts.Values.Single();
        var engine = server.Venue.Engines.Values.Single();
        output.WriteLine($"Replayed {server.EventsReplayed.ToString("N0", CultureInfo.InvariantCulture)} events{(server.IsReplayComplete ? " (the whole recording)" : string.Empty)}; "
            + $"{server.BookFramesSent.ToString("N0", CultureInfo.InvariantCulture)} book messages sent; {engine.RestingOrders.Count} orders resting.");
        var faults = server.InjectedFaults;
        output.WriteLine("Faults injected: " + (faults.Count == 0 ? "none" : string.Join(", ", faults.Select(f => $"{f.Key} {f.Value.ToString(CultureInfo.InvariantCulture)}"))));
        output.WriteLine("Balances: " + string.Join(", ", account.Totals.OrderBy(t => t.Key.Value, StringComparer.Ordinal).Select(t => $"{t.Key} {t.Value.ToString(CultureInfo.InvariantCulture)}")));
    }

    internal sealed record Settings(
        string Protocol,
        IReadOnlyList<string> Data,
        RecordingFormat Format,
        string? Symbol,
        int PricePrecision,
        int QuantityPrecision,
        double Speed,
        int Port,
        int Seed,
        string? Faults,
        bool WaitForClient);
}
