using System.Globalization;
using System.Text.Json;
using MarketMaking.Simulation.Backtesting;

namespace MarketMaking.Simulation.Reporting.Html;

/// <summary>
/// What a report is drawn from, read back from a run's output folder: <c>stats.json</c>, <c>equity.csv</c> and
/// <c>fills.csv</c>. The report is always rebuilt from these files (after a backtest and by <c>mm report</c>), so that
/// what it shows is what the files say.
/// </summary>
/// <param name="Stats">The run's statistics.</param>
/// <param name="Equity">The equity series, one row a second.</param>
/// <param name="Fills">Our fills.</param>
internal sealed record ReportInputs(BacktestSummary Stats, IReadOnlyList<EquityRow> Equity, IReadOnlyList<FillRow> Fills)
{
    /// <summary>Reads a run's output folder.</summary>
    /// <param name="folder">The folder.</param>
    /// <returns>The inputs.</returns>
    /// <exception cref="InvalidDataException">A file is missing or does not parse: the message names the file and line.</exception>
    public static ReportInputs Load(string folder)
    {
        var statsPath = Path.Combine(folder, BacktestEngine.StatsFile);
        BacktestSummary stats;
        try
        {
            stats = JsonSerializer.Deserialize<BacktestSummary>(Read(statsPath), BacktestEngine.JsonOptions)
                ?? throw new InvalidDataException($"{statsPath}: empty");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{statsPath}:{(e.LineNumber ?? 0) + 1}: not a run's statistics ({e.Message})", e);
        }

        var equity = ReadCsv(Path.Combine(folder, BacktestEngine.EquityFile), EquityCsv.Header, (row, at) => new EquityRow(
            at.Long(row, "ts_ns"), at.Decimal(row, "net_pnl"), at.Decimal(row, "gross_pnl"), at.Decimal(row, "net_position"),
            at.OptionalDecimal(row, "mid"), at.OptionalDecimal(row, "best_bid"), at.OptionalDecimal(row, "best_ask"),
            at.OptionalDecimal(row, "our_bid"), at.OptionalDecimal(row, "our_ask")));
        var fills = ReadCsv(Path.Combine(folder, BacktestEngine.FillsFile), FillsCsv.Header, (row, at) => new FillRow(
            at.Long(row, "ts_event_ns"), at.Text(row, "venue"), at.Text(row, "side") == "buy", at.Decimal(row, "price"),
            at.Decimal(row, "quantity"), at.Decimal(row, "fee"), at.OptionalDecimal(row, "mid")));
        return new ReportInputs(stats, equity, fills);
    }

    private static string Read(string path) =>
        File.Exists(path) ? File.ReadAllText(path) : throw new InvalidDataException($"{path}: missing (is this a backtest's output folder?)");

    private static List<T> ReadCsv<T>(string path, string header, Func<string[], Columns, T> parse)
    {
        var lines = Read(path).Split('\n');
        if (lines[0].TrimEnd('\r') != header)
        {
            throw new InvalidDataException($"{path}:1: expected the header \"{header}\"");
        }

        var columns = new Columns(path, header.Split(','));
        var rows = new List<T>(lines.Length);
        for (var i = 1; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (line.Length == 0)
            {
                continue;
            }

            columns.Line = i + 1;
            var fields = line.Split(',');
            if (fields.Length != columns.Count)
            {
                throw new InvalidDataException($"{path}:{i + 1}: {fields.Length} fields, expected {columns.Count}");
            }

            rows.Add(parse(fields, columns));
        }

        return rows;
    }

    /// <summary>Finds and parses a row's fields by column name, naming the file and line when one does not parse.</summary>
    private sealed class Columns(string path, string[] names)
    {
        public int Count => names.Length;

        public int Line { get; set; }

        public string Text(string[] row, string name) => row[Array.IndexOf(names, name)];

        public long Long(string[] row, string name) =>
            long.TryParse(Text(row, name), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value : throw Bad(name, row);

        public decimal Decimal(string[] row, string name) => OptionalDecimal(row, name) ?? throw Bad(name, row);

        public decimal? OptionalDecimal(string[] row, string name)
        {
            var text = Text(row, name);
            return text.Length == 0 ? null
                : decimal.TryParse(text, NumberStyles.Number | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var value) ? value
                : throw Bad(name, row);
        }

        private InvalidDataException Bad(string name, string[] row) =>
            new($"{path}:{Line}: {name} \"{Text(row, name)}\" is not a number");
    }
}
