using System.Text.Json;
using MarketMaking.Models;
using MarketMaking.Testing;

namespace MarketMaking.Adapters.Mexc.Tests;

/// <summary>Every remaining Spot REST fixture (depth, orders, batch, account, listen key, time, ticker) into the typed model.</summary>
public sealed class MexcRestResponsesTests
{
    private static readonly VenueId s_mexc = MexcVenue.SpotId;
    private static readonly InstrumentId s_btcUsdt = InstrumentId.Create("BTCUSDT");

    private static JsonElement Fixture(string name) => JsonDocument.Parse(File.ReadAllText(RepoPaths.Fixture($"mexc/spot/rest/{name}"))).RootElement;

    private static T Value<T>(VenueResult<T> result)
    {
        Assert.That(result.IsSuccess, Is.True, result.Error?.ToString());
        return result.Value!;
    }

    [Test]
    public void Depth_LastUpdateIdAsNumberOrString_BecomesTheSnapshotVersion()
    {
        var docs = Value(MexcRestReaders.ReadDepth(Fixture("depth.json"), s_mexc, s_btcUsdt, 7));
        var ccxt = Value(MexcRestReaders.ReadDepth(Fixture("depth-BTCUSDT-ccxt-comment.json"), s_mexc, s_btcUsdt, 7));

        Assert.Multiple(() =>
        {
            Assert.That(docs.LastUpdateId, Is.EqualTo(1112416));
            Assert.That(docs.Bids.Single(), Is.EqualTo(new BookLevel(new Price(15m), new Quantity(49999m))));
            Assert.That(docs.Asks.Single(), Is.EqualTo(new BookLevel(new Price(14m), new Quantity(1m))));
            Assert.That(ccxt.LastUpdateId, Is.EqualTo(744267132), "a string lastUpdateId");
            Assert.That(ccxt.Bids[0], Is.EqualTo(new BookLevel(new Price(40838.50m), new Quantity(0.387864m))));
            Assert.That(ccxt.Asks[1], Is.EqualTo(new BookLevel(new Price(40838.88m), new Quantity(0.498m))));
        });
    }

    [Test]
    public void Orders_NewQueryCancelOpenAndCancelAll_ReadWithOpaqueIds()
    {
        var ack = Value(MexcRestReaders.ReadNewOrder(Fixture("order-new-response.json"), ClientOrderId.Create("mine-1")));
        var query = Value(MexcRestReaders.ReadOrder(Fixture("order-query-response.json")));
        var cancel = Value(MexcRestReaders.ReadOrder(Fixture("order-cancel-response.json")));
        var open = Value(MexcRestReaders.ReadOrders(Fixture("openOrders.json")));
        var canceledAll = Value(MexcRestReaders.ReadOrders(Fixture("openOrders-cancel-all-response.json")));

        Assert.Multiple(() =>
        {
            Assert.That(ack.VenueOrderId!.Value.Value, Is.EqualTo("06a480e69e604477bfb48dddd5f0b750"));
            Assert.That(ack.ClientOrderId.Value, Is.EqualTo("mine-1"), "the answer has no client id: the one sent");
            Assert.That((query.VenueOrderId.Value, query.Instrument.Value, query.Side, query.Status), Is.EqualTo(("1", "LTCBTC", Side.Buy, OrderStatus.Accepted)), "a numeric id kept as text");
            Assert.That((query.Quantity, query.FilledQuantity, query.LimitPrice), Is.EqualTo((new Quantity(1m), Quantity.Zero, (Price?)new Price(0.1m))));
            Assert.That(query.ClientOrderId!.Value.Value, Is.EqualTo("myOrder1"));
            Assert.That(query.OpenedNanoseconds, Is.EqualTo(1499827319559L * 1_000_000));
            Assert.That((cancel.Status, cancel.ClientOrderId!.Value.Value), Is.EqualTo((OrderStatus.Canceled, "myOrder1")), "the canceled order's id is origClientOrderId");
            Assert.That(open.Single().ClientOrderId!.Value.Value, Is.EqualTo("myOrder1"));
            Assert.That(canceledAll.Select(o => o.VenueOrderId.Value), Is.EqualTo(new[] { "11", "13" }));
            Assert.That(canceledAll.Select(o => o.ClientOrderId!.Value.Value), Is.EqualTo(new[] { "E6APeyTJvkMvLMYMqu1KQ4", "A3EF2HCwxgZPFMrfwbgrhv" }));
        });
    }

    [Test]
    public void Batch_AFailedItemInsideTheHttp200_IsThatOrdersOwnFailure()
    {
        var batch = Fixture("batchOrders.json");
        var ids = new[] { ClientOrderId.Create("a"), ClientOrderId.Create("b"), ClientOrderId.Create("c") };

        var allOk = Value(MexcRestReaders.ReadBatch(batch.GetProperty("response_all_ok"), ids[..2]));
        var partial = Value(MexcRestReaders.ReadBatch(batch.GetProperty("response_partial_failure"), ids));
        var wrongCount = MexcRestReaders.ReadBatch(batch.GetProperty("response_all_ok"), ids);

        Assert.Multiple(() =>
        {
            Assert.That(allOk.Select(r => r.Value!.VenueOrderId!.Value.Value), Is.EqualTo(new[] { "1196315350023612316", "1196315350023612318" }));
            Assert.That(partial[0].IsSuccess && partial[2].IsSuccess, Is.True);
            Assert.That(partial[1].IsSuccess, Is.False);
            Assert.That(partial[1].Error!.Kind, Is.EqualTo(VenueErrorKind.InvalidQuantity), "30002: below the minimum amount");
            Assert.That(partial[1].Error!.Message, Does.Contain("minimum transaction volume"));
            Assert.That(partial[2].Value!.ClientOrderId.Value, Is.EqualTo("c"));
            Assert.That(wrongCount.Error!.Kind, Is.EqualTo(VenueErrorKind.MalformedResponse), "two answers for three orders is not a batch answer");
        });
    }

    [Test]
    public void AccountTimeTickerAndListenKeys_Read()
    {
        var balances = Value(MexcRestReaders.ReadBalances(Fixture("account.json")));
        var time = Value(MexcRestReaders.ReadServerTime(Fixture("time.json")));
        var ticker = Value(MexcRestReaders.ReadTicker(Fixture("ticker-24hr.json"), s_btcUsdt));
        var listenKeys = Fixture("listenKey.json").EnumerateArray().Select(e => e.GetProperty("payload")).ToArray();

        Assert.Multiple(() =>
        {
            Assert.That(balances[0], Is.EqualTo(new AssetBalance(AssetId.Create("NBNTEST"), 1111111m, 1111078m)), "total = free + locked");
            Assert.That(time, Is.EqualTo(1645539742000L * 1_000_000));
            Assert.That((ticker.BidPrice, ticker.AskPrice, ticker.LastPrice), Is.EqualTo((new Price(46260.38m), new Price(46260.41m), new Price(46263.71m))));
            Assert.That(ticker.BidQuantity, Is.EqualTo(Quantity.Zero), "an empty quantity is zero");
            Assert.That(Value(MexcRestReaders.ReadListenKey(listenKeys[0])), Does.StartWith("pqia91ma"));
            Assert.That(Value(MexcRestReaders.ReadListenKeys(listenKeys[1])), Has.Length.EqualTo(3), "archived list shape");
            Assert.That(Value(MexcRestReaders.ReadListenKeys(listenKeys[2])), Has.Length.EqualTo(2), "newer list shape with total and available");
            Assert.That(Value(MexcRestReaders.ReadListenKey(listenKeys[3])), Is.EqualTo(Value(MexcRestReaders.ReadListenKey(listenKeys[4]))), "keep-alive and close echo the key");
        });
    }

    [Test]
    public void BookTickerAndMyTrades_ReadIntoTopOfBookAndFills()
    {
        var top = Value(MexcRestReaders.ReadBookTicker(Fixture("ticker-bookTicker.json"), s_mexc, 5));
        var fill = Value(MexcRestReaders.ReadMyTrades(Fixture("myTrades.json"), s_mexc, 5)).Single();

        Assert.Multiple(() =>
        {
            Assert.That((top.Instrument.Value, top.BidPrice, top.BidQuantity, top.AskPrice, top.AskQuantity),
                Is.EqualTo(("AEUSDT", new Price(0.11001m), new Quantity(115.59m), new Price(0.11127m), new Quantity(215.48m))));
            Assert.That((fill.Instrument.Value, fill.VenueOrderId.Value, fill.TradeId.Value), Is.EqualTo(("BNBBTC", "bb41e5663e124046bd9497a3f5692f39", "fad2af9e942049b6adbda1a271f990c6")));
            Assert.That((fill.Side, fill.Price, fill.Quantity, fill.Liquidity), Is.EqualTo((Side.Buy, new Price(4.000001m), new Quantity(12m), LiquiditySide.Taker)));
            Assert.That((fill.Fee, fill.FeeAsset), Is.EqualTo((10.1m, (AssetId?)AssetId.Create("BNB"))));
            Assert.That(fill.ClientOrderId, Is.Null, "clientOrderId null");
            Assert.That(fill.TsEvent, Is.EqualTo(1499865549590L * 1_000_000));
        });
    }

    [Test]
    public void AnAnswerOfTheWrongShape_IsAMalformedResponse_NotAnException()
    {
        var result = MexcRestReaders.ReadDepth(Fixture("account.json"), s_mexc, s_btcUsdt, 1);

        Assert.Multiple(() =>
        {
            Assert.That(result.IsSuccess, Is.False);
            Assert.That(result.Error!.Kind, Is.EqualTo(VenueErrorKind.MalformedResponse));
        });
    }
}
