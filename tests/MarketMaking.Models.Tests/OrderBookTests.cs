using FsCheck;
using FsCheck.Fluent;
using MarketMaking.Models;

namespace MarketMaking.Models.Tests;

public sealed class OrderBookTests
{
    private static readonly InstrumentSpec s_spec = InstrumentSpec.FromPrecision(InstrumentId.Create("BTC/USD"), 1, 8);
    private static readonly VenueId s_venue = VenueId.Create("kraken");

    private static OrderBook CreateSut(int maxDepth = 0) => new(s_spec, maxDepth);

    /// <summary>A full-depth book with a price-indexed window of <paramref name="ladderTicks"/> ticks, or the plain book for 0.</summary>
    private static OrderBook CreateLaddered(int ladderTicks) => ladderTicks == 0 ? CreateSut() : OrderBook.WithLadder(s_spec, ladderTicks);

    private static OrderBook CreateSyncedBook(int maxDepth = 0)
    {
        var book = CreateSut(maxDepth);
        book.BeginSnapshot();
        book.SetLevel(Side.Buy, 1000, 200_000_000);
        book.SetLevel(Side.Buy, 999, 100_000_000);
        book.SetLevel(Side.Sell, 1002, 100_000_000);
        book.SetLevel(Side.Sell, 1003, 300_000_000);
        book.CompleteSnapshot();
        return book;
    }

    [Test]
    public void Snapshot_ThenViews_GiveTopOfBookMetrics()
    {
        var book = CreateSyncedBook();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(book.SyncState, Is.EqualTo(BookSyncState.Synced));
            Assert.That(book.BestBid, Is.EqualTo(new BookLevel(Price.Parse("100.0"), Quantity.Parse("2"))));
            Assert.That(book.BestAsk, Is.EqualTo(new BookLevel(Price.Parse("100.2"), Quantity.Parse("1"))));
            Assert.That(book.Mid, Is.EqualTo(Price.Parse("100.1")));
            // (100.0 × 1 + 100.2 × 2) / 3: leans toward the thinner ask.
            Assert.That(book.Microprice!.Value.Value, Is.EqualTo(300.4m / 3m).Within(1e-20m));
            Assert.That(book.SpreadBps, Is.EqualTo(0.2 / 100.1 * 10_000).Within(1e-9));
            Assert.That(book.Imbalance(1), Is.EqualTo(1.0 / 3.0).Within(1e-12));
            Assert.That(book.Imbalance(2), Is.EqualTo(-1.0 / 7.0).Within(1e-12));
            Assert.That(book.GetLevels(Side.Sell, 1), Has.Length.EqualTo(1));
        }
    }

    [Test]
    public void CompleteUpdate_CrossedBook_GoesOutOfSyncWithReason()
    {
        var book = CreateSyncedBook();

        book.SetLevel(Side.Buy, 1002, 1);
        var synced = book.CompleteUpdate();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(synced, Is.False);
            Assert.That(book.SyncState, Is.EqualTo(BookSyncState.OutOfSync));
            Assert.That(book.OutOfSyncReason, Is.EqualTo(OutOfSyncReason.CrossedBook));
            Assert.That(book.OutOfSyncDetail, Does.Contain("100.2"));
        }
    }

    [Test]
    public void Apply_DeltaWhileOutOfSync_IsRefusedAndBookUnchanged()
    {
        var book = CreateSyncedBook();
        book.MarkOutOfSync(OutOfSyncReason.SequenceGap, "test");
        var delta = new BookDelta(new VenueId("v"), book.Spec.Instrument, [new BookLevel(Price.Parse("100.1"), Quantity.Parse("1"))], [], 0, 0);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(book.Apply(delta), Is.False);
            Assert.That(book.BidDepth, Is.EqualTo(2));
            Assert.That(book.BestBid!.Value.Price, Is.EqualTo(Price.Parse("100.0")));
        }
    }

    [Test]
    public void Apply_OffTickLevel_GoesOutOfSyncAsInvalidLevel()
    {
        var book = CreateSyncedBook();
        var delta = new BookDelta(new VenueId("v"), book.Spec.Instrument, [new BookLevel(Price.Parse("100.05"), Quantity.Parse("1"))], [], 0, 0);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(book.Apply(delta), Is.False);
            Assert.That(book.OutOfSyncReason, Is.EqualTo(OutOfSyncReason.InvalidLevel));
            Assert.That(book.OutOfSyncDetail, Does.Contain("100.05"));
        }
    }

    [TestCase(0, TestName = "QuantitiesOffTheLotGrid_AreKeptToTheNearestLot_AtLeastOne_TheBookStayingSynced(full book)")]
    [TestCase(3, TestName = "QuantitiesOffTheLotGrid_AreKeptToTheNearestLot_AtLeastOne_TheBookStayingSynced(kept to a depth, merged)")]
    public void QuantitiesOffTheLotGrid_AreKeptToTheNearestLot_AtLeastOne_TheBookStayingSynced(int maxDepth)
    {
        // Binance spot BTCUSDT (step 0.00001) rests 25.426189 BTC at 200,000: orders from before the step changed. A
        // level's size is a sum of orders, not an order, and may lie off today's lot grid; the price may not.
        var book = new OrderBook(InstrumentSpec.FromPrecision(InstrumentId.Create("BTCUSDT"), 2, 5), maxDepth);
        book.BeginSnapshot();
        book.ApplyLevels(Side.Buy, [new BookLevel(Price.Parse("61830.00"), Quantity.Parse("1.5"))]);
        BookLevel[] asks = [.. Enumerable.Range(0, 9).Select(i => new BookLevel(new Price(61830.01m + i), Quantity.Parse("0.1"))), new BookLevel(Price.Parse("200000.00"), Quantity.Parse("25.426189"))];
        book.ApplyLevels(Side.Sell, asks);
        book.CompleteSnapshot();
        var tiny = new BookDelta(new VenueId("binance"), book.Spec.Instrument, [], [asks[0], new BookLevel(Price.Parse("61830.02"), Quantity.Parse("0.000001")), .. asks[1..8]], 0, 0);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(book.SyncState, Is.EqualTo(BookSyncState.Synced), book.OutOfSyncDetail);
            Assert.That(book.Apply(tiny), Is.True, book.OutOfSyncDetail);
            Assert.That(book.SyncState, Is.EqualTo(BookSyncState.Synced));
            Assert.That(book.GetAsk(1).QuantityLots, Is.EqualTo(1), "0.000001 kept as one lot: the level is there");
            Assert.That(book.GetAsk(1).PriceTicks, Is.EqualTo(6_183_002));
            if (maxDepth == 0)
            {
                Assert.That(book.GetAsk(book.AskDepth - 1).QuantityLots, Is.EqualTo(2_542_619), "25.426189 to the nearest lot, 25.42619");
            }
        }
    }

    [Test]
    public void Apply_ALongDeltaInPriceOrder_WithAnOffTickLevelWithinTheDepth_GoesOutOfSync_AndLeavesTheSideAsItWas()
    {
        // Twenty bids from 100.0 down, the second off the tick (100.05 is between ticks of 0.1): the merge reaches it.
        var book = CreateSyncedBook(maxDepth: 10);
        System.Collections.Immutable.ImmutableArray<BookLevel> bids = [.. Enumerable.Range(0, 20).Select(i => new BookLevel(new Price(i == 1 ? 99.95m : 100.0m - (i * 0.1m)), Quantity.Parse("1")))];

        using (Assert.EnterMultipleScope())
        {
            Assert.That(book.Apply(new BookDelta(new VenueId("v"), book.Spec.Instrument, bids, [], 0, 0)), Is.False);
            Assert.That(book.OutOfSyncReason, Is.EqualTo(OutOfSyncReason.InvalidLevel));
            Assert.That(book.OutOfSyncDetail, Does.Contain("99.95"));
            Assert.That(book.BidDepth, Is.EqualTo(2), "the side as it was before the message");
            Assert.That(book.GetBid(0).PriceTicks, Is.EqualTo(1000));
        }
    }

    [Test]
    public void Apply_ALongDeltaInPriceOrder_OnABookKeptToADepth_ReadsNoLevelBelowTheDepth()
    {
        // The levels past the tenth are never converted: an off-tick level there cannot change the ten bids kept, and is
        // not seen (the venue's next snapshot or checksum would catch a changed tick size at the touch).
        var book = CreateSyncedBook(maxDepth: 10);
        System.Collections.Immutable.ImmutableArray<BookLevel> bids = [.. Enumerable.Range(0, 30).Select(i => new BookLevel(new Price(i == 25 ? 97.45m : 100.0m - (i * 0.1m)), Quantity.Parse("1")))];

        using (Assert.EnterMultipleScope())
        {
            Assert.That(book.Apply(new BookDelta(new VenueId("v"), book.Spec.Instrument, bids, [], 0, 0)), Is.True);
            Assert.That(book.SyncState, Is.EqualTo(BookSyncState.Synced));
            Assert.That(book.BidDepth, Is.EqualTo(10));
            Assert.That(book.GetBid(9).PriceTicks, Is.EqualTo(991));
        }
    }

    [Test]
    public void Apply_ALongDeltaInPriceOrder_OnASideShortOfItsDepth_PassesOverTheDeletionsBelowIt_ToTheLevelsThatFillIt()
    {
        // Two bids kept of ten: the merge looks down the message for levels to fill the side, past 28 deletions of levels
        // below the two (no-ops, their prices not read: an off-tick one among them is not seen, as below the depth).
        var book = CreateSyncedBook(maxDepth: 10);
        System.Collections.Immutable.ImmutableArray<BookLevel> bids = [.. Enumerable.Range(0, 30).Select(i => new BookLevel(
            new Price(i == 5 ? 99.35m : 99.8m - (i * 0.1m)),
            i < 28 ? Quantity.Zero : Quantity.Parse("1")))];

        using (Assert.EnterMultipleScope())
        {
            Assert.That(book.Apply(new BookDelta(new VenueId("v"), book.Spec.Instrument, bids, [], 0, 0)), Is.True);
            Assert.That(book.SyncState, Is.EqualTo(BookSyncState.Synced));
            Assert.That(Enumerable.Range(0, book.BidDepth).Select(i => book.GetBid(i).PriceTicks), Is.EqualTo(new long[] { 1000, 999, 970, 969 }));
        }
    }

    [Test]
    public void Apply_ADeltaWhoseBidsAreReplacedByWith_TakesTheNewBidsInTheirOwnOrder()
    {
        // A delta's price order is found when it is made; one made by `with` from another finds it again for the levels
        // it replaces. Here the new bids' best is deep in an otherwise falling list: merged as if the list fell, it
        // would be missed.
        var book = CreateSyncedBook(maxDepth: 10);
        System.Collections.Immutable.ImmutableArray<BookLevel> falling = [.. Enumerable.Range(0, 30).Select(i => new BookLevel(new Price(99.0m - (i * 0.1m)), Quantity.Parse("1")))];
        System.Collections.Immutable.ImmutableArray<BookLevel> bestDeep = [.. falling.Select((l, i) => i == 25 ? l with { Price = new Price(99.5m) } : l)];
        var original = new BookDelta(new VenueId("v"), book.Spec.Instrument, falling, [], 0, 0);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(book.Apply(original with { Bids = bestDeep }), Is.True);
            Assert.That(book.GetBid(2).PriceTicks, Is.EqualTo(995), "the message's best bid, 25 levels into it, below the book's two");
            Assert.That(book.BidDepth, Is.EqualTo(10));
            Assert.That(book.GetBid(9).PriceTicks, Is.EqualTo(984));
        }
    }

    [Test]
    public void Apply_ASnapshotWhoseBidsAreReplacedByWith_TakesTheNewBidsInTheirOwnOrder()
    {
        // A snapshot's price order is found when it is made, as a delta's, and found again by `with`. The new bids' best
        // is deep in an otherwise falling list: merged as if the list fell, a book kept to ten would stop before it.
        var book = CreateSut(maxDepth: 10);
        System.Collections.Immutable.ImmutableArray<BookLevel> falling = [.. Enumerable.Range(0, 30).Select(i => new BookLevel(new Price(99.0m - (i * 0.1m)), Quantity.Parse("1")))];
        System.Collections.Immutable.ImmutableArray<BookLevel> bestDeep = [.. falling.Select((l, i) => i == 25 ? l with { Price = new Price(99.5m) } : l)];
        var original = new BookSnapshot(new VenueId("v"), book.Spec.Instrument, falling, [new BookLevel(new Price(100.0m), Quantity.Parse("1"))], 0, 0);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(book.Apply(original with { Bids = bestDeep }), Is.True);
            Assert.That(book.GetBid(0).PriceTicks, Is.EqualTo(995), "the message's best bid, 25 levels into it");
            Assert.That(book.BidDepth, Is.EqualTo(10));
            Assert.That(book.GetBid(9).PriceTicks, Is.EqualTo(982));
        }
    }

    [Test]
    public void CompleteUpdate_MaxDepth_TruncatesWorstLevels()
    {
        var book = CreateSyncedBook(maxDepth: 2);

        book.SetLevel(Side.Buy, 1001, 5);
        book.CompleteUpdate();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(book.BidDepth, Is.EqualTo(2));
            Assert.That(book.GetBid(0).PriceTicks, Is.EqualTo(1001));
            Assert.That(book.GetBid(1).PriceTicks, Is.EqualTo(1000));
        }
    }

    [TestCase(2, 6173763L, 6173764L, "61737.635", TestName = "Mid_HalfATick_CarriesOneMoreDecimal")]
    [TestCase(2, 6173763L, 6173765L, "61737.64", TestName = "Mid_OnATick_KeepsThePricesDecimals")]
    [TestCase(18, 1L, 2L, "0.0000000000000000015", TestName = "Mid_HalfATickAtTheLargestScale_IsStillExact")]
    public void Mid_IsExact_WrittenAsADecimalDivisionWouldWriteIt(int pricePrecision, long bidTicks, long askTicks, string expected)
    {
        var book = new OrderBook(InstrumentSpec.FromPrecision(InstrumentId.Create("X/Y"), pricePrecision, 0));
        book.SetLevel(Side.Buy, bidTicks, 1);
        book.SetLevel(Side.Sell, askTicks, 1);

        Assert.That(book.Mid!.Value.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(expected));
    }

    [FsCheck.NUnit.Property(MaxTest = 300)]
    public FsCheck.Property AnyDeltaSequence_KeepsSidesSortedWithoutZeroQuantities()
    {
        var level =
            from side in Gen.Elements(Side.Buy, Side.Sell)
            from price in Gen.Choose(1, 40)
            from quantity in Gen.Choose(0, 3)
            select (Side: side, Price: (long)price, Quantity: (long)quantity);
        var updates = Gen.ListOf(Gen.ListOf(level));
        return Prop.ForAll(updates.ToArbitrary(), messages => MatchesSortedModel(messages, depth: 8));
    }

    [FsCheck.NUnit.Property(MaxTest = 200)]
    public FsCheck.Property AnyLongDeltaSequence_AtFullOrLimitedDepth_MatchesASortedModel()
    {
        // Long messages over a wide range of prices, near the touch and deep: the sides grow, shift both ways and recenter.
        var level =
            from side in Gen.Elements(Side.Buy, Side.Sell)
            from price in Gen.OneOf(Gen.Choose(1, 3_000), Gen.Choose(1_400, 1_600))
            from quantity in Gen.Choose(0, 2)
            select (Side: side, Price: (long)price, Quantity: (long)quantity);
        var updates = Gen.ListOf(Gen.ArrayOf(level, 300));
        return Prop.ForAll(updates.ToArbitrary(), Gen.Elements(0, 1, 10, 500).ToArbitrary(), (messages, depth) => MatchesSortedModel(messages, depth));
    }

    [FsCheck.NUnit.Property(MaxTest = 200)]
    public FsCheck.Property AnyLongDeltaSequence_OnABookWithAPriceIndexedWindow_MatchesASortedModel()
    {
        // Windows narrow against the prices' range, so that it slides both ways, empties and leaves most levels below it;
        // and prices that drift, as a market does, so that the best leaves the window from above and from below.
        var level =
            from side in Gen.Elements(Side.Buy, Side.Sell)
            from price in Gen.OneOf(Gen.Choose(1, 3_000), Gen.Choose(1_400, 1_600), Gen.Choose(1_490, 1_510))
            from quantity in Gen.Choose(0, 2)
            select (Side: side, Price: (long)price, Quantity: (long)quantity);
        var message =
            from size in Gen.Elements(1, 3, 300)
            from levels in Gen.ArrayOf(level, size)
            from drift in Gen.Choose(-1_400, 1_400)
            select levels.Select(l => l with { Price = Math.Max(1, l.Price + drift) }).ToArray();
        return Prop.ForAll(Gen.ListOf(message).ToArbitrary(), Gen.Elements(64, 128, 1024).ToArbitrary(), (messages, ladderTicks) =>
            MatchesSortedModel(messages, depth: 0, ladderTicks));
    }

    [TestCase(Side.Buy, 1000, 900, TestName = "APriceIndexedWindow_WhenItsLastLevelGoes_SlidesDownToTheLevelsBelowIt(bids)")]
    [TestCase(Side.Sell, 1000, 1100, TestName = "APriceIndexedWindow_WhenItsLastLevelGoes_SlidesDownToTheLevelsBelowIt(asks)")]
    public void APriceIndexedWindow_WhenItsLastLevelGoes_SlidesDownToTheLevelsBelowIt(Side side, long best, long deeper)
    {
        // A 64-tick window holds the best level; the deeper one, 100 ticks away, is kept below it until the best goes.
        var book = CreateLaddered(64);
        book.SetLevel(side, best, 5);
        book.SetLevel(side, deeper, 7);
        book.SetLevel(side, best, 0);

        var top = side == Side.Buy ? book.GetBid(0) : book.GetAsk(0);
        Assert.Multiple(() =>
        {
            Assert.That(side == Side.Buy ? book.BidDepth : book.AskDepth, Is.EqualTo(1));
            Assert.That(top, Is.EqualTo(new TickLevel(deeper, 7)));
            Assert.That(book.QuantityAt(side, deeper), Is.EqualTo(7));
            Assert.That(book.QuantityAt(side, best), Is.Zero);
        });
    }

    [FsCheck.NUnit.Property(MaxTest = 200)]
    public FsCheck.Property AnyMessageOfLevels_InPriceOrderOrNot_EndsAsSettingThemOneByOne()
    {
        // ApplyLevels merges a long message in price order in one pass; any other message is set level by level.
        var level =
            from price in Gen.OneOf(Gen.Choose(1, 2_000), Gen.Choose(900, 1_100))
            from quantity in Gen.Choose(0, 2)
            select (Price: (long)price, Quantity: (long)quantity);
        var message =
            from levels in Gen.ListOf(level)
            from order in Gen.Elements(0, 1, 2)
            select order switch
            {
                0 => levels.ToArray(),
                1 => levels.DistinctBy(l => l.Price).OrderBy(l => l.Price).ToArray(),
                _ => levels.DistinctBy(l => l.Price).OrderByDescending(l => l.Price).ToArray(),
            };
        var messages = Gen.ListOf(Gen.Zip(message, Gen.Elements(Side.Buy, Side.Sell)));
        return Prop.ForAll(messages.ToArbitrary(), Gen.Elements(0, 10, -64).ToArbitrary(), (stream, depth) =>
        {
            // A negative depth: a full book with a price-indexed window of that many ticks.
            var book = depth < 0 ? CreateLaddered(-depth) : CreateSut(maxDepth: depth);
            var oneByOne = CreateSut(maxDepth: Math.Max(depth, 0));
            foreach (var (levels, side) in stream)
            {
                book.ApplyLevels(side, [.. levels.Select(l => new BookLevel(new Price(l.Price / 10m), new Quantity(l.Quantity / 100_000_000m)))]);
                book.CompleteUpdate();
                foreach (var (price, quantity) in levels)
                {
                    oneByOne.SetLevel(side, price, quantity);
                }

                oneByOne.CompleteUpdate();
                if (!SameLevels(book, oneByOne))
                {
                    return false;
                }
            }

            return true;
        });
    }

    [FsCheck.NUnit.Property(MaxTest = 200)]
    public FsCheck.Property AnyDeltaSequence_OfferedAlreadyConverted_EndsAsTheBookConvertingItself()
    {
        // A backtest's read-ahead thread converts the venue's deltas (PreparedDelta) and offers them to the book: the
        // book must end as it would have converting them itself, an offer for another delta (a synchronizer held the
        // next one back) being ignored. Quantities off the lot grid and crossing books included.
        var level =
            from price in Gen.OneOf(Gen.Choose(1, 3_000), Gen.Choose(1_490, 1_510))
            from quantity in Gen.Elements(0m, 0.5m, 1m, 0.000000004m, 2.123456789m)
            select new BookLevel(new Price(price / 10m), new Quantity(quantity));
        var delta =
            from bids in Gen.ListOf(level)
            from asks in Gen.ListOf(level)
            from stale in Gen.Elements(false, false, true)
            select (Delta: new BookDelta(s_venue, s_spec.Instrument, [.. bids], [.. asks], 1, 1), Stale: stale);
        return Prop.ForAll(Gen.ListOf(delta).ToArbitrary(), messages =>
        {
            var (offered, converting) = (Synced(OrderBook.WithLadder(s_spec, 128)), Synced(OrderBook.WithLadder(s_spec, 128)));
            BookDelta? previous = null;
            foreach (var (message, stale) in messages)
            {
                var prepared = PreparedDelta.TryPrepare(stale && previous is not null ? previous : message, s_spec);
                if (prepared is not null)
                {
                    offered.Offer(prepared);
                }

                var applied = (offered.Apply(message), converting.Apply(message));
                if (applied.Item1 != applied.Item2 || offered.SyncState != converting.SyncState || !SameLevels(offered, converting))
                {
                    return false;
                }

                previous = message;
            }

            return true;
        });

        static OrderBook Synced(OrderBook book)
        {
            book.BeginSnapshot();
            book.CompleteSnapshot();
            return book;
        }
    }

    [Test]
    public void PreparedDelta_IsMadeOnlyOfADeltaTheBookWouldApplyInOnePass()
    {
        static BookDelta Delta(params BookLevel[] bids) => new(s_venue, s_spec.Instrument, [.. bids], [new BookLevel(new Price(101m), new Quantity(1m))], 1, 1);
        var onGrid = PreparedDelta.TryPrepare(Delta(new BookLevel(new Price(100.1m), new Quantity(0.000000004m))), s_spec);
        var longest = Enumerable.Range(1, PreparedDelta.MaxLevels).Select(i => new BookLevel(new Price(i), new Quantity(1m))).ToArray();

        Assert.Multiple(() =>
        {
            Assert.That(onGrid!.BidTicks.ToArray(), Is.EqualTo(new[] { 1001L }));
            Assert.That(onGrid.BidLots.ToArray(), Is.EqualTo(new[] { 1L }), "off the lot grid: the nearest lot, at least one, as the book keeps it");
            Assert.That(onGrid.AskTicks.ToArray(), Is.EqualTo(new[] { 1010L }));
            Assert.That(onGrid.AskLots.ToArray(), Is.EqualTo(new[] { 100_000_000L }));
            Assert.That(PreparedDelta.TryPrepare(Delta(longest), s_spec), Is.Not.Null);
            Assert.That(PreparedDelta.TryPrepare(Delta([.. longest, new BookLevel(new Price(600m), new Quantity(1m))]), s_spec), Is.Null, "longer than one chunk");
            Assert.That(PreparedDelta.TryPrepare(Delta(new BookLevel(new Price(100.15m), new Quantity(1m))), s_spec), Is.Null, "off the tick grid: the book reports it");
            Assert.That(PreparedDelta.TryPrepare(Delta(new BookLevel(new Price(0m), new Quantity(1m))), s_spec), Is.Null, "not a positive price");
        });
    }

    private static bool SameLevels(OrderBook book, OrderBook other)
    {
        if (book.BidDepth != other.BidDepth || book.AskDepth != other.AskDepth)
        {
            return false;
        }

        for (var i = 0; i < book.BidDepth; i++)
        {
            if (book.GetBid(i) != other.GetBid(i))
            {
                return false;
            }
        }

        for (var i = 0; i < book.AskDepth; i++)
        {
            if (book.GetAsk(i) != other.GetAsk(i))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Sets the messages' levels one by one on a book and on a sorted model, truncating both to the depth (0: full) after
    /// each message; the book has a price-indexed window of <paramref name="ladderTicks"/> ticks unless 0.
    /// </summary>
    private static bool MatchesSortedModel(IEnumerable<IEnumerable<(Side Side, long Price, long Quantity)>> messages, int depth, int ladderTicks = 0)
    {
        var book = ladderTicks > 0 ? CreateLaddered(ladderTicks) : CreateSut(maxDepth: depth);
        var model = new Dictionary<Side, SortedDictionary<long, long>> { [Side.Buy] = [], [Side.Sell] = [] };
        foreach (var message in messages)
        {
            foreach (var (side, price, quantity) in message)
            {
                book.SetLevel(side, price, quantity);
                SetLevel(model[side], price, quantity);
            }

            book.CompleteUpdate();
            if (depth > 0)
            {
                Truncate(model[Side.Buy], depth, bestIsHighest: true);
                Truncate(model[Side.Sell], depth, bestIsHighest: false);
            }

            if (!SideIsConsistent(book, Side.Buy, model[Side.Buy]) || !SideIsConsistent(book, Side.Sell, model[Side.Sell]))
            {
                return false;
            }
        }

        return true;
    }

    private static void SetLevel(SortedDictionary<long, long> side, long price, long quantity)
    {
        if (quantity == 0)
        {
            side.Remove(price);
        }
        else
        {
            side[price] = quantity;
        }
    }

    private static void Truncate(SortedDictionary<long, long> side, int depth, bool bestIsHighest)
    {
        while (side.Count > depth)
        {
            side.Remove(bestIsHighest ? side.Keys.First() : side.Keys.Last());
        }
    }

    private static bool SideIsConsistent(OrderBook book, Side side, SortedDictionary<long, long> model)
    {
        var count = side == Side.Buy ? book.BidDepth : book.AskDepth;
        if (count != model.Count)
        {
            return false;
        }

        var expected = side == Side.Buy ? model.Reverse().ToList() : model.ToList();
        foreach (var (price, quantity) in expected)
        {
            // Each level and its neighbours' prices, read by price.
            if (book.QuantityAt(side, price) != quantity || book.QuantityAt(side, price + 1) != model.GetValueOrDefault(price + 1)
                || book.QuantityAt(side, price - 1) != model.GetValueOrDefault(price - 1))
            {
                return false;
            }
        }

        for (var i = 0; i < count; i++)
        {
            var level = side == Side.Buy ? book.GetBid(i) : book.GetAsk(i);
            var strictlyOrdered = i == 0 || (side == Side.Buy
                ? level.PriceTicks < book.GetBid(i - 1).PriceTicks
                : level.PriceTicks > book.GetAsk(i - 1).PriceTicks);
            if (level.QuantityLots == 0 || !strictlyOrdered || level.PriceTicks != expected[i].Key || level.QuantityLots != expected[i].Value)
            {
                return false;
            }
        }

        return true;
    }
}
