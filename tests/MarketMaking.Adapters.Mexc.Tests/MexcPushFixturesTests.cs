using Google.Protobuf;
using MarketMaking.Adapters.Mexc.Protocol;
using MarketMaking.Models;
using MarketMaking.Testing;

namespace MarketMaking.Adapters.Mexc.Tests;

/// <summary>Every binary protobuf fixture decodes, with the project's own definitions, to the values of its JSON twin.</summary>
public sealed class MexcPushFixturesTests
{
    private static readonly string[] s_fixtures =
    [
        "aggre-bookTicker-BTCUSDT", "aggre-deals-BTCUSDT", "aggre-depth-BTCUSDT", "limit-depth-BTCUSDT-5",
        "private-account-USDT", "private-deals-MXUSDT", "private-orders-MXUSDT",
    ];

    [TestCaseSource(nameof(s_fixtures))]
    public void BinaryFrame_DecodesToItsJsonTwin(string name)
    {
        var binary = File.ReadAllBytes(RepoPaths.Fixture($"mexc/spot/ws/pb-bin/{name}.bin"));
        var json = File.ReadAllText(RepoPaths.Fixture($"mexc/spot/ws/pb-json/{name}.json"));

        var decoded = MexcPushFrame.Parser.ParseFrom(binary);
        var expected = new JsonParser(JsonParser.Settings.Default.WithIgnoreUnknownFields(false)).Parse<MexcPushFrame>(json);

        Assert.Multiple(() =>
        {
            Assert.That(decoded, Is.EqualTo(expected), $"{decoded}\nvs\n{expected}");
            Assert.That(decoded.BodyCase, Is.Not.EqualTo(MexcPushFrame.BodyOneofCase.None), "the body's channel member is known");
            Assert.That(decoded.ToByteArray(), Is.EqualTo(binary), "re-encodes to the same bytes: no field was dropped");
        });
    }

    private static List<VenueEvent> Read(string name)
    {
        var events = new List<VenueEvent>();
        var read = MexcSpotPushReader.TryRead(File.ReadAllBytes(RepoPaths.Fixture($"mexc/spot/ws/pb-bin/{name}.bin")), s_mexc, 42, events, out var problem);
        Assert.That(read, Is.True, problem);
        return events;
    }

    private static readonly VenueId s_mexc = VenueId.Create("mexc");

    [Test]
    public void AggregatedDepth_IsADeltaCarryingItsVersions()
    {
        var delta = (BookDelta)Read("aggre-depth-BTCUSDT").Single();

        Assert.Multiple(() =>
        {
            Assert.That(delta.Instrument, Is.EqualTo(InstrumentId.Create("BTCUSDT")));
            Assert.That(delta.Bids.Single(), Is.EqualTo(new BookLevel(new Price(92877.58m), Quantity.Zero)), "a level removed");
            Assert.That(delta.Asks, Is.Empty);
            Assert.That(delta.FirstUpdateId, Is.EqualTo(10589632359));
            Assert.That(delta.FinalUpdateId, Is.EqualTo(10589632359));
            Assert.That(delta.TsEvent, Is.EqualTo(1736411507002L * 1_000_000), "sendTime in ns");
            Assert.That(delta.TsInit, Is.EqualTo(42));
        });
    }

    [Test]
    public void PublicAndPrivatePushes_BecomeTradesTopOfBookOrderUpdatesFillsAndBalances()
    {
        var trade = (Trade)Read("aggre-deals-BTCUSDT").Single();
        var order = (OrderUpdate)Read("private-orders-MXUSDT").Single();
        var fill = (FillEvent)Read("private-deals-MXUSDT").Single();
        var balance = (BalanceUpdate)Read("private-account-USDT").Single();
        var snapshot = (BookSnapshot)Read("limit-depth-BTCUSDT-5").Single();
        var top = (TopOfBook)Read("aggre-bookTicker-BTCUSDT").Single();

        Assert.Multiple(() =>
        {
            Assert.That((trade.Price, trade.Quantity, trade.AggressorSide), Is.EqualTo((new Price(93220.00m), new Quantity(0.04438243m), Side.Sell)));
            Assert.That(trade.TradeId.Value, Is.EqualTo("1736409765051:93220.00:0.04438243"), "no trade id in the push: time, price and quantity");
            Assert.That((order.VenueOrderId.Value, order.Status, order.Side), Is.EqualTo(("C02__505979017439002624115", OrderStatus.Filled, (Side?)Side.Sell)));
            Assert.That((order.Quantity, order.FilledQuantity, order.AveragePrice, order.LimitPrice, order.PostOnly), Is.EqualTo(((Quantity?)new Quantity(1m), (Quantity?)new Quantity(1m), (Price?)new Price(3.6962m), (Price?)null, (bool?)false)), "a market order (type 5): its cumulative fill and average price, no limit price");
            Assert.That((fill.VenueOrderId.Value, fill.TradeId.Value, fill.Side, fill.Price, fill.Quantity), Is.EqualTo(("C02__505979017439002624115", "505979017439002624X1", Side.Sell, new Price(3.6962m), new Quantity(1m))));
            Assert.That((fill.Fee, fill.FeeAsset), Is.EqualTo((0.0003998377369698171m, (AssetId?)AssetId.Create("MX"))));
            Assert.That(fill.Liquidity, Is.EqualTo(LiquiditySide.Taker));
            Assert.That((balance.Asset, balance.Total, balance.Available, balance.Reference), Is.EqualTo((AssetId.Create("USDT"), 21.94210356004384m, (decimal?)21.94210356004384m, "CONTRACT_TRANSFER")));
            Assert.That(snapshot.LastUpdateId, Is.Not.Null);
            Assert.That(snapshot.Bids, Is.Not.Empty);
            Assert.That((top.BidPrice, top.BidQuantity, top.AskPrice, top.AskQuantity), Is.EqualTo((new Price(93387.28m), new Quantity(3.73485m), new Price(93387.29m), new Quantity(7.669875m))));
            Assert.That(top.UpdateId, Is.Null, "this push predates the version field");
        });
    }

    [Test]
    public void AMalformedFrame_IsReportedAndAddsNothing()
    {
        var events = new List<VenueEvent>();

        var read = MexcSpotPushReader.TryRead([0x0A, 0xFF, 0xFF], s_mexc, 1, events, out var problem);

        Assert.Multiple(() =>
        {
            Assert.That(read, Is.False);
            Assert.That(problem, Does.StartWith("not a MEXC push"));
            Assert.That(events, Is.Empty);
        });
    }
}
