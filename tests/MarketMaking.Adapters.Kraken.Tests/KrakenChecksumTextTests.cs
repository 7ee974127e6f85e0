using FsCheck;
using FsCheck.Fluent;
using MarketMaking.Models;

namespace MarketMaking.Adapters.Kraken.Tests;

public sealed class KrakenChecksumTextTests
{
    private static OrderBook CreateBook(int pricePrecision, int qtyPrecision) =>
        new(InstrumentSpec.FromPrecision(InstrumentId.Create("X"), pricePrecision, qtyPrecision), maxDepth: 14);

    [FsCheck.NUnit.Property(MaxTest = 300)]
    public Property ReusedDigits_AlwaysGiveTheChecksumComputedFromScratch()
    {
        // Few distinct prices so that levels recur, spread over several digit counts so that reused text shifts.
        var level =
            from side in Gen.Elements(Side.Buy, Side.Sell)
            from price in Gen.Choose(1, 30)
            from scale in Gen.Elements(1L, 7L, 1_000L, 1_000_000_000L)
            from quantity in Gen.Elements(0L, 0L, 1L, 9L, 10L, 123_456_789L)
            select (Side: side, Price: price * scale, Quantity: quantity);
        var messages = Gen.ListOf(Gen.ListOf(level));
        return Prop.ForAll(messages.ToArbitrary(), updates =>
        {
            var book = CreateBook(1, 8);
            var sut = new KrakenChecksumText();
            foreach (var update in updates)
            {
                foreach (var (side, price, quantity) in update)
                {
                    book.SetLevel(side, price, quantity);
                }

                book.CompleteUpdate();
                if (sut.Compute(book) != KrakenBookChecksum.Compute(book))
                {
                    return false;
                }
            }

            return true;
        });
    }

    [Test]
    public void AnotherBook_IsNotGivenTheFirstBooksDigits()
    {
        var first = CreateBook(1, 8);
        var halfTicks = new InstrumentSpec(InstrumentId.Create("Y"), new Price(0.5m), new Quantity(0.00000001m), 1, 8);
        var second = new OrderBook(halfTicks, maxDepth: 14);
        foreach (var book in new[] { first, second })
        {
            book.SetLevel(Side.Buy, 100, 5);
            book.SetLevel(Side.Sell, 101, 5);
        }

        var sut = new KrakenChecksumText();
        var firstChecksum = sut.Compute(first);
        var secondChecksum = sut.Compute(second);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(firstChecksum, Is.EqualTo(KrakenBookChecksum.Compute(first)));
            Assert.That(secondChecksum, Is.EqualTo(KrakenBookChecksum.Compute(second)));
            Assert.That(secondChecksum, Is.Not.EqualTo(firstChecksum), "the same ticks on another tick size are other digits");
        }
    }
}
