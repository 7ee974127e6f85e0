using System.CommandLine;
using System.Globalization;
using MarketMaking.Simulation.Recordings;
using MarketMaking.Simulation.Recordings.Binary;

namespace MarketMaking.Cli.Commands;

/// <summary>
/// <c>mm convert</c>: reads recordings in any format the readers know and writes them as one binary event file
/// (<c>.mmev</c>, <see cref="BinaryRecordingReader"/>), which backtests read without parsing text again.
/// </summary>
/// <remarks>Exit codes: 0 written; 1 some lines could not be read (each printed with its file and line; the file holds
/// the rest); 2 bad arguments, or a value the format cannot hold (nothing kept).</remarks>
internal static class ConvertCommand
{
    public static Command Create()
    {
        var input = new Option<string[]>("--input") { Description = "A recording; repeat for several (one stream, in the order given; Tardis files merged by time).", Required = true };
        var format = new Option<string>("--format") { Description = "Their format: binance, kraken-v2, kraken-v1 or tardis.", DefaultValueFactory = _ => "binance" };
        format.AcceptOnlyFromAmong([.. RecordingSources.FormatNames, "tardis"]);
        var output = new Option<string>("--output") { Description = "The binary event file written (replaced).", Required = true };
        var command = new Command("convert", "Convert recordings to the binary event format (.mmev) that backtests read fastest.") { input, format, output };
        command.SetAction((parseResult, cancellationToken) => Task.FromResult(Run(
            parseResult.GetValue(input) ?? [],
            RecordingSources.ParseFormat(parseResult.GetValue(format)!),
            parseResult.GetValue(output)!,
            Console.Out,
            Console.Error,
            cancellationToken)));
        return command;
    }

    internal static int Run(IReadOnlyList<string> inputs, RecordingFormat format, string output, TextWriter standardOutput, TextWriter errorOutput, CancellationToken cancellationToken)
    {
        var errors = new List<RecordingError>();
        var temporary = output + ".tmp";
        long read = 0, written, levelsAndTrades;
        try
        {
            using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
            using (var writer = new BinaryEventWriter(file, format))
            {
                foreach (var marketData in RecordingSources.CreateReader(format, inputs, errors.Add).ReadEvents(cancellationToken))
                {
                    read++;
                    writer.Write(marketData);
                }

                written = writer.Events;
                levelsAndTrades = writer.LevelChangesAndTrades;
            }

            File.Move(temporary, output, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or OverflowException)
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }

            errorOutput.WriteLine($"error: {output}: {e.Message}");
            return 2;
        }

        foreach (var error in errors.Take(20))
        {
            errorOutput.WriteLine($"error: {error}");
        }

        standardOutput.WriteLine(string.Create(CultureInfo.InvariantCulture, $"mm convert: {read:N0} events read from {inputs.Count} file(s), {written:N0} written to {output} ({new FileInfo(output).Length:N0} bytes); {levelsAndTrades:N0} price-level changes and trades"));
        return errors.Count > 0 ? 1 : 0;
    }
}
