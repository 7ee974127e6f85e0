using System.Globalization;
using System.Text.Json;
using MarketMaking.Simulation.Backtesting;

namespace MarketMaking.Simulation.Reporting.Html;

/// <summary>
/// What a report is drawn from: <c>stats.json</c>, <c>equity.csv</c> and <c>fills.csv</c>, read back from a run's output
/// folder (<c>mm report</c>), or, for the run that has just written them, taken from what they were written from, as the
/// files would read back (their parsing was a third of the page's time at the end of a backtest).
/// </summary>
/// <param name="Stats">The run's statistics.</param>
/// <param name="Equity">The equity series: one row a second, or every k-th second of a long run (<see cref="MaxChartPoints"/>).</param>
/// <param name="Fills">Our fills.</param>
internal sealed record ReportInputs(BacktestSummary Stats, IReadOnlyList<EquityRow> Equity, IReadOnlyList<FillRow> Fills)
{
    /// <summary>The most equity rows a chart draws.</summary>
    public const int MaxChartPoints = 4_000;

    /// <summary>Reads a run's output folder.</summary>
    /// <param name="folder">The folder.</param>
    /// <returns>The inputs.</returns>
    /// <exception cref="InvalidDataException">A file is missing or does not parse: the message names the file and line.</exception>
    public static ReportInputs Load(string folder)
    {
        var stats = ReadStats(Path.Combine(folder, BacktestEngine.StatsFile));
        var equity = ReadEquity(Path.Combine(folder, BacktestEngine.EquityFile));
        var fills = ReadCsv(Path.Combine(folder, BacktestEngine.FillsFile), FillsCsv.Header, (row, at) => new FillRow(
            at.Long(row, "ts_event_ns"), at.Text(row, "venue"), at.Text(row, "side") == "buy", at.Decimal(row, "price"),
            at.Decimal(row, "quantity"), at.Decimal(row, "fee"), at.OptionalDecimal(row, "mid")));
        return new ReportInputs(stats, equity, fills);
    }

    /// <summary>
    /// The inputs of a run whose files have just been written, from what they were written from: the rows
    /// <see cref="Load"/> would read back, each decimal as its text reads back (a negative zero, which the text does not
    /// keep, made positive; the scale kept).
    /// </summary>
    /// <param name="stats">The statistics <c>stats.json</c> was written from.</param>
    /// <param name="equity">The samples <c>equity.csv</c> was written from, and how many there are.</param>
    /// <param name="fills">The fills <c>fills.csv</c> was written from.</param>
    /// <returns>The inputs.</returns>
    public static ReportInputs FromRun(BacktestSummary stats, (IEnumerable<EquitySample> Samples, long Count) equity, IReadOnlyList<FillRecord> fills)
    {
        var thinning = new EquityThinning(equity.Count);
        foreach (var s in equity.Samples)
        {
            var net = AsRead(s.NetPnl);
            if (thinning.Next(net) is { } drawdown)
            {
                thinning.Rows.Add(new EquityRow(
                    s.TimeNanoseconds, net, AsRead(s.GrossPnl), drawdown, AsRead(s.NetPosition), AsRead(s.Mid), AsRead(s.BestBid), AsRead(s.BestAsk), AsRead(s.OurBid), AsRead(s.OurAsk)));
            }
        }

        var fillRows = fills.Select(r => new FillRow(
            r.Fill.TsEvent, r.Fill.Venue.Value, r.Fill.Side == Models.Side.Buy, AsRead(r.Fill.Price.Value), AsRead(r.Fill.Quantity.Value), AsRead(r.FeeInQuote), AsRead(r.Mid))).ToList();
        return new ReportInputs(stats, thinning.Rows, fillRows);
    }

    /// <summary>A decimal as its invariant text parses back: the same value and scale, but a zero never negative.</summary>
    private static decimal AsRead(decimal value) => value == 0m ? Math.Abs(value) : value;

    private static decimal? AsRead(decimal? value) => value is { } v ? AsRead(v) : null;

    private static BacktestSummary ReadStats(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<BacktestSummary>(File.Exists(path) ? File.ReadAllText(path) : throw Missing(path), BacktestEngine.JsonOptions)
                ?? throw new InvalidDataException($"{path}: empty");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}:{(e.LineNumber ?? 0) + 1}: not a run's statistics ({e.Message})", e);
        }
    }

    /// <summary>
    /// Reads the equity series, keeping at most <see cref="MaxChartPoints"/> rows (every k-th second, and the last):
    /// a month of seconds would make a page no browser opens. Each kept row's drawdown is the deepest of the rows it
    /// stands for, so that the drawdown chart keeps its worst point.
    /// </summary>
    private static List<EquityRow> ReadEquity(string path)
    {
        var thinning = new EquityThinning(File.Exists(path) ? File.ReadLines(path).Skip(1).Count(l => l.Length > 0) : 0);
        ReadCsv(path, EquityCsv.Header, (row, at) =>
        {
            var net = at.Decimal(row, "net_pnl");
            if (thinning.Next(net) is { } drawdown)
            {
                thinning.Rows.Add(new EquityRow(
                    at.Long(row, "ts_ns"), net, at.Decimal(row, "gross_pnl"), drawdown, at.Decimal(row, "net_position"),
                    at.OptionalDecimal(row, "mid"), at.OptionalDecimal(row, "best_bid"), at.OptionalDecimal(row, "best_ask"),
                    at.OptionalDecimal(row, "our_bid"), at.OptionalDecimal(row, "our_ask")));
            }
        });
        return thinning.Rows;
    }

    private static List<T> ReadCsv<T>(string path, string header, Func<string[], Columns, T> parse)
    {
        var rows = new List<T>();
        ReadCsv(path, header, (row, at) => rows.Add(parse(row, at)));
        return rows;
    }

    /// <summary>Reads a CSV file a line at a time, checking its header and each row's field count.</summary>
    private static void ReadCsv(string path, string header, Action<string[], Columns> take)
    {
        if (!File.Exists(path))
        {
            throw Missing(path);
        }

        var columns = new Columns(path, header.Split(','));
        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            if (++number == 1)
            {
                if (line != header)
                {
                    throw new InvalidDataException($"{path}:1: expected the header \"{header}\"");
                }

                continue;
            }

            if (line.Length == 0)
            {
                continue;
            }

            columns.Line = number;
            var fields = line.Split(',');
            if (fields.Length != columns.Count)
            {
                throw new InvalidDataException($"{path}:{number}: {fields.Length} fields, expected {columns.Count}");
            }

            take(fields, columns);
        }

        if (number == 0)
        {
            throw new InvalidDataException($"{path}:1: empty, expected the header \"{header}\"");
        }
    }

    /// <summary>
    /// Keeps at most <see cref="MaxChartPoints"/> rows of an equity series of a known length (every k-th, and the last),
    /// each kept row with the deepest fall of the net PnL from its running peak over the rows it stands for.
    /// </summary>
    private sealed class EquityThinning(long count)
    {
        private readonly long _stride = Math.Max(1, (count + MaxChartPoints - 1) / MaxChartPoints);
        private decimal _peak;
        private decimal _deepest;
        private long _index;

        public List<EquityRow> Rows { get; } = new((int)Math.Min(count, MaxChartPoints + 1));

        /// <summary>Takes the next row's net PnL.</summary>
        /// <returns>The drawdown to keep the row with, or <see langword="null"/> when it is not kept.</returns>
        public decimal? Next(decimal netPnl)
        {
            _peak = Math.Max(_peak, netPnl);
            _deepest = Math.Min(_deepest, netPnl - _peak);
            if (_index++ % _stride != 0 && _index != count)
            {
                return null;
            }

            var drawdown = _deepest;
            _deepest = 0;
            return drawdown;
        }
    }

    private static InvalidDataException Missing(string path) => new($"{path}: missing (is this a backtest's output folder?)");

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
