using MarketMaking.Models;
using MarketMaking.Simulation.Recordings;
using MarketMaking.Simulation.Recordings.Binance;
using MarketMaking.Simulation.Recordings.Binary;
using MarketMaking.Simulation.Recordings.Tardis;
using MarketMaking.Simulation.Venue;
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

    [Test]
    public void TheTimestampScan_ListsTheTimestampsOfTheEventsARead_Gives_WholeCutShortOrCorrupt()
    {
        var source = Read(new HftBacktestRecordingReader([RepoPaths.Data("hftbacktest-binance-2024-08/usdm_btcusdt_20240808.gz")], Fail));
        var whole = Path.Combine(_folder, "events.mmev");
        var starts = Write(whole, source);
        var bytes = File.ReadAllBytes(whole);
        var tradeAt = source.FindIndex(e => e is Trade);
        var deltaAt = source.FindIndex(2_000, e => e is BookDelta { Bids.Length: > 0 });

        // Cut inside the 3,000th event; a trade's quantity made negative; a delta's first bid price given scale 29.
        var cut = Path.Combine(_folder, "cut.mmev");
        File.WriteAllBytes(cut, bytes[..(int)(starts[2_999] + 10)]);
        var negative = Path.Combine(_folder, "negative.mmev");
        var negativeBytes = (byte[])bytes.Clone();
        BitConverter.TryWriteBytes(negativeBytes.AsSpan((int)starts[tradeAt] + 1 + 2 + 16 + 9), -1L);
        File.WriteAllBytes(negative, negativeBytes);
        var scale = Path.Combine(_folder, "scale.mmev");
        var scaleBytes = (byte[])bytes.Clone();
        var flags = scaleBytes[(int)starts[deltaAt] + 1 + 2 + 16];
        scaleBytes[(int)starts[deltaAt] + 1 + 2 + 16 + 1 + (8 * System.Numerics.BitOperations.PopCount(flags & 63u)) + 8 + 8] = 29;
        File.WriteAllBytes(scale, scaleBytes);

        foreach (var (path, events) in new[] { (whole, source.Count), (cut, 2_999), (negative, tradeAt), (scale, deltaAt) })
        {
            var errors = new List<RecordingError>();
            var reader = new BinaryRecordingReader([path], errors.Add);
            var read = reader.ReadEvents().Select(e => (e.TsEvent, e.TsInit)).ToList();
            var reported = errors.Count;
            var scanned = ((ITimestampScan)reader.ReadEvents()).Timestamps().ToList();

            using (Assert.EnterMultipleScope())
            {
                Assert.That(read, Has.Count.EqualTo(events), $"{Path.GetFileName(path)}: the events read");
                Assert.That(scanned, Is.EqualTo(read), $"{Path.GetFileName(path)}: the timestamps scanned");
                Assert.That(errors, Has.Count.EqualTo(reported), "the scan reports nothing");
            }
        }
    }

    [Test]
    public void AVenuesTimeline_FromTheTimestampScansOffset_IsTheOneFromTheFirstEventsRead()
    {
        var path = Path.Combine(_folder, "events.mmev");
        Write(path, Read(new HftBacktestRecordingReader([RepoPaths.Data("hftbacktest-binance-2024-08/usdm_btcusdt_20240808.gz")], Fail)));
        var events = new BinaryRecordingReader([path], Fail).ReadEvents();
        var served = new HashSet<InstrumentId> { InstrumentId.Create("BTCUSDT") };
        var end = events.ElementAt(50_000).TsInit;

        // Scanned (the binary file, or its span up to a time) against read (the same events without the scan).
        foreach (var (scanned, read) in new[] { (events, events.Select(e => e)), (RecordingSpan.Until(events, end), events.TakeWhile(e => e.TsInit <= end)) })
        {
            Assert.That(scanned, Is.InstanceOf<ITimestampScan>());
            var fromScan = new RecordingTimeline(scanned, Latency.FeedLatency.Recorded, served, passOver: true).Select(t => (t.Event.TsInit, t.VenueTime, t.PassedOver)).ToList();
            var fromRead = new RecordingTimeline(read, Latency.FeedLatency.Recorded, served, passOver: true).Select(t => (t.Event.TsInit, t.VenueTime, t.PassedOver)).ToList();

            Assert.That(fromScan, Is.EqualTo(fromRead));
            Assert.That(fromScan.Count(t => t.VenueTime < t.TsInit), Is.GreaterThan(10_000), "the feed latency as recorded: most events act before they are received");
        }
    }

    /// <summary>Writes events to a binary file and returns where each one's record starts.</summary>
    private static List<long> Write(string path, IEnumerable<MarketDataEvent> events)
    {
        var starts = new List<long>();
        using var file = File.Create(path);
        using var writer = new BinaryEventWriter(file, RecordingFormat.Binance);
        foreach (var marketData in events)
        {
            // The first event follows its symbol's definition: a kind, an index, and the venue and instrument as text.
            var start = file.Position + (starts.Count == 0 ? 1 + 2 + 1 + marketData.Venue.Value.Length + 1 + marketData.Instrument.Value.Length : 0);
            writer.Write(marketData);
            starts.Add(start);
        }

        return starts;
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
