using System.CommandLine;
using System.Globalization;
using MarketMaking.Adapters.Kraken;
using MarketMaking.Models;
using MarketMaking.Simulation.Recordings;
using MarketMaking.Simulation.Recordings.Binary;
using MarketMaking.Simulation.Recordings.Binance;
using MarketMaking.Simulation.Recordings.Kraken;
using MarketMaking.Simulation.Verification;

namespace MarketMaking.Cli.Commands;

/// <summary><c>mm book verify</c>: rebuilds books from recordings and checks them against the venue's own checks.</summary>
internal static class BookVerifyCommand
{
    private const int MaxErrorsShown = 20;

    public static Command Create()
    {
        var format = new Option<string>("--format")
        {
            Description = "Recording format: kraken-v2, kraken-v1, binance, tardis (Tardis.dev CSV: incremental_book_L2, book_snapshot_N, trades) or mmev (binary event files of mm convert).",
            Required = true,
        };
        format.AcceptOnlyFromAmong("kraken-v2", "kraken-v1", "binance", "tardis", "mmev");
        var input = new Option<string[]>("--input")
        {
            Description = "A recording file; repeat for several, read in order as one continuous stream.",
            Required = true,
            Arity = ArgumentArity.OneOrMore,
        };
        var depth = new Option<int?>("--depth") { Description = "Levels kept per side (the subscribed depth); default: as recorded." };
        var pricePrecision = new Option<int?>("--price-precision") { Description = "Price decimals of every instrument (with --qty-precision)." };
        var quantityPrecision = new Option<int?>("--qty-precision") { Description = "Quantity decimals of every instrument (with --price-precision)." };

        var command = new Command("verify", "Rebuild order books from recordings and verify checksums, sequencing and top of book.")
        {
            format, input, depth, pricePrecision, quantityPrecision,
        };
        command.SetAction((parseResult, cancellationToken) =>
        {
            var settings = new Settings(
                RecordingSources.ParseFormat(parseResult.GetValue(format)!),
                parseResult.GetValue(input)!,
                parseResult.GetValue(depth),
                parseResult.GetValue(pricePrecision),
                parseResult.GetValue(quantityPrecision));
            return Task.FromResult(Run(settings, Console.Out, Console.Error, cancellationToken));
        });
        return command;
    }

    internal static int Run(Settings settings, TextWriter output, TextWriter errorOutput, CancellationToken cancellationToken)
    {
        if (settings.PricePrecision.HasValue != settings.QuantityPrecision.HasValue)
        {
            errorOutput.WriteLine("error: --price-precision and --qty-precision go together.");
            return 2;
        }

        if (settings.PricePrecision is < 0 or > FixedPoint.MaxScale || settings.QuantityPrecision is < 0 or > FixedPoint.MaxScale
            || settings.Depth is < 0)
        {
            errorOutput.WriteLine($"error: precisions must be 0 to {FixedPoint.MaxScale} and --depth must not be negative.");
            return 2;
        }

        var errors = new List<RecordingError>();
        var reader = RecordingSources.CreateReader(settings.Format, settings.Inputs, errors.Add);
        var verifier = new BookVerifier(new BookVerifierOptions
        {
            CreateSynchronizer = RecordingSources.Synchronizer(settings.Format, settings.Inputs),
            Depth = settings.Depth,
            PricePrecision = settings.PricePrecision,
            QuantityPrecision = settings.QuantityPrecision,
            InferPrecisionFromData = settings.Format != RecordingFormat.KrakenV2 && (settings.Format != RecordingFormat.Binary || settings.Inputs.Select(BinaryRecordingReader.SourceFormat).FirstOrDefault(f => f is not null) != RecordingFormat.KrakenV2),
        });

        var progress = Console.IsErrorRedirected ? null : new ProgressLine(errorOutput);
        long events = 0;
        foreach (var marketEvent in reader.ReadEvents(cancellationToken))
        {
            verifier.Process(marketEvent);
            events++;
            progress?.Report(string.Create(CultureInfo.InvariantCulture, $"{events,14:N0} events read, {errors.Count:N0} errors"));
        }

        progress?.Clear();
        foreach (var error in errors.Take(MaxErrorsShown))
        {
            errorOutput.WriteLine($"error: {error}");
        }

        if (errors.Count > MaxErrorsShown)
        {
            errorOutput.WriteLine($"error: … and {errors.Count - MaxErrorsShown} more");
        }

        WriteReport(output, settings, verifier.Reports, events, errors.Count);
        var failed = errors.Count > 0 || verifier.Reports.Any(report => report.HasFailures);
        output.WriteLine(failed ? "result: FAILED" : "result: OK");
        return failed ? 1 : 0;
    }


    private static void WriteReport(TextWriter output, Settings settings, IReadOnlyList<InstrumentBookReport> reports, long events, int errors)
    {
        output.WriteLine($"mm book verify: {FormatName(settings.Format)}, {settings.Inputs.Count} input file(s), {events:N0} events, {reports.Count} instrument(s)");
        foreach (var report in reports)
        {
            var spec = report.Spec is { } s ? $"precision {s.PricePrecision}/{s.SizePrecision}" : "no book";
            output.WriteLine();
            output.WriteLine($"{report.Instrument} ({report.Venue}, {spec})");
            Line(output, "messages read", report.MessagesRead);
            Line(output, "snapshots applied", report.SnapshotsApplied);
            Line(output, "deltas applied", report.DeltasApplied);
            Line(output, "deltas skipped", report.DeltasSkipped);
            var checksums = report.ChecksumsMatched + report.ChecksumsMismatched;
            output.WriteLine($"  {"checksums matched",-22}{report.ChecksumsMatched,12:N0} of {checksums:N0}");
            Line(output, "checksums mismatched", report.ChecksumsMismatched);
            Line(output, "resyncs", report.Resyncs);
            Line(output, "sequence gaps", report.SequenceGaps);
            Line(output, "crossed books", report.CrossedBooks);
            Line(output, "invalid levels", report.InvalidLevels);
            var tops = report.TopOfBookMatched + report.TopOfBookMismatched;
            output.WriteLine($"  {"top of book matched",-22}{report.TopOfBookMatched,12:N0} of {tops:N0}");
            Line(output, "top of book mismatched", report.TopOfBookMismatched);
            foreach (var problem in report.Problems)
            {
                output.WriteLine($"  ! {problem}");
            }
        }

        if (reports.Count > 1)
        {
            var matched = reports.Sum(report => report.ChecksumsMatched);
            var checkedCount = matched + reports.Sum(report => report.ChecksumsMismatched);
            var topsMatched = reports.Sum(report => report.TopOfBookMatched);
            var topsChecked = topsMatched + reports.Sum(report => report.TopOfBookMismatched);
            output.WriteLine();
            output.WriteLine($"all instruments: checksums matched {matched:N0} of {checkedCount:N0}, top of book matched {topsMatched:N0} of {topsChecked:N0}, "
                + $"sequence gaps {reports.Sum(report => report.SequenceGaps):N0}, crossed books {reports.Sum(report => report.CrossedBooks):N0}");
        }

        output.WriteLine();
        output.WriteLine($"read errors: {errors.ToString("N0", CultureInfo.InvariantCulture)}");
    }

    private static void Line(TextWriter output, string label, long value) =>
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {label,-22}{value,12:N0}"));

    private static string FormatName(RecordingFormat format) => format switch
    {
        RecordingFormat.KrakenV2 => "kraken-v2",
        RecordingFormat.KrakenV1 => "kraken-v1",
        RecordingFormat.Tardis => "tardis",
        RecordingFormat.Binary => "mmev",
        _ => "binance",
    };

    internal sealed record Settings(RecordingFormat Format, IReadOnlyList<string> Inputs, int? Depth, int? PricePrecision, int? QuantityPrecision);
}
