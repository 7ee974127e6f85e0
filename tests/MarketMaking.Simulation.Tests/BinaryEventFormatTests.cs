using MarketMaking.Models;
using MarketMaking.Simulation.Recordings;
using MarketMaking.Simulation.Recordings.Binance;
using MarketMaking.Simulation.Recordings.Binary;
using MarketMaking.Simulation.Recordings.Tardis;
using MarketMaking.Testing;

namespace MarketMaking.Simulation.Tests;

/// <summary>The binary event format: every event of real recordings back exactly as read, and bad files reported.</summary>
public sealed class BinaryEventFormatTests
{
    private string _folder = null!;

    [SetUp]
    public void SetUp() => _folder = Directory.CreateTempSubdirectory("mm-mmev-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_folder, recursive: true);

    [Test]
    public void TheBinanceUsdmRecording_ReadsBackEventForEvent_ValuesAndScalesIncluded()
    {
        var source = Read(new HftBacktestRecordingReader([RepoPaths.Data("hftbacktest-binance-2024-08/usdm_btcusdt_20240808.gz")], Fail));

        var (converted, levelsAndTrades) = RoundTrip(source, RecordingFormat.Binance);

        Assert.That(converted, Has.Count.EqualTo(source.Count));
        for (var i = 0; i < source.Count; i++)
        {
            Assert.That(Describe(converted[i]), Is.EqualTo(Describe(source[i])), $"event {i}");
        }

        Assert.That(levelsAndTrades, Is.EqualTo(466_834), "the snapshot's levels, every delta's level changes, and the trades");
        Assert.That(BinaryRecordingReader.SourceFormat(Path.Combine(_folder, "events.mmev")), Is.EqualTo(RecordingFormat.Binance));
    }

    [Test]
    public void TheTardisSamples_ReadBackEventForEvent_TextTradeIdsIncluded()
    {
        var source = Read(new TardisCsvRecordingReader(
            [.. new[] { "tardis_binance-futures_book_snapshot_25_BTCUSDT.csv", "tardis_deribit_incremental_book_L2_BTC-PERPETUAL.csv", "tardis_bitmex_trades_XBTUSD.csv" }.Select(f => RepoPaths.Fixture($"tardis/{f}"))],
            Fail));

        var (converted, _) = RoundTrip(source, RecordingFormat.Tardis);

        Assert.That(converted.Select(Describe), Is.EqualTo(source.Select(Describe)));
        Assert.That(converted.OfType<Trade>().First().TradeId.Value, Is.EqualTo("ccc3c1fa-212c-e8b0-1706-9b9c4f3d5ecf"), "a text trade id kept as text");
    }

    [Test]
    public void ATruncatedFile_IsReportedWithTheRecordCut_AndTheEventsBeforeItAreKept()
    {
        var source = Read(new HftBacktestRecordingReader([RepoPaths.Data("hftbacktest-binance-2024-08/spot_btcusdt_20240808.gz")], Fail)).Take(500).ToList();
        RoundTrip(source, RecordingFormat.Binance);
        var path = Path.Combine(_folder, "events.mmev");
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^7]);

        var errors = new List<RecordingError>();
        var events = Read(new BinaryRecordingReader([path], errors.Add));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(events.Select(Describe), Is.EqualTo(source.Take(499).Select(Describe)), "all but the cut event");
            Assert.That(errors.Select(e => e.ToString()), Is.EqualTo(new[] { $"{path}:{500 + 1}: Cut short inside this record (truncated file)" }), "record 501: a symbol record, then 500 events");
        }
    }

    [Test]
    public void AFileOfAnotherFormat_IsReportedAndSkipped_AndTheNextFileIsRead()
    {
        var text = Path.Combine(_folder, "not.mmev");
        File.WriteAllText(text, "exchange,symbol,timestamp\n");
        var source = Read(new HftBacktestRecordingReader([RepoPaths.Data("hftbacktest-binance-2024-08/spot_btcusdt_20240808.gz")], Fail)).Take(20).ToList();
        RoundTrip(source, RecordingFormat.Binance);

        var errors = new List<RecordingError>();
        var events = Read(new BinaryRecordingReader([text, Path.Combine(_folder, "events.mmev")], errors.Add));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(errors.Select(e => e.ToString()), Is.EqualTo(new[] { $"{text}: Not a binary event file (it does not start with MMEV, or is of a version after 1): convert it with mm convert" }));
            Assert.That(events, Has.Count.EqualTo(20), "the next file read whole");
            Assert.That(BinaryRecordingReader.SourceFormat(text), Is.Null);
        }
    }

    private (List<MarketDataEvent> Events, long LevelChangesAndTrades) RoundTrip(IEnumerable<MarketDataEvent> source, RecordingFormat format)
    {
        var path = Path.Combine(_folder, "events.mmev");
        long levels;
        using (var file = File.Create(path))
        using (var writer = new BinaryEventWriter(file, format))
        {
            foreach (var marketData in source)
            {
                Assert.That(writer.Write(marketData), Is.True, marketData.GetType().Name);
            }

            levels = writer.LevelChangesAndTrades;
        }

        return (Read(new BinaryRecordingReader([path], Fail)), levels);
    }

    private static List<MarketDataEvent> Read(IMarketDataRecordingReader reader) => [.. reader.ReadEvents()];

    private static void Fail(RecordingError error) => Assert.Fail(error.ToString());

    /// <summary>An event as text, every field and each decimal's scale (0.00100000 is not 0.001) in it.</summary>
    private static string Describe(MarketDataEvent e) => e switch
    {
        BookSnapshot s => $"snapshot {Common(s)} last={s.LastUpdateId} crc={s.Checksum} depth={s.Depth} {Levels(s.Bids)} | {Levels(s.Asks)}",
        BookDelta d => $"delta {Common(d)} U={d.FirstUpdateId} u={d.FinalUpdateId} pu={d.PreviousFinalUpdateId} crc={d.Checksum} {Levels(d.Bids)} | {Levels(d.Asks)}",
        Trade t => $"trade {Common(t)} {t.Price.Value} {t.Quantity.Value} {t.AggressorSide} {t.TradeId.Value}",
        TopOfBook b => $"top {Common(b)} u={b.UpdateId} {b.BidPrice.Value} {b.BidQuantity.Value} {b.AskPrice.Value} {b.AskQuantity.Value}",
        _ => $"other {e}",
    };

    private static string Common(MarketDataEvent e) => $"{e.Venue.Value} {e.Instrument.Value} {e.TsEvent} {e.TsInit}";

    private static string Levels(System.Collections.Immutable.ImmutableArray<BookLevel> levels) => string.Join(' ', levels.Select(l => $"{l.Price.Value}x{l.Quantity.Value}"));
}
