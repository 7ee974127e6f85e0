using MarketMaking.Models;
using MarketMaking.Simulation.Recordings;

namespace MarketMaking.Cli.Commands;

/// <summary>
/// The run of <c>mm simulate</c> over a venue's own protocol (Binance, MEXC, Bybit), serving a Binance recording of a
/// bundled symbol as itself: the recording read, the simulator started and its URLs printed, the book built from the
/// recording's snapshot, a client waited for, the rest replayed, and a summary.
/// </summary>
internal static class SimulateOverProtocol
{
    /// <summary>Runs a simulator.</summary>
    /// <param name="settings">The command's settings.</param>
    /// <param name="venue">The venue's name in messages, such as <c>Binance</c>.</param>
    /// <param name="start">Starts the simulator for the recording's symbol and events, or says why it cannot.</param>
    /// <param name="output">Standard output.</param>
    /// <param name="errorOutput">Standard error.</param>
    /// <param name="cancellationToken">SIGINT/SIGTERM.</param>
    /// <returns>The exit code: 0, 1 for a recording that cannot be read whole, 2 for bad settings.</returns>
    public static async Task<int> RunAsync(
        SimulateCommand.Settings settings,
        string venue,
        Func<InstrumentId, IEnumerable<MarketDataEvent>, Task<(ServedSimulator? Simulator, string? Problem)>> start,
        TextWriter output,
        TextWriter errorOutput,
        CancellationToken cancellationToken)
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
            errorOutput.WriteLine($"error: --symbol {asked}: the recording is of {symbol}, and the {venue} simulator serves it under its own symbol");
            return 2;
        }

        var (simulator, problem) = await start(symbol, SimulateCommand.Prepend(peek.Current, peek)).ConfigureAwait(false);
        if (simulator is null)
        {
            errorOutput.WriteLine($"error: {problem}");
            return 2;
        }

        await using var stopServer = simulator.Server.ConfigureAwait(false);
        foreach (var line in simulator.Lines)
        {
            output.WriteLine(line);
        }

        output.Flush();
        try
        {
            if (!await simulator.ReplayUntilBookAsync(cancellationToken).ConfigureAwait(false))
            {
                errorOutput.WriteLine("error: the recording holds no depth snapshot, so there is no book to serve");
                return 1;
            }

            if (settings.WaitForClient)
            {
                output.WriteLine("Waiting for a client to subscribe to the book...");
                output.Flush();
                while (!await simulator.HasBookClientAsync().ConfigureAwait(false))
                {
                    await Task.Delay(50, cancellationToken).ConfigureAwait(false);
                }
            }

            await simulator.ReplayAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Told below: the replay also returns without throwing when the signal lands between two events.
        }

        if (cancellationToken.IsCancellationRequested)
        {
            output.WriteLine("Stopped.");
        }

        output.WriteLine(simulator.Summary());
        foreach (var error in errors.Take(20))
        {
            errorOutput.WriteLine($"read error: {error}");
        }

        return errors.Count == 0 ? 0 : 1;
    }
}
