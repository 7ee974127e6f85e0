using MarketMaking.Adapters.Kraken;
using MarketMaking.Models;
using MarketMaking.Simulation.Verification;

namespace MarketMaking.Simulation.Tests;

public sealed class BookVerifierTests
{
    private static readonly VenueId s_venue = new("kraken");
    private static readonly InstrumentId s_instrument = new("BTC/USD");

    private static BookVerifier CreateSut() => new(new BookVerifierOptions { CreateSynchronizer = book => new KrakenBookSynchronizer(book) });

    [Test]
    public void Process_NoPrecisionKnown_CountsEachSkippedDeltaOnceAndReportsTheProblemOnce()
    {
        var sut = CreateSut();
        BookLevel[] bids = [new(Price.Parse("100.1"), Quantity.Parse("1"))];

        sut.Process(new BookSnapshot(s_venue, s_instrument, [.. bids], [], 0, 0));
        sut.Process(new BookDelta(s_venue, s_instrument, [.. bids], [], 0, 0));
        sut.Process(new BookSnapshot(s_venue, s_instrument, [.. bids], [], 0, 0));
        sut.Process(new BookDelta(s_venue, s_instrument, [.. bids], [], 0, 0));

        var report = sut.Reports.Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(report.MessagesRead, Is.EqualTo(4));
            Assert.That(report.DeltasSkipped, Is.EqualTo(2));
            Assert.That(report.SnapshotsApplied, Is.Zero);
            Assert.That(report.LacksPrecision, Is.True);
            Assert.That(report.HasFailures, Is.True);
            Assert.That(report.Problems, Has.Count.EqualTo(1));
            Assert.That(report.Problems[0], Does.Contain("pass --price-precision and --qty-precision"));
        }
    }
}
