using System.Text;
using System.Text.Json;
using MarketMaking.Models;
using MarketMaking.Testing;

namespace MarketMaking.Adapters.Mexc.Tests;

/// <summary>Every MEXC Futures fixture (REST envelopes and WebSocket pushes) into the typed model.</summary>
public sealed class MexcFuturesFixturesTests
{
    private static string Text(string name) => File.ReadAllText(RepoPaths.Fixture($"mexc/futures/{name}"));

    private static JsonElement Data(string name)
    {
        var envelope = MexcFuturesReaders.ReadEnvelope(Encoding.UTF8.GetBytes(Text($"rest/{name}")));
        Assert.That(envelope.IsSuccess, Is.True, envelope.Error?.ToString());
        return envelope.Value;
    }

    private static T Value<T>(VenueResult<T> result)
    {
        Assert.That(result.IsSuccess, Is.True, result.Error?.ToString());
        return result.Value!;
    }

    [Test]
    public void RestFixtures_ReadIntoContractsDepthBalancesPositionsAndOrders()
    {
        var contract = Value(MexcFuturesReaders.ReadContracts(Data("contract-detail-BTC_USDT.json"))).Single();
        var depth = Value(MexcFuturesReaders.ReadDepth(Data("depth-BTC_USDT.json"), InstrumentId.Create("BTC_USDT"), 1));
        var assets = Value(MexcFuturesReaders.ReadAssets(Data("account-assets.json")));
        var position = Value(MexcFuturesReaders.ReadPositions(Data("open-positions.json"))).Single();
        var submitted = Value(MexcFuturesReaders.ReadOrderId(Data("order-submit-response.json")));
        var created = Value(MexcFuturesReaders.ReadOrderId(Data("order-create-response-jkorf.json")));
        var canceled = Value(MexcFuturesReaders.ReadCancel(Data("order-cancel-response.json")));

        Assert.Multiple(() =>
        {
            Assert.That((contract.Spec.TickSize, contract.Spec.LotSize, contract.Spec.MinQuantity), Is.EqualTo((new Price(0.5m), new Quantity(1m), new Quantity(1m))));
            Assert.That((contract.ContractSize, contract.MakerFeeRate, contract.TakerFeeRate, contract.ApiAllowed), Is.EqualTo((0.0001m, 0.0002m, 0.0006m, true)));
            Assert.That(depth.LastUpdateId, Is.EqualTo(2827730444));
            Assert.That(depth.Asks[0], Is.EqualTo(new BookLevel(new Price(3445.72m), new Quantity(48379m))), "[price, contracts, orders]");
            Assert.That(depth.TsEvent, Is.EqualTo(1634117846232L * 1_000_000));
            Assert.That(assets[1], Is.EqualTo(new AssetBalance(AssetId.Create("USDT"), 0.03176562m, 0.03176562m)));
            Assert.That((position.Instrument.Value, position.Side, position.Contracts, position.OpenAveragePrice, position.Leverage), Is.EqualTo(("ETH_USDT", Side.Buy, 1m, 1217.3m, 100)));
            Assert.That(submitted, Is.EqualTo("102057569836905984"), "a bare number above 2^53, read exactly");
            Assert.That(created, Is.EqualTo("739113577038255616"));
            Assert.That(canceled.Select(c => c.Value?.Kind), Is.EqualTo(new VenueErrorKind?[] { VenueErrorKind.UnknownOrder, VenueErrorKind.UnknownOrder, null }));
            Assert.That(canceled[0].Key, Is.EqualTo("101716841474621953"));
        });
    }

    [Test]
    public void OpenOrdersTemplate_ReadsDespiteItsFailureFlag_AsTheEnvelopeSaysWhatItSays()
    {
        var envelope = MexcFuturesReaders.ReadEnvelope(Encoding.UTF8.GetBytes(Text("rest/open-orders-template.json")));
        var data = JsonDocument.Parse(Text("rest/open-orders-template.json")).RootElement.GetProperty("data");
        var order = Value(MexcFuturesReaders.ReadOrders(data)).Single();

        Assert.Multiple(() =>
        {
            Assert.That(envelope.IsSuccess, Is.False, "success:false is a failure whatever the code");
            Assert.That((order.OrderId, order.Status, order.ClientOrderId), Is.EqualTo(("0", OrderStatus.Unknown, (ClientOrderId?)null)), "the template's zero values and empty strings");
        });
    }

    [Test]
    public void ErrorEnvelopes_MapByCode_AndTheClosedOrderEntrySaysWhy()
    {
        var errors = JsonDocument.Parse(Text("rest/errors.json")).RootElement.EnumerateArray()
            .Select(e => MexcFuturesReaders.ReadEnvelope(Encoding.UTF8.GetBytes(e.GetProperty("payload").GetRawText())).Error!)
            .ToArray();

        Assert.Multiple(() =>
        {
            Assert.That(errors.Select(e => e.Kind), Is.EqualTo(new[] { VenueErrorKind.ServiceUnavailable, VenueErrorKind.PermissionDenied, VenueErrorKind.UnknownOrder, VenueErrorKind.ServiceUnavailable }));
            Assert.That(errors[1].Message, Does.Contain("Contract not allow place order!").And.Contain("closed futures order entry"));
            Assert.That(errors[1].VenueCode, Is.EqualTo("MEXC-F 1002"));
        });
    }

    [Test]
    public void WebSocketPushes_BecomeDeltasTradesOrderUpdatesFillsBalancesAndPositions()
    {
        var events = new List<VenueEvent>();
        var positions = new List<MexcFuturesPosition>();
        foreach (var name in (string[])["push-depth", "push-deal", "push-personal-order", "push-personal-order-deal", "push-personal-asset", "push-personal-position"])
        {
            var read = MexcFuturesReaders.TryReadPush(JsonDocument.Parse(Text($"ws/{name}.json")).RootElement, 9, events, positions, out var problem);
            Assert.That(read, Is.True, $"{name}: {problem}");
        }

        var delta = (BookDelta)events[0];
        var trade = (Trade)events[1];
        var order = (OrderUpdate)events[2];
        var fill = (FillEvent)events[3];
        var balance = (BalanceUpdate)events[4];
        Assert.Multiple(() =>
        {
            Assert.That(events, Has.Count.EqualTo(5));
            Assert.That((delta.FirstUpdateId, delta.FinalUpdateId, delta.Asks.Single()), Is.EqualTo(((long?)96801927, (long?)96801927, new BookLevel(new Price(6859.5m), new Quantity(3251m)))));
            Assert.That((trade.Price, trade.Quantity, trade.AggressorSide), Is.EqualTo((new Price(6866.5m), new Quantity(2096m), Side.Buy)));
            Assert.That((order.VenueOrderId.Value, order.Status, order.ClientOrderId!.Value.Value, order.Side), Is.EqualTo(("102067003631907840", OrderStatus.Filled, "_m_95bc2b72d3784bce8f9efecbdef9fe35", (Side?)Side.Sell)));
            Assert.That((fill.VenueOrderId.Value, fill.TradeId.Value, fill.Quantity, fill.Fee, fill.Liquidity), Is.EqualTo(("123456789", "987654321", new Quantity(10m), 0.225m, LiquiditySide.Taker)));
            Assert.That((balance.Asset.Value, balance.Available), Is.EqualTo(("USDT", (decimal?)0.7514236m)));
            Assert.That((positions.Single().Instrument.Value, positions.Single().State), Is.EqualTo(("CRV_USDT", 3)));
        });
    }

    [Test]
    public void AMalformedPush_IsReportedAndAddsNothing()
    {
        var events = new List<VenueEvent>();

        var read = MexcFuturesReaders.TryReadPush(JsonDocument.Parse("""{"channel":"push.deal","data":{"p":"x"},"symbol":"BTC_USDT"}""").RootElement, 1, events, [], out var problem);

        Assert.Multiple(() =>
        {
            Assert.That(read, Is.False);
            Assert.That(problem, Does.StartWith("not a MEXC futures push"));
            Assert.That(events, Is.Empty);
        });
    }
}
