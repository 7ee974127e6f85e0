using System.IO.Compression;
using MarketMaking.Models;
using MarketMaking.Simulation.Recordings;
using MarketMaking.Simulation.Recordings.Tardis;
using MarketMaking.Testing;

namespace MarketMaking.Simulation.Tests;

/// <summary>
/// Tardis.dev CSV files read into events: the three samples (values checked against their rows), files merged by
/// receive time, the book kept by <see cref="TardisBookSynchronizer"/>, and bad rows and files reported with file and line.
/// </summary>
public sealed class TardisCsvRecordingReaderTests
{
    private static readonly string s_deribitBook = RepoPaths.Fixture("tardis/tardis_deribit_incremental_book_L2_BTC-PERPETUAL.csv");
    private static readonly string s_bitmexTrades = RepoPaths.Fixture("tardis/tardis_bitmex_trades_XBTUSD.csv");
    private static readonly string s_binanceTop25 = RepoPaths.Fixture("tardis/tardis_binance-futures_book_snapshot_25_BTCUSDT.csv");
    private string _directory = null!;

    [SetUp]
    public void SetUp() => _directory = Directory.CreateTempSubdirectory("mm-tardis-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_directory, recursive: true);

    [Test]
    public void IncrementalBookL2_TheSnapshotRowsAreOneSnapshot_InTheirOrder_WithBothTimestampsInNanoseconds()
    {
        var errors = new List<RecordingError>();

        var events = new TardisCsvRecordingReader([s_deribitBook], errors.Add).ReadEvents().ToList();

        var snapshot = events.Single() as BookSnapshot;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(errors, Is.Empty);
            Assert.That(snapshot, Is.Not.Null);
            Assert.That(snapshot!.Venue, Is.EqualTo(VenueId.Create("deribit")), "the row's exchange");
            Assert.That(snapshot.Instrument, Is.EqualTo(InstrumentId.Create("BTC-PERPETUAL")));
            Assert.That(snapshot.TsEvent, Is.EqualTo(1_585_699_200_245_000_000L));
            Assert.That(snapshot.TsInit, Is.EqualTo(1_585_699_200_355_684_000L));
            Assert.That(snapshot.Bids, Is.Empty);
            Assert.That(snapshot.Asks, Has.Length.EqualTo(15));
            Assert.That(snapshot.Asks[0], Is.EqualTo(new BookLevel(new Price(6421.5m), new Quantity(18640m))));
            Assert.That(snapshot.Asks[^1], Is.EqualTo(new BookLevel(new Price(6428.5m), new Quantity(39950m))));
        }
    }

    [Test]
    public void Trades_EachRowATrade_WithTheTakersSideAndItsId()
    {
        var errors = new List<RecordingError>();

        var trades = new TardisCsvRecordingReader([s_bitmexTrades], errors.Add).ReadEvents().Cast<Trade>().ToList();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(errors, Is.Empty);
            Assert.That(trades, Has.Count.EqualTo(10));
            Assert.That(trades[0].TradeId, Is.EqualTo(TradeId.Create("ccc3c1fa-212c-e8b0-1706-9b9c4f3d5ecf")));
            Assert.That(trades[0].AggressorSide, Is.EqualTo(Side.Sell));
            Assert.That(trades[0].Price, Is.EqualTo(new Price(8531.5m)));
            Assert.That(trades[0].Quantity, Is.EqualTo(new Quantity(2152m)));
            Assert.That(trades[0].TsEvent, Is.EqualTo(1_583_020_803_145_000_000L));
            Assert.That(trades[0].TsInit, Is.EqualTo(1_583_020_803_307_160_000L));
            Assert.That(trades.Sum(t => t.Quantity.Value), Is.EqualTo(2161m), "2,152 then nine of 1");
        }
    }

    [Test]
    public void BookSnapshot25_EachRowATop25Snapshot_BestFirstOnBothSides()
    {
        var errors = new List<RecordingError>();

        var snapshots = new TardisCsvRecordingReader([s_binanceTop25], errors.Add).ReadEvents().Cast<BookSnapshot>().ToList();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(errors, Is.Empty);
            Assert.That(snapshots, Has.Count.EqualTo(10));
            Assert.That(snapshots, Has.All.Property(nameof(BookSnapshot.Bids)).Property("Length").EqualTo(25));
            Assert.That(snapshots[0].Asks[0], Is.EqualTo(new BookLevel(new Price(11657.08m), new Quantity(1.714m))));
            Assert.That(snapshots[0].Bids[0], Is.EqualTo(new BookLevel(new Price(11657.07m), new Quantity(10.896m))));
            Assert.That(snapshots[0].Bids[1], Is.EqualTo(new BookLevel(new Price(11656.97m), new Quantity(0.2m))));
            Assert.That(snapshots[2].Asks[0].Quantity, Is.EqualTo(new Quantity(1.476m)), "the third row's best ask shrank");
        }
    }

    [Test]
    public void UpdatesAreGroupedByLocalTimestamp_ANewSnapshotReplacesTheBook_AndUpdatesBeforeTheFirstSnapshotAreDropped()
    {
        var file = Write("book.csv", """
            exchange,symbol,timestamp,local_timestamp,is_snapshot,side,price,amount
            deribit,BTC-PERPETUAL,1,5,false,bid,99,1
            deribit,BTC-PERPETUAL,10,20,true,bid,100,2
            deribit,BTC-PERPETUAL,10,20,true,ask,101,3
            deribit,BTC-PERPETUAL,11,30,false,bid,100,0
            deribit,BTC-PERPETUAL,11,30,false,bid,99.5,4
            deribit,BTC-PERPETUAL,12,40,false,ask,101,5
            deribit,BTC-PERPETUAL,13,50,true,bid,90,1
            deribit,BTC-PERPETUAL,13,50,true,ask,95,1
            """);
        var errors = new List<RecordingError>();
        var book = new OrderBook(InstrumentSpec.FromPrecision(InstrumentId.Create("BTC-PERPETUAL"), 1, 0));
        var synchronizer = new TardisBookSynchronizer(book);
        var tops = new List<(BookUpdateDisposition, decimal?, decimal?)>();

        var events = new TardisCsvRecordingReader([file], errors.Add).ReadEvents().ToList();
        foreach (var marketEvent in events)
        {
            var result = marketEvent is BookSnapshot snapshot ? synchronizer.OnSnapshot(snapshot) : synchronizer.OnDelta((BookDelta)marketEvent);
            tops.Add((result.Disposition, book.BestBid?.Price.Value, book.BestAsk?.Price.Value));
        }

        using (Assert.EnterMultipleScope())
        {
            Assert.That(errors, Is.Empty);
            Assert.That(events.Select(e => e.GetType().Name), Is.EqualTo(new[] { "BookDelta", "BookSnapshot", "BookDelta", "BookDelta", "BookSnapshot" }));
            Assert.That(((BookDelta)events[2]).Bids, Has.Length.EqualTo(2), "the two rows of local time 30 are one update");
            Assert.That(tops, Is.EqualTo(new (BookUpdateDisposition, decimal?, decimal?)[]
            {
                (BookUpdateDisposition.SkippedOutOfSync, null, null),
                (BookUpdateDisposition.Applied, 100m, 101m),
                (BookUpdateDisposition.Applied, 99.5m, 101m),
                (BookUpdateDisposition.Applied, 99.5m, 101m),
                (BookUpdateDisposition.Applied, 90m, 95m),
            }));
            Assert.That(book.BidDepth, Is.EqualTo(1), "the second snapshot replaced every level");
        }
    }

    [Test]
    public void SeveralFiles_AreMergedByReceiveTime_TiesInTheOrderGiven_AndGzipIsRead()
    {
        var trades = WriteGzip("trades.csv.gz", """
            exchange,symbol,timestamp,local_timestamp,id,side,price,amount
            deribit,BTC-PERPETUAL,1,15,t1,buy,101,1
            deribit,BTC-PERPETUAL,2,20,t2,unknown,100,1
            """);
        var book = Write("book.csv", """
            exchange,symbol,timestamp,local_timestamp,is_snapshot,side,price,amount
            deribit,BTC-PERPETUAL,10,10,true,bid,100,2
            deribit,BTC-PERPETUAL,11,20,false,bid,100,1
            """);
        var errors = new List<RecordingError>();

        var events = new TardisCsvRecordingReader([book, trades], errors.Add).ReadEvents().ToList();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(errors, Is.Empty);
            Assert.That(events.Select(e => (e.GetType().Name, e.TsInit / 1_000)), Is.EqualTo(new[] { ("BookSnapshot", 10L), ("Trade", 15L), ("BookDelta", 20L), ("Trade", 20L) }));
            Assert.That(((Trade)events[3]).AggressorSide, Is.EqualTo(Side.Unspecified), "unknown");
        }
    }

    [Test]
    public void BadRows_AreReportedWithFileAndLine_AndSkipped_AnUnknownHeaderSkipsTheFile_AndATruncatedGzipIsReported()
    {
        var bad = Write("bad.csv", """
            exchange,symbol,timestamp,local_timestamp,id,side,price,amount
            bitmex,XBTUSD,1,2,a,sell,8531.5,1
            bitmex,XBTUSD,1,2,b,sideways,8531.5,1
            bitmex,XBTUSD,1,2,c,sell,8531.5
            bitmex,XBTUSD,1,x,d,sell,8531.5,1
            bitmex,XBTUSD,1,3,e,buy,abc,1
            bitmex,XBTUSD,1,3,g,buy,8532,0
            bitmex,XBTUSD,1,4,f,buy,8532,2
            """);
        var unknown = Write("quotes.csv", """
            exchange,symbol,timestamp,local_timestamp,ask_amount,ask_price,bid_price,bid_amount
            deribit,BTC-PERPETUAL,1,2,1,2,1,1
            """);
        var full = File.ReadAllBytes(WriteGzip("full.csv.gz", string.Join('\n', ["exchange,symbol,timestamp,local_timestamp,id,side,price,amount", .. Enumerable.Range(1, 5_000).Select(i => $"bitmex,ETHUSD,{i},{i},id{i},buy,8531.5,1")])));
        var truncated = Path.Combine(_directory, "truncated.csv.gz");
        File.WriteAllBytes(truncated, full[..(full.Length / 2)]);
        var errors = new List<RecordingError>();

        var events = new TardisCsvRecordingReader([bad, unknown, truncated], errors.Add).ReadEvents().ToList();

        using (Assert.EnterMultipleScope())
        {
            // Files are read side by side (merged by receive time): their errors interleave.
            Assert.That(errors.Where(e => e.File != truncated).Select(e => e.ToString()), Is.EquivalentTo(new[]
            {
                $"{bad}:3: side 'sideways' is not buy, sell or unknown",
                $"{bad}:4: Expected 8 columns as in the header, found 7",
                $"{bad}:5: local_timestamp 'x' is not µs since the Unix epoch",
                $"{bad}:6: price 'abc' is not a number",
                $"{bad}:7: amount '0' is not a positive number",
                $"{unknown}:1: Unknown Tardis.dev CSV data type: the readers know incremental_book_L2, book_snapshot_N and trades",
            }));
            Assert.That(errors.Where(e => e.File == truncated).Select(e => e.Message), Has.Exactly(1).Contains("truncated or corrupt"));
            Assert.That(events.OfType<Trade>().Count(t => t.Instrument == InstrumentId.Create("XBTUSD") && t.TsInit < 10_000), Is.EqualTo(2), "the good rows a and f kept");
            Assert.That(events.Count(e => e.Instrument == InstrumentId.Create("ETHUSD")), Is.GreaterThan(100), "the truncated file's rows before the cut were read");
        }
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, text + "\n");
        return path;
    }

    private string WriteGzip(string name, string text)
    {
        var path = Path.Combine(_directory, name);
        using var file = File.Create(path);
        using var gzip = new GZipStream(file, CompressionLevel.Optimal);
        gzip.Write(System.Text.Encoding.UTF8.GetBytes(text + "\n"));
        return path;
    }
}
