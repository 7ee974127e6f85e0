namespace MarketMaking.Models.Tests;

/// <summary>
/// A book kept from diffs checked against the published best bid and ask at the same update id, whichever of the two
/// arrives first; a top at an id no diff ends on is not counted.
/// </summary>
public sealed class TopOfBookCrossCheckTests
{
    private static readonly VenueId s_venue = new("binance");
    private static readonly InstrumentId s_instrument = new("BTCUSDT");

    [Test]
    public void ATopPublishedAfterItsDiff_IsComparedAtOnce_AndOneBeforeItsDiff_WhenTheDiffIsApplied()
    {
        var (synchronizer, check) = SyncedAt(10);

        Apply(synchronizer, check, 11, 12, bid: ("100.01", "2"));
        Assert.That(check.OnPublished(Top(12, "100.01", "2", "100.05", "1")), Is.Null);
        Assert.That(check.OnPublished(Top(14, "100.01", "2", "100.03", "1")), Is.Null, "waits for the diff ending on 14");
        var difference = Apply(synchronizer, check, 13, 14, ask: ("100.04", "1"));

        Assert.That((check.Matched, check.Mismatched), Is.EqualTo((1, 1)));
        Assert.That(difference, Is.EqualTo("Top of book at update id 14: published 2 @ 100.01 / 1 @ 100.03, book 2.00 @ 100.01 / 1.00 @ 100.04"));
    }

    [Test]
    public void ATopAtAnIdNoDiffEndsOn_IsNotCounted_AndAResetForgetsWhatWaited()
    {
        var (synchronizer, check) = SyncedAt(10);
        Apply(synchronizer, check, 11, 15, bid: ("100.01", "2"));

        Assert.That(check.OnPublished(Top(13, "1", "1", "2", "1")), Is.Null, "13 lies inside the diff 11–15");
        Assert.That(check.OnPublished(Top(16, "1", "1", "2", "1")), Is.Null, "waits");
        check.Reset();
        Apply(synchronizer, check, 16, 16, bid: ("100.02", "1"));

        Assert.That((check.Matched, check.Mismatched), Is.EqualTo((0, 0)));
    }

    private static (UpdateIdDepthSynchronizer Synchronizer, TopOfBookCrossCheck Check) SyncedAt(long lastUpdateId)
    {
        var synchronizer = new UpdateIdDepthSynchronizer(new OrderBook(InstrumentSpec.FromPrecision(s_instrument, 2, 2)));
        synchronizer.OnSnapshot(new BookSnapshot(s_venue, s_instrument, [new BookLevel(Price.Parse("100.00"), Quantity.Parse("1"))], [new BookLevel(Price.Parse("100.05"), Quantity.Parse("1"))], 0, 0)
        {
            LastUpdateId = lastUpdateId,
        });
        return (synchronizer, new TopOfBookCrossCheck(synchronizer.Book));
    }

    private static string? Apply(UpdateIdDepthSynchronizer synchronizer, TopOfBookCrossCheck check, long first, long final, (string Price, string Quantity)? bid = null, (string Price, string Quantity)? ask = null)
    {
        var result = synchronizer.OnDelta(new BookDelta(s_venue, s_instrument, Levels(bid), Levels(ask), 0, 0) { FirstUpdateId = first, FinalUpdateId = final });
        Assert.That(result.Disposition, Is.EqualTo(BookUpdateDisposition.Applied));
        return check.OnDiffApplied();
    }

    private static System.Collections.Immutable.ImmutableArray<BookLevel> Levels((string Price, string Quantity)? level) =>
        level is { } l ? [new BookLevel(Price.Parse(l.Price), Quantity.Parse(l.Quantity))] : [];

    private static TopOfBook Top(long updateId, string bid, string bidQuantity, string ask, string askQuantity) =>
        new(s_venue, s_instrument, Price.Parse(bid), Quantity.Parse(bidQuantity), Price.Parse(ask), Quantity.Parse(askQuantity), 0, 0) { UpdateId = updateId };
}
