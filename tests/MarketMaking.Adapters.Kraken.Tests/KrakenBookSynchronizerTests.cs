using System.Text.Json;
using MarketMaking.Adapters.Kraken;
using MarketMaking.Models;
using MarketMaking.Testing;

namespace MarketMaking.Adapters.Kraken.Tests;

public sealed class KrakenBookSynchronizerTests
{
    private readonly KrakenBookFrame _frame = new();

    private static KrakenBookSynchronizer CreateSut(int pricePrecision, int qtyPrecision, int depth = 10) =>
        new(new OrderBook(InstrumentSpec.FromPrecision(InstrumentId.Create("X"), pricePrecision, qtyPrecision), depth));

    [Test]
    public void DocsMaticSnapshotAndUpdate_MatchChecksumsWithPrecision4And8()
    {
        var sut = CreateSut(4, 8);

        var snapshot = Apply(sut, File.ReadAllBytes(RepoPaths.Fixture("kraken/ws-book-docs-matic-snapshot.json")));
        var update = Apply(sut, File.ReadAllBytes(RepoPaths.Fixture("kraken/ws-book-docs-matic-update.json")));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(snapshot.Checksum, Is.EqualTo(ChecksumCheck.Matched));
            Assert.That(KrakenBookChecksum.Compute(sut.Book), Is.EqualTo(2114181697u));
            Assert.That(update.Checksum, Is.EqualTo(ChecksumCheck.Matched));
            Assert.That(sut.Book.SyncState, Is.EqualTo(BookSyncState.Synced));
        }
    }

    [Test]
    public void RealBtcUsdSequence_AllChecksumsMatch()
    {
        var sut = CreateSut(1, 8);
        var matched = 0;
        foreach (var frame in SequenceFrames())
        {
            matched += Apply(sut, frame).Checksum == ChecksumCheck.Matched ? 1 : 0;
        }

        Assert.That(matched, Is.EqualTo(510));
    }

    [Test]
    public void CorruptedQuantity_ReportsMismatchAndGoesOutOfSync()
    {
        var sut = CreateSut(1, 8);
        var frames = SequenceFrames().ToList();
        // Corrupt one quantity inside the top 10 of the first update (the frame still carries Kraken's checksum).
        var corrupted = System.Text.Encoding.UTF8.GetString(frames[1])
            .Replace("\"price\":29430.6,\"qty\":0.001", "\"price\":29430.6,\"qty\":0.002", StringComparison.Ordinal);
        Assert.That(corrupted, Is.Not.EqualTo(System.Text.Encoding.UTF8.GetString(frames[1])));

        Apply(sut, frames[0]);
        var result = Apply(sut, System.Text.Encoding.UTF8.GetBytes(corrupted));
        var next = Apply(sut, frames[2]);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Checksum, Is.EqualTo(ChecksumCheck.Mismatched));
            Assert.That(result.Failure, Is.EqualTo(OutOfSyncReason.ChecksumMismatch));
            Assert.That(sut.Book.SyncState, Is.EqualTo(BookSyncState.OutOfSync));
            Assert.That(sut.Book.OutOfSyncReason, Is.EqualTo(OutOfSyncReason.ChecksumMismatch));
            Assert.That(sut.Book.OutOfSyncDetail, Does.Contain("3547452596").Or.Contain("checksum"));
            Assert.That(next.Disposition, Is.EqualTo(BookUpdateDisposition.SkippedOutOfSync));
        }

        // A new snapshot resyncs the book.
        Assert.That(Apply(sut, frames[0]).Checksum, Is.EqualTo(ChecksumCheck.Matched));
    }

    [TestCase("not json", "Not valid JSON")]
    [TestCase("{\"channel\":\"book\",\"type\":\"update\",\"data\":[{\"symbol\":\"BTC/USD\",\"bids\":[{\"price\":\"x\",\"qty\":1}]}]}", "numeric 'price'")]
    [TestCase("{\"channel\":\"book\",\"type\":\"update\",\"data\":[{\"bids\":[]}]}", "Missing 'symbol'")]
    [TestCase("{\"channel\":\"book\",\"type\":\"update\",\"data\":[{\"symbol\":\"BTC/USD\",\"checksum\":-1}]}", "'checksum'")]
    [TestCase("{\"channel\":\"book\",\"type\":\"weird\",\"data\":[]}", "'type'")]
    public void Parse_MalformedFrame_ReportsWhyAndLeavesBookUntouched(string frame, string expectedError)
    {
        var sut = CreateSut(1, 8);
        Apply(sut, SequenceFrames().First());
        var before = KrakenBookChecksum.Compute(sut.Book);

        var status = KrakenBookFrameParser.Parse(System.Text.Encoding.UTF8.GetBytes(frame), _frame);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(status, Is.EqualTo(KrakenFrameParseStatus.Malformed));
            Assert.That(_frame.Error, Does.Contain(expectedError));
            Assert.That(KrakenBookChecksum.Compute(sut.Book), Is.EqualTo(before));
            Assert.That(sut.Book.SyncState, Is.EqualTo(BookSyncState.Synced));
        }
    }

    [Test]
    public void Parse_OtherChannel_IsNotBook()
    {
        var status = KrakenBookFrameParser.Parse(File.ReadAllBytes(RepoPaths.Fixture("kraken/ws-heartbeat.json")), _frame);

        Assert.That(status, Is.EqualTo(KrakenFrameParseStatus.NotBook));
    }

    [TestCase("2023-07-30T15:29:58.343415Z", 1690730998343415000L)]
    [TestCase("2023-07-30T17:29:58.5+02:00", 1690730998500000000L)]
    [TestCase("1970-01-01T00:00:00Z", 0L)]
    public void KrakenTimestamp_ParsesRfc3339ToUnixNanoseconds(string text, long expected)
    {
        Assert.That(KrakenTimestamp.TryParseUnixNanoseconds(System.Text.Encoding.UTF8.GetBytes(text), out var ns), Is.True);
        Assert.That(ns, Is.EqualTo(expected));
    }

    [TestCase("2023-02-30T00:00:00Z")]
    [TestCase("2023-07-30 15:29:58Z")]
    [TestCase("2023-07-30T15:29:58.Z")]
    public void KrakenTimestamp_RejectsInvalidText(string text)
    {
        Assert.That(KrakenTimestamp.TryParseUnixNanoseconds(System.Text.Encoding.UTF8.GetBytes(text), out _), Is.False);
    }

    private BookUpdateResult Apply(KrakenBookSynchronizer sut, byte[] frame)
    {
        Assert.That(KrakenBookFrameParser.Parse(frame, _frame), Is.EqualTo(KrakenFrameParseStatus.Book), _frame.Error);
        return sut.Apply(_frame[0], _frame.IsSnapshot);
    }

    private static IEnumerable<byte[]> SequenceFrames()
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(RepoPaths.Fixture("kraken/ws-book-sequence-btcusd.json")));
        yield return JsonSerializer.SerializeToUtf8Bytes(document.RootElement.GetProperty("snapshot"));
        foreach (var update in document.RootElement.GetProperty("updates").EnumerateArray())
        {
            yield return JsonSerializer.SerializeToUtf8Bytes(update);
        }
    }
}
