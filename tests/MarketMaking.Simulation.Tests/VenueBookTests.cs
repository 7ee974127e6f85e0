using MarketMaking.Models;
using MarketMaking.Simulation.Recordings.Binance;
using MarketMaking.Simulation.Venue;
using MarketMaking.Testing;

namespace MarketMaking.Simulation.Tests;

public sealed class VenueBookTests
{
    [Test]
    public void TheVenuesBook_FedAWholeRealRecording_HoldsExactlyTheLevelsOfASortedBook_AfterEveryMessage()
    {
        // The simulated venue's book keeps the levels near the touch in a price-indexed window that slides with the price
        // (CreateVenueBook); a plain sorted book fed the same messages is the reference. A second window is narrowed to
        // 1,024 ticks (10.24 USDT at this 0.01 tick), so that it slides with nearly every move of the price, both ways.
        var spec = InstrumentSpec.FromPrecision(InstrumentId.Create("BTCUSDT"), 2, 8);
        var sorted = new BinanceDepthSynchronizer(new OrderBook(spec));
        var laddered = new BinanceDepthSynchronizer(OrderBook.WithLadder(spec, ladderTicks: 1_024));
        var venueBook = new SimulatedInstrument(spec.Instrument, spec, AssetId.Create("BTC"), AssetId.Create("USDT"), book => new BinanceDepthSynchronizer(book)).CreateVenueBook();
        var (messages, topsCompared) = (0, 0);
        foreach (var message in new HftBacktestRecordingReader([RepoPaths.Data("hftbacktest-binance-2024-08/usdm_btcusdt_20240808.gz")], error => Assert.Fail(error.ToString())).ReadEvents())
        {
            if (message is not (BookDelta or BookSnapshot))
            {
                continue;
            }

            foreach (var synchronizer in new IBookSynchronizer[] { sorted, laddered, venueBook })
            {
                _ = message is BookDelta delta ? synchronizer.OnDelta(delta) : synchronizer.OnSnapshot((BookSnapshot)message);
            }

            messages++;
            if (sorted.Book.SyncState == BookSyncState.Synced)
            {
                // The top 20 levels of each side and the depth after every message; the whole book from time to time.
                var depth = messages % 500 == 0 ? int.MaxValue : 20;
                Assert.That(Levels(laddered.Book, depth), Is.EqualTo(Levels(sorted.Book, depth)), $"after message {messages}");
                Assert.That(Levels(venueBook.Book, depth), Is.EqualTo(Levels(sorted.Book, depth)), $"after message {messages}, the venue's own window");
                topsCompared++;
            }
        }

        Assert.Multiple(() =>
        {
            Assert.That(topsCompared, Is.GreaterThan(6_500), "the books compared after nearly every one of the recording's 6,552 book messages (from the snapshot on)");
            Assert.That(sorted.Book.BidDepth + sorted.Book.AskDepth, Is.GreaterThan(9_000), "the recording's full depth");
            Assert.That(Levels(laddered.Book, int.MaxValue), Is.EqualTo(Levels(sorted.Book, int.MaxValue)), "at the end");
        });
    }

    /// <summary>The depths and the best <paramref name="depth"/> levels of each side, read by index and by price.</summary>
    private static (int Bids, int Asks, TickLevel[] Levels, long[] ByPrice) Levels(OrderBook book, int depth)
    {
        var bids = Enumerable.Range(0, Math.Min(depth, book.BidDepth)).Select(book.GetBid);
        var asks = Enumerable.Range(0, Math.Min(depth, book.AskDepth)).Select(book.GetAsk);
        var levels = bids.Concat(asks).ToArray();
        var byPrice = levels.Take(Math.Min(depth, book.BidDepth)).Select(l => book.QuantityAt(Side.Buy, l.PriceTicks))
            .Concat(levels.Skip(Math.Min(depth, book.BidDepth)).Select(l => book.QuantityAt(Side.Sell, l.PriceTicks))).ToArray();
        return (book.BidDepth, book.AskDepth, levels, byPrice);
    }
}
