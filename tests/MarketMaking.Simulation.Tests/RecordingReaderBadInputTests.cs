using System.IO.Compression;
using System.Text;
using MarketMaking.Adapters.Kraken;
using MarketMaking.Models;
using MarketMaking.Simulation.Recordings;
using MarketMaking.Simulation.Recordings.Binance;
using MarketMaking.Simulation.Recordings.Kraken;
using MarketMaking.Simulation.Verification;
using MarketMaking.Testing;

namespace MarketMaking.Simulation.Tests;

public sealed class RecordingReaderBadInputTests
{
    private string _directory = null!;

    [SetUp]
    public void SetUp() => _directory = Directory.CreateTempSubdirectory("mm-recordings-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_directory, recursive: true);

    [Test]
    public void HftBacktest_TruncatedGzip_ReportsFileAndKeepsEarlierLinesAndNextFile()
    {
        var lines = ReadGzipLines(RepoPaths.Data("hftbacktest-binance-2024-08/spot_btcusdt_20240808.gz"), 2000);
        var full = WriteGzip("full.gz", lines);
        var bytes = File.ReadAllBytes(full);
        var truncated = Path.Combine(_directory, "truncated.gz");
        File.WriteAllBytes(truncated, bytes[..(bytes.Length / 2)]);
        var next = WriteGzip("next.gz", lines[..50]);
        var errors = new List<RecordingError>();

        var events = new HftBacktestRecordingReader([truncated, next], errors.Add).ReadEvents().ToList();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(errors.Select(e => e.File), Is.All.EqualTo(truncated));
            Assert.That(errors[^1].Message, Does.Contain("truncated or corrupt"));
            Assert.That(events, Has.Count.GreaterThan(500), "lines before the truncation were read");
            Assert.That(events.Count(e => e is BookSnapshot), Is.EqualTo(2), "the next file was read too");
        }
    }

    [Test]
    public void HftBacktest_GzipCutInsideItsHeader_ReportedAndNextFileRead()
    {
        var stub = Path.Combine(_directory, "stub.gz");
        File.WriteAllBytes(stub, [0x1F, 0x8B, 0x08]);
        var lines = ReadGzipLines(RepoPaths.Data("hftbacktest-binance-2024-08/spot_btcusdt_20240808.gz"), 50);
        var next = WriteGzip("next.gz", lines);
        var errors = new List<RecordingError>();

        var events = new HftBacktestRecordingReader([stub, next], errors.Add).ReadEvents().ToList();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(errors, Has.Count.EqualTo(1));
            Assert.That(errors[0].File, Is.EqualTo(stub));
            Assert.That(errors[0].Message, Does.Contain("truncated or corrupt"));
            Assert.That(events.Count(e => e is BookSnapshot), Is.EqualTo(1), "the next file was read");
        }
    }

    [Test]
    public void HftBacktest_NotJsonAndMissingField_ReportLineAndLaterLinesStillApplied()
    {
        var lines = ReadGzipLines(RepoPaths.Data("hftbacktest-binance-2024-08/spot_btcusdt_20240808.gz"), 400).ToList();
        var firstDepth = lines.FindIndex(line => line.Contains("@depth", StringComparison.Ordinal) && lines.IndexOf(line) > 10);
        lines.Insert(firstDepth, "1723161254206652067 this is not json");
        lines.Insert(firstDepth + 1, "1723161254206652068 {\"stream\":\"btcusdt@depth@100ms\",\"data\":{\"e\":\"depthUpdate\",\"s\":\"BTCUSDT\",\"u\":1,\"b\":[],\"a\":[]}}");
        var path = WriteGzip("bad.gz", [.. lines]);
        var errors = new List<RecordingError>();
        var verifier = CreateBinanceVerifier();

        foreach (var marketEvent in new HftBacktestRecordingReader([path], errors.Add).ReadEvents())
        {
            verifier.Process(marketEvent);
        }

        var report = verifier.Reports.Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(errors.Select(e => e.Line), Is.EqualTo(new long[] { firstDepth + 1, firstDepth + 2 }));
            Assert.That(errors[0].Message, Does.StartWith("Not valid JSON"));
            Assert.That(errors[1].Message, Does.Contain("Missing or malformed field").And.Contain("'U'"));
            Assert.That(errors[0].ToString(), Does.StartWith(path + ":"));
            Assert.That(report.DeltasApplied, Is.GreaterThan(10), "diffs after the bad lines were applied");
            Assert.That(report.SequenceGaps, Is.Zero);
            Assert.That(report.TopOfBookMismatched, Is.Zero);
        }
    }

    [Test]
    public void KrakenV2_BadLinesBetweenFrames_ReportedAndLaterChecksumsStillMatch()
    {
        var frames = File.ReadAllLines(RepoPaths.Fixture("kraken/ws-book-sequence-btcusd.json")).Length;
        Assert.That(frames, Is.EqualTo(1), "the fixture is one document line");
        var lines = new List<string>();
        foreach (var (property, _, value) in ReadSequence())
        {
            lines.Add("1690730998343415000 " + Encoding.UTF8.GetString(value));
            if (lines.Count == 3)
            {
                lines.Add("{\"channel\":\"book\",\"type\":\"update\",\"data\":[{\"symbol\":\"BTC/USD\",\"asks\":[{\"qty\":1}]}]}");
                lines.Add("garbage");
                lines.Add("123 {\"channel\":\"heartbeat\"}");
            }
        }

        var path = Path.Combine(_directory, "capture.jsonl");
        File.WriteAllLines(path, lines);
        var errors = new List<RecordingError>();
        var verifier = new BookVerifier(new BookVerifierOptions
        {
            CreateSynchronizer = book => new KrakenBookSynchronizer(book),
            PricePrecision = 1,
            QuantityPrecision = 8,
            Depth = 10,
        });

        foreach (var marketEvent in new KrakenV2RecordingReader([path], errors.Add).ReadEvents())
        {
            verifier.Process(marketEvent);
        }

        var report = verifier.Reports.Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(errors.Select(e => e.Line), Is.EqualTo(new long[] { 4, 5, 6 }));
            Assert.That(errors[0].Message, Does.Contain("numeric 'price'"));
            Assert.That(errors[1].Message, Does.StartWith("Not valid JSON"));
            Assert.That(errors[2].Message, Does.Contain("19 digits"));
            Assert.That(report.ChecksumsMatched, Is.EqualTo(510));
            Assert.That(report.ChecksumsMismatched, Is.Zero);
        }
    }

    [Test]
    public void KrakenV1_MalformedChecksumLine_ReportedAndBookResyncsLater()
    {
        var source = File.ReadAllLines(RepoPaths.Data("cryptofeed-kraken-v1-2021-04-17/KRAKEN.ws.50.0"));
        var index = Array.FindIndex(source, line => line.Contains("\"c\":\"", StringComparison.Ordinal) && line.Contains("XMR/USD", StringComparison.Ordinal));
        var broken = source.ToList();
        broken[index] = broken[index].Replace("\"c\":\"", "\"c\":\"x", StringComparison.Ordinal);
        var path = Path.Combine(_directory, "KRAKEN.ws.50.0");
        File.WriteAllLines(path, broken);
        var errors = new List<RecordingError>();
        var verifier = new BookVerifier(new BookVerifierOptions { CreateSynchronizer = book => new KrakenBookSynchronizer(book), InferPrecisionFromData = true });

        foreach (var marketEvent in new KrakenV1RecordingReader([path], errors.Add).ReadEvents())
        {
            verifier.Process(marketEvent);
        }

        var xmr = verifier.Reports.Single(report => report.Instrument.Value == "XMR/USD");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(errors, Has.Count.EqualTo(1));
            Assert.That(errors[0].Line, Is.EqualTo(index + 1));
            Assert.That(errors[0].Message, Does.Contain("'c'"));
            // The dropped update is missing from the book, so the following checksum fails and later ones are skipped:
            // the gap is reported, never silently continued.
            Assert.That(xmr.ChecksumsMismatched, Is.EqualTo(1));
            Assert.That(xmr.Problems[0], Does.StartWith("ChecksumMismatch"));
            Assert.That(verifier.Reports.Where(r => r.Instrument.Value != "XMR/USD").Sum(r => r.ChecksumsMatched), Is.EqualTo(4269 - 846));
        }
    }

    private static BookVerifier CreateBinanceVerifier() => new(new BookVerifierOptions
    {
        CreateSynchronizer = book => new BinanceDepthSynchronizer(book),
        InferPrecisionFromData = true,
    });

    private static IEnumerable<(string Property, int Index, byte[] Value)> ReadSequence()
    {
        using var stream = File.OpenRead(RepoPaths.Fixture("kraken/ws-book-sequence-btcusd.json"));
        foreach (var member in JsonMemberStreamer.ReadMembers(stream, CancellationToken.None))
        {
            if (member.Property != "meta")
            {
                yield return member;
            }
        }
    }

    private static string[] ReadGzipLines(string path, int count)
    {
        using var reader = new StreamReader(new GZipStream(File.OpenRead(path), CompressionMode.Decompress));
        var lines = new List<string>();
        while (lines.Count < count && reader.ReadLine() is { } line)
        {
            lines.Add(line);
        }

        return [.. lines];
    }

    private string WriteGzip(string name, string[] lines)
    {
        var path = Path.Combine(_directory, name);
        using var gzip = new GZipStream(File.Create(path), CompressionLevel.Fastest);
        using var writer = new StreamWriter(gzip);
        foreach (var line in lines)
        {
            writer.WriteLine(line);
        }

        return path;
    }
}
