using MarketMaking.Models;
using MarketMaking.Simulation.Backtesting;
using MarketMaking.Simulation.Reporting;
using MarketMaking.Simulation.Reporting.Html;

namespace MarketMaking.Simulation.Tests;

/// <summary>
/// A backtest draws its page from what its files were written from; <c>mm report</c> draws it from the files. Both
/// must give the same rows, down to each decimal's bits, or the two pages would differ.
/// </summary>
public sealed class ReportInputsTests
{
    private static readonly decimal s_negativeZero = -1.50m + 1.50m;
    private string _folder = null!;

    [SetUp]
    public void SetUp() => _folder = Directory.CreateTempSubdirectory("mm-report-inputs-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_folder, recursive: true);

    [TestCase(345, TestName = "FromTheRun_GivesTheRowsTheFilesReadBack_BitForBit(345 seconds: every row)")]
    [TestCase(8_123, TestName = "FromTheRun_GivesTheRowsTheFilesReadBack_BitForBit(8,123 seconds: every third row and the last)")]
    public void FromTheRun_GivesTheRowsTheFilesReadBack_BitForBit(int seconds)
    {
        Assume.That(decimal.IsNegative(s_negativeZero) && s_negativeZero == 0m, "a sum can give a negative zero, which the text does not keep");
        var random = new Random(7);
        decimal Price() => Math.Round(60_000m + (random.Next(-50_000, 50_000) / 100m), random.Next(0, 3));
        decimal? Optional(decimal value) => random.Next(10) == 0 ? null : value;
        var samples = Enumerable.Range(0, seconds).Select(i => new EquitySample(
            1_723_075_200_000_000_000L + (i * 1_000_000_000L),
            i % 5 == 0 ? s_negativeZero : Math.Round((decimal)Math.Sin(i / 30.0) * 40m, 6),
            i % 7 == 0 ? 0.000m : random.Next(-1_000, 1_000) / 1_000m,
            i % 3 == 0 ? decimal.Negate(0.00000000m) : random.Next(-50, 50) / 10_000m,
            Optional(Price()), Optional(Price()), Optional(Price()), Optional(s_negativeZero), Optional(Price()))).ToList();
        var fills = Enumerable.Range(0, 200).Select(i => new FillRecord(
            new FillEvent(VenueId.Create(i % 2 == 0 ? "kraken" : "mexc"), InstrumentId.Create("BTC/USDT"), VenueOrderId.Create($"O-{i}"), TradeId.Create($"T-{i}"), i % 3 == 0 ? Side.Sell : Side.Buy, new Price(Price()), new Quantity(0.0010m), 1_723_075_200_000_000_000L + i, 1_723_075_200_000_000_000L + i),
            i % 4 == 0 ? s_negativeZero : -0.00000125m * i,
            Optional(Price()),
            Restored: false)).ToList();
        var stats = Summary();
        EquityCsv.Write(Path.Combine(_folder, BacktestEngine.EquityFile), samples);
        using (var file = ReportFile.CreateText(Path.Combine(_folder, BacktestEngine.FillsFile)))
        {
            FillsCsv.WriteTo(file, fills);
        }

        File.WriteAllText(Path.Combine(_folder, BacktestEngine.StatsFile), System.Text.Json.JsonSerializer.Serialize(stats, BacktestEngine.JsonOptions));

        var fromRun = ReportInputs.FromRun(stats, (samples, samples.Count), fills);
        var fromFiles = ReportInputs.Load(_folder);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(fromRun.Equity.Select(Bits), Is.EqualTo(fromFiles.Equity.Select(Bits)));
            Assert.That(fromRun.Fills.Select(Bits), Is.EqualTo(fromFiles.Fills.Select(Bits)));
            Assert.That(fromRun.Equity, Has.Count.EqualTo(Math.Min(seconds, 345)).Or.Count.EqualTo(2_709), "every row, or every third and the last");
        }
    }

    /// <summary>A row's members with each decimal as its four ints (sign and scale included), which equality between decimals ignores.</summary>
    private static string Bits<T>(T row) where T : notnull =>
        string.Join("; ", typeof(T).GetProperties().Select(p => p.GetValue(row) switch
        {
            decimal d => string.Join(",", decimal.GetBits(d)),
            null => "null",
            var other => other.ToString(),
        }));

    private static BacktestSummary Summary() => new()
    {
        Strategies = ["market-maker"], QuotedVenue = "kraken", StartNanoseconds = 0, EndNanoseconds = 1, EventsReplayed = new Dictionary<string, long>(),
        Orders = new OrderCounts(0, 0, 0, 0, 0), Fills = 0, Venues = [], Totals = new PnlTotals(0, 0, 0, 0, 0, 0), OpenOrdersAtEnd = 0, KillSwitchTrips = [],
        Markouts = [], Statistics = new RunStatistics(1_000, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
    };
}
