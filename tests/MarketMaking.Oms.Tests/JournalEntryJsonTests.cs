using System.Buffers;
using System.Text;
using System.Text.Json;
using MarketMaking.Models;

namespace MarketMaking.Oms.Tests;

/// <summary>The journal's hand-written JSON: the same bytes as the serializer's for any record, every member written.</summary>
public sealed class JournalEntryJsonTests
{
    private static readonly string[] s_texts = ["", "kraken", "mm0shxbqf0000001", "BTC/USDT", "quote \" and \\ slash", "<tag> & 'apostrophe' +", "ünïcödé €", "line\nbreak\ttab"];
    private static readonly decimal[] s_decimals = [0m, 0.00m, 1m, -1m, 0.00100000m, 61795.05m, -123456.789012m, 79228162514264337593543950335m, 0.0000000000000000000000000001m];

    [Test]
    public void AnyRecord_IsWrittenAsTheSerializerWritesIt_ByteForByte()
    {
        // Each member at its default half the time, else a value from a set that includes what needs escaping, zeros
        // with and without a scale, negatives and the extremes.
        var random = new Random(20261206);
        for (var i = 0; i < 5_000; i++)
        {
            var entry = new JournalEntry
            {
                Kind = Text(random) ?? "fill",
                Timestamp = Maybe(random, () => random.NextInt64(long.MinValue, long.MaxValue)),
                Venue = Text(random) ?? "kraken",
                ClientOrderId = Text(random),
                VenueOrderId = Text(random),
                Instrument = Text(random),
                Side = Maybe(random, () => (Side)random.Next(0, 3)),
                OrderType = Maybe(random, () => (OrderType)random.Next(0, 5)),
                TimeInForce = Maybe(random, () => (TimeInForce)random.Next(0, 5)),
                Quantity = random.Next(2) == 0 ? null : Decimal(random),
                Price = random.Next(2) == 0 ? null : Decimal(random),
                PostOnly = random.Next(2) == 0,
                Strategy = Text(random),
                Counter = Maybe(random, () => random.NextInt64()),
                Action = Maybe(random, () => (OrderEntryAction)random.Next(0, 6)),
                Outcome = Maybe(random, () => (VenueOutcome)random.Next(0, 4)),
                ErrorKind = Maybe(random, () => (VenueErrorKind)random.Next(0, 8)),
                Error = Text(random),
                TradeId = Text(random),
                Fee = Maybe(random, () => Decimal(random)),
                FeeAsset = Text(random),
                Liquidity = Maybe(random, () => (LiquiditySide)random.Next(0, 3)),
                Event = Maybe(random, () => (OrderEventKind)random.Next(0, 15)),
                Status = random.Next(2) == 0 ? null : (OrderStatus)random.Next(0, 8),
                Amount = random.Next(2) == 0 ? null : Decimal(random),
                Rate = random.Next(2) == 0 ? null : Decimal(random),
            };

            Assert.That(HandWritten(entry), Is.EqualTo(Serialized(entry)), $"record {i}");
        }
    }

    [Test]
    public void ARecordWithEveryMemberSet_HasEveryMemberInItsJson()
    {
        var entry = new JournalEntry
        {
            Kind = "fill", Timestamp = 1, Venue = "kraken", ClientOrderId = "c", VenueOrderId = "v", Instrument = "BTC/USDT", Side = Side.Sell,
            OrderType = OrderType.Limit, TimeInForce = TimeInForce.GoodTillCanceled, Quantity = 0m, Price = 1.50m, PostOnly = true, Strategy = "s",
            Counter = 2, Action = OrderEntryAction.Submit, Outcome = VenueOutcome.Succeeded, ErrorKind = VenueErrorKind.RateLimited, Error = "e",
            TradeId = "t", Fee = -0.01m, FeeAsset = "USDT", Liquidity = LiquiditySide.Maker, Event = OrderEventKind.Filled, Status = OrderStatus.Filled,
            Amount = 0m, Rate = 0.0001m,
        };

        var json = HandWritten(entry);

        using var document = JsonDocument.Parse(json);
        Assert.That(
            document.RootElement.EnumerateObject().Select(p => p.Name),
            Is.EqualTo(typeof(JournalEntry).GetProperties().Where(p => p.GetMethod!.IsPublic && p.Name != "EqualityContract").Select(p => p.Name)),
            "a member added to JournalEntry is written too, in its place");
        Assert.That(json, Is.EqualTo(Serialized(entry)));
    }

    private static T Maybe<T>(Random random, Func<T> value) => random.Next(2) == 0 ? default! : value();

    private static string? Text(Random random) => random.Next(3) == 0 ? null : s_texts[random.Next(s_texts.Length)];

    private static decimal Decimal(Random random) => s_decimals[random.Next(s_decimals.Length)];

    private static string HandWritten(JournalEntry entry)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            JournalEntryJson.Write(writer, entry);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static string Serialized(JournalEntry entry)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            JsonSerializer.Serialize(writer, entry, JournalJson.Default.JournalEntry);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
