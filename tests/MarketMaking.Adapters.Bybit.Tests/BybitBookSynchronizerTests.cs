using System.IO.Compression;
using System.Text;
using MarketMaking.Models;
using MarketMaking.Testing;

namespace MarketMaking.Adapters.Bybit.Tests;

/// <summary>
/// The Bybit book code on a real recording (data/nautilus-misc-l2: 50 messages of <c>orderbook.500.XRPUSDT</c>) and on
/// the cases the sample does not show: a skipped update id, a stale one, and a snapshot mid-stream.
/// </summary>
public sealed class BybitBookSynchronizerTests
{
    private static readonly VenueId s_bybit = VenueId.Create("bybit");
    private static readonly InstrumentId s_xrp = InstrumentId.Create("XRPUSDT");

    [Test]
    public void TheRecordedOrderbook500_IsKeptInSync_WithNoGap_AndEndsOnTheBookItsMessagesDescribe()
    {
        var messages = Recording();
        var synchronizer = new BybitBookSynchronizer(new OrderBook(InstrumentSpec.FromPrecision(s_xrp, 4, 0)));
        var (applied, gaps) = (0, 0);

        // The book each message describes, rebuilt independently: a map of price to size, a size of 0 deleting.
        var expected = new Dictionary<Side, SortedDictionary<decimal, decimal>> { [Side.Buy] = [], [Side.Sell] = [] };
        foreach (var message in messages)
        {
            var parsed = BybitOrderBookMessage.Parse(Encoding.UTF8.GetBytes(message), s_bybit, receivedAt: 0);
            var result = parsed is BookSnapshot snapshot ? synchronizer.OnSnapshot(snapshot) : synchronizer.OnDelta((BookDelta)parsed);
            applied += result.Disposition == BookUpdateDisposition.Applied ? 1 : 0;
            gaps += result.Failure == OutOfSyncReason.SequenceGap ? 1 : 0;
            var (bids, asks) = parsed switch
            {
                BookSnapshot s => (s.Bids, s.Asks),
                BookDelta d => (d.Bids, d.Asks),
                _ => throw new InvalidOperationException(),
            };
            if (parsed is BookSnapshot)
            {
                expected[Side.Buy].Clear();
                expected[Side.Sell].Clear();
            }

            foreach (var (side, levels) in new[] { (Side.Buy, bids), (Side.Sell, asks) })
            {
                foreach (var level in levels)
                {
                    if (level.Quantity.Value == 0)
                    {
                        expected[side].Remove(level.Price.Value);
                    }
                    else
                    {
                        expected[side][level.Price.Value] = level.Quantity.Value;
                    }
                }
            }

            Assert.That(synchronizer.Book.SyncState, Is.EqualTo(BookSyncState.Synced), $"after u = {synchronizer.Book.LastUpdateId}: {synchronizer.Book.OutOfSyncDetail}");
        }

        var book = synchronizer.Book;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(messages, Has.Count.EqualTo(50));
            Assert.That((applied, gaps), Is.EqualTo((50, 0)), "1 snapshot and 49 deltas applied, no gap");
            Assert.That(book.LastUpdateId, Is.EqualTo(20_254_918));
            Assert.That(book.GetLevels(Side.Buy, int.MaxValue).Select(l => (l.Price.Value, l.Quantity.Value)), Is.EqualTo(expected[Side.Buy].Reverse().Select(p => (p.Key, p.Value))), "every bid");
            Assert.That(book.GetLevels(Side.Sell, int.MaxValue).Select(l => (l.Price.Value, l.Quantity.Value)), Is.EqualTo(expected[Side.Sell].Select(p => (p.Key, p.Value))), "every ask");
            Assert.That(book.BestBid!.Value.Price.Value, Is.LessThan(book.BestAsk!.Value.Price.Value), "never crossed");
        }
    }

    [Test]
    public void ASkippedUpdateId_IsAGap_AStaleOneIsDropped_AndTheNextSnapshotResyncs()
    {
        var synchronizer = new BybitBookSynchronizer(new OrderBook(InstrumentSpec.FromPrecision(s_xrp, 4, 0)));
        synchronizer.OnSnapshot(Snapshot(10, 1.9530m));

        var stale = synchronizer.OnDelta(Delta(10, 1.9529m));
        var next = synchronizer.OnDelta(Delta(11, 1.9528m));
        var skipped = synchronizer.OnDelta(Delta(13, 1.9527m));
        var whileOut = synchronizer.OnDelta(Delta(14, 1.9526m));
        var detail = synchronizer.Book.OutOfSyncDetail;
        var restart = synchronizer.OnSnapshot(Snapshot(1, 1.9600m));
        var afterRestart = synchronizer.OnDelta(Delta(2, 1.9599m));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(stale.Disposition, Is.EqualTo(BookUpdateDisposition.Stale));
            Assert.That(next.Disposition, Is.EqualTo(BookUpdateDisposition.Applied));
            Assert.That((skipped.Disposition, skipped.Failure), Is.EqualTo((BookUpdateDisposition.Rejected, OutOfSyncReason.SequenceGap)));
            Assert.That(detail, Is.EqualTo("Expected u = 12 after 11, got u = 13"));
            Assert.That(whileOut.Disposition, Is.EqualTo(BookUpdateDisposition.Rejected), "nothing applied until a snapshot");
            Assert.That(restart.Disposition, Is.EqualTo(BookUpdateDisposition.Applied), "a snapshot with u = 1 (a restart) replaces the book");
            Assert.That(afterRestart.Disposition, Is.EqualTo(BookUpdateDisposition.Applied));
            Assert.That(synchronizer.Book.BestBid!.Value.Price.Value, Is.EqualTo(1.9600m), "the restart's book, not the old one");
        }
    }

    [TestCase("{\"topic\":\"orderbook.500.XRPUSDT\",\"type\":\"update\",\"ts\":1,\"data\":{\"s\":\"XRPUSDT\",\"b\":[],\"a\":[],\"u\":1,\"seq\":1}}", "An order book message's type is snapshot or delta, not 'update'")]
    [TestCase("{\"topic\":\"orderbook.500.XRPUSDT\",\"type\":\"delta\",\"ts\":1,\"data\":{\"s\":\"XRPUSDT\",\"b\":[[\"x\",\"1\"]],\"a\":[],\"u\":1,\"seq\":1}}", "A level of b is [\"price\", \"size\"] as text, not [\"x\",\"1\"]")]
    [TestCase("{\"topic\":\"orderbook.500.XRPUSDT\",\"type\":\"delta\",\"ts\":1,\"data\":{\"s\":\"XRPUSDT\",\"b\":[],\"a\":[]}}", "An order book message needs the whole number u")]
    public void AMalformedMessage_IsRefusedNamingTheField(string json, string message)
    {
        var exception = Assert.Throws<System.Text.Json.JsonException>(() => BybitOrderBookMessage.Parse(Encoding.UTF8.GetBytes(json), s_bybit, 0));
        Assert.That(exception!.Message, Is.EqualTo(message));
    }

    private static List<string> Recording()
    {
        using var zip = ZipFile.OpenRead(RepoPaths.Data("nautilus-misc-l2/bybit_xrpusdt-ob500.data.zip"));
        using var reader = new StreamReader(zip.Entries.Single().Open());
        var lines = new List<string>();
        while (reader.ReadLine() is { Length: > 0 } line)
        {
            lines.Add(line);
        }

        return lines;
    }

    private static BookSnapshot Snapshot(long u, decimal bid) =>
        new(s_bybit, s_xrp, [new BookLevel(new Price(bid), new Quantity(100))], [new BookLevel(new Price(bid + 0.0010m), new Quantity(100))], 0, 0) { LastUpdateId = u };

    private static BookDelta Delta(long u, decimal bid) =>
        new(s_bybit, s_xrp, [new BookLevel(new Price(bid), new Quantity(5))], [], 0, 0) { FirstUpdateId = u, FinalUpdateId = u };
}
