using System.Text.Json;
using MarketMaking.Models;
using MarketMaking.Testing;

namespace MarketMaking.Adapters.Kraken.Tests;

public sealed class KrakenRestReadersTests
{
    private static readonly VenueId s_kraken = VenueId.Create("kraken");

    private static JsonElement Result(string fixture)
    {
        var envelope = KrakenRestReaders.ReadEnvelope(File.ReadAllBytes(RepoPaths.Fixture($"kraken/{fixture}")));
        Assert.That(envelope.IsSuccess, Is.True, envelope.ToString());
        return envelope.Value;
    }

    private static KrakenPairDirectory Pairs() =>
        new(KrakenRestReaders.ReadAssetPairs(Result("rest-assetpairs-xbtusd.json")).Value);

    [TestCase("rest-error-invalid-arguments.json", VenueErrorKind.InvalidRequest, "EGeneral:Invalid arguments:ordertype")]
    [TestCase("rest-error-permission-denied-capture.json", VenueErrorKind.PermissionDenied, "EGeneral:Permission denied")]
    [TestCase("rest-addorder-error-insufficient-funds.CONSTRUCTED.json", VenueErrorKind.InsufficientFunds, "EOrder:Insufficient funds")]
    public void ReadEnvelope_ErrorBody_IsAFailureOfTheMappedKind(string fixture, VenueErrorKind kind, string code)
    {
        var result = KrakenRestReaders.ReadEnvelope(File.ReadAllBytes(RepoPaths.Fixture($"kraken/{fixture}")));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Outcome, Is.EqualTo(VenueOutcome.Failed));
            Assert.That(result.Error!.Kind, Is.EqualTo(kind));
            Assert.That(result.Error.VenueCode, Is.EqualTo(code));
        }
    }

    [TestCase("<html>502 Bad Gateway</html>", "not JSON")]
    [TestCase("[1,2]", "not a JSON object")]
    [TestCase("{\"error\":[]}", "neither an error nor a result")]
    public void ReadEnvelope_MalformedBody_IsAMalformedResponseNamingTheProblem(string body, string expected)
    {
        var result = KrakenRestReaders.ReadEnvelope(System.Text.Encoding.UTF8.GetBytes(body));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Error!.Kind, Is.EqualTo(VenueErrorKind.MalformedResponse));
            Assert.That(result.Error.Message, Does.Contain(expected));
        }
    }

    [Test]
    public void ReadEnvelope_WarningWithResult_IsASuccess()
    {
        var result = KrakenRestReaders.ReadEnvelope("{\"error\":[\"WGeneral:Deprecated\"],\"result\":{\"count\":1}}"u8);

        Assert.That(KrakenRestReaders.ReadCancel(result.Value).Value!.Count, Is.EqualTo(1));
    }

    [Test]
    public void ReadTime_Fixture_GivesNanoseconds()
    {
        Assert.That(KrakenRestReaders.ReadTime(Result("rest-time.json")).Value, Is.EqualTo(1_688_669_448L * 1_000_000_000L));
    }

    [TestCase("rest-assetpairs-xbtusd.json", "0.0001")]
    [TestCase("rest-assetpairs-xbtusd-trimmed-capture.json", "0.00005")]
    public void ReadAssetPairs_Fixture_GivesTheSpecAndNames(string fixture, string orderMinimum)
    {
        var pair = KrakenRestReaders.ReadAssetPairs(Result(fixture)).Value.Single();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(pair.Key, Is.EqualTo("XXBTZUSD"));
            Assert.That(pair.AltName, Is.EqualTo("XBTUSD"));
            Assert.That(pair.Instrument, Is.EqualTo(InstrumentId.Create("BTC/USD")));
            Assert.That(pair.Spec.TickSize, Is.EqualTo(Price.Parse("0.1")));
            Assert.That(pair.Spec.LotSize, Is.EqualTo(Quantity.Parse("0.00000001")));
            Assert.That(pair.Spec.PricePrecision, Is.EqualTo(1));
            Assert.That(pair.Spec.SizePrecision, Is.EqualTo(8));
            Assert.That(pair.Spec.MinQuantity, Is.EqualTo(Quantity.Parse(orderMinimum)));
            Assert.That(pair.Status, Is.EqualTo("online"));
        }
    }

    [Test]
    public void ReadDepth_Fixture_GivesBestFirstLevelsAndTheLatestTime()
    {
        var book = KrakenRestReaders.ReadDepth(Result("rest-depth-xbtusd.json"), s_kraken, InstrumentId.Create("BTC/USD"), tsInit: 5).Value!;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(book.Bids[0], Is.EqualTo(new BookLevel(Price.Parse("30297.0"), Quantity.Parse("1.115"))));
            Assert.That(book.Asks[0], Is.EqualTo(new BookLevel(Price.Parse("30384.1"), Quantity.Parse("2.059"))));
            Assert.That(book.Bids, Has.Length.EqualTo(3));
            Assert.That(book.TsEvent, Is.EqualTo(1_688_671_674L * 1_000_000_000L));
            Assert.That(book.TsInit, Is.EqualTo(5));
        }
    }

    [Test]
    public void ReadTicker_Fixture_GivesTopOfBookAndLast()
    {
        var ticker = KrakenRestReaders.ReadTicker(Result("rest-ticker-xbtusd.json"), InstrumentId.Create("BTC/USD")).Value!;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(ticker.BidPrice, Is.EqualTo(Price.Parse("30300.0")));
            Assert.That(ticker.AskPrice, Is.EqualTo(Price.Parse("30300.1")));
            Assert.That(ticker.LastPrice, Is.EqualTo(Price.Parse("30303.2")));
            Assert.That(ticker.Volume24h, Is.EqualTo(Quantity.Parse("4412.73601799")));
        }
    }

    [Test]
    public void ReadBalance_Fixture_GivesCanonicalAssetsKeepingWalletSuffixes()
    {
        var balances = KrakenRestReaders.ReadBalance(Result("rest-balance.json")).Value.ToDictionary(b => b.Asset.Value);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(balances["BTC"].Total, Is.EqualTo(1011.19088779m));
            Assert.That(balances["USD"].Total, Is.EqualTo(171288.6158m));
            Assert.That(balances["ETH2.S"].Total, Is.EqualTo(198.39708m));
            Assert.That(balances["USD.M"].Total, Is.EqualTo(1213029.278m));
            Assert.That(balances, Has.Count.EqualTo(10));
        }
    }

    [Test]
    public void ReadBalanceEx_Fixture_GivesAvailableAsBalanceMinusHold()
    {
        var balances = KrakenRestReaders.ReadBalanceEx(Result("rest-balanceex.json")).Value.ToDictionary(b => b.Asset.Value);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(balances["USD"].Available, Is.EqualTo(25435.21m - 8249.76m));
            Assert.That(balances["BTC"].Held, Is.EqualTo(0.8423m));
        }
    }

    [Test]
    public void ReadOrders_OpenOrdersFixture_GivesStatusFillsAndInstrument()
    {
        var orders = KrakenRestReaders.ReadOrders(Result("rest-openorders.json"), Pairs()).Value.ToDictionary(o => o.VenueOrderId.Value);
        var partly = orders["OQCLML-BW3P3-BUCMWZ"];

        using (Assert.EnterMultipleScope())
        {
            Assert.That(orders, Has.Count.EqualTo(2));
            Assert.That(partly.Instrument, Is.EqualTo(InstrumentId.Create("BTC/USD")));
            Assert.That(partly.Status, Is.EqualTo(OrderStatus.PartiallyFilled));
            Assert.That(partly.FilledQuantity, Is.EqualTo(Quantity.Parse("0.375")));
            Assert.That(partly.LimitPrice, Is.EqualTo(Price.Parse("30010.0")));
            Assert.That(partly.OpenedNanoseconds, Is.EqualTo(1_688_666_559_897_400_000L));
            Assert.That(orders["OB5VMB-B4U2U-DK2WRW"].Status, Is.EqualTo(OrderStatus.Accepted));
        }
    }

    [Test]
    public void ReadOrders_QueryOrdersFixture_GivesClosedOrdersAsFilled()
    {
        var orders = KrakenRestReaders.ReadOrders(Result("rest-queryorders.json"), Pairs()).Value.ToDictionary(o => o.VenueOrderId.Value);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(orders["OBCMZD-JIEE7-77TH3F"].Status, Is.EqualTo(OrderStatus.Filled));
            Assert.That(orders["OBCMZD-JIEE7-77TH3F"].Type, Is.EqualTo(OrderType.Unspecified), "stop-loss-limit is not a platform order type");
            Assert.That(orders["OMMDB2-FSB6Z-7W3HPO"].Side, Is.EqualTo(Side.Sell));
            Assert.That(orders["OMMDB2-FSB6Z-7W3HPO"].Type, Is.EqualTo(OrderType.Market));
        }
    }

    [Test]
    public void ReadAddOrder_SuccessAndValidateFixtures_GiveTheIdOrNone()
    {
        var clientId = ClientOrderId.Create("mm-1");
        var placed = KrakenRestReaders.ReadAddOrder(Result("rest-addorder-success.json"), clientId).Value!;
        var validated = KrakenRestReaders.ReadAddOrder(Result("rest-addorder-validate.CONSTRUCTED.json"), clientId).Value!;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(placed.VenueOrderId, Is.EqualTo(VenueOrderId.Create("OUF4EM-FRGI2-MQMWZD")));
            Assert.That(placed.Description, Does.StartWith("buy 2.12340000 XBTUSD"));
            Assert.That(validated.VenueOrderId, Is.Null);
            Assert.That(validated.ClientOrderId, Is.EqualTo(clientId));
        }
    }

    [Test]
    public void ReadAddOrderBatch_Fixture_GivesOneResultPerOrderInOrder()
    {
        var ids = new[] { ClientOrderId.Create("a"), ClientOrderId.Create("b") };

        var results = KrakenRestReaders.ReadAddOrderBatch(Result("rest-addorderbatch.json"), ids).Value;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(results[0].Value!.VenueOrderId, Is.EqualTo(VenueOrderId.Create("O5OR23-ADFAD-Y2G61C")));
            Assert.That(results[1].Value!.ClientOrderId, Is.EqualTo(ids[1]));
        }
    }

    [Test]
    public void ReadAddOrderBatch_ItemError_IsReportedForThatItemOnly()
    {
        var body = """{"error":[],"result":{"orders":[{"txid":"OA-1"},{"error":"EOrder:Insufficient funds"}]}}"""u8;
        var ids = new[] { ClientOrderId.Create("a"), ClientOrderId.Create("b") };

        var results = KrakenRestReaders.ReadAddOrderBatch(KrakenRestReaders.ReadEnvelope(body).Value, ids).Value;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(results[0].IsSuccess, Is.True);
            Assert.That(results[1].Error!.Kind, Is.EqualTo(VenueErrorKind.InsufficientFunds));
        }
    }

    [Test]
    public void ReadAmendEditCancelFixtures_GiveTheirIdsAndCounts()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(KrakenRestReaders.ReadAmendOrder(Result("rest-amendorder-capture.json")).Value!.AmendId, Is.EqualTo("TVB4ER-X5QP3-ADURMW"));
            Assert.That(KrakenRestReaders.ReadEditOrder(Result("rest-editorder.json")).Value!.NewOrderId, Is.EqualTo(VenueOrderId.Create("OFVXHJ-KPQ3B-VS7ELA")));
            Assert.That(KrakenRestReaders.ReadCancel(Result("rest-cancelorder.json")).Value!.Count, Is.EqualTo(1));
            Assert.That(KrakenRestReaders.ReadCancel(Result("rest-cancelall.json")).Value!.Count, Is.GreaterThanOrEqualTo(0));
        }
    }

    [Test]
    public void ReadCancelAllOrdersAfter_Fixture_GivesAnArmedSwitchOneMinuteAhead()
    {
        var status = KrakenRestReaders.ReadCancelAllOrdersAfter(Result("rest-cancelallordersafter.json")).Value!;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(status.IsArmed, Is.True);
            Assert.That(status.TriggerTimeNanoseconds - status.CurrentTimeNanoseconds, Is.EqualTo(60_000_000_000L));
        }
    }

    [Test]
    public void ReadWebSocketsToken_Fixture_GivesTheTokenButNeverPrintsIt()
    {
        var token = KrakenRestReaders.ReadWebSocketsToken(Result("rest-getwebsocketstoken.json")).Value!;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(token.ExpiresIn, Is.EqualTo(TimeSpan.FromSeconds(900)));
            Assert.That(token.Token, Is.EqualTo("nmc39wCfFqn0mirRrpHMFOu0xfq4VVghFy+UPzpVcJo"));
            Assert.That(token.ToString(), Does.Not.Contain(token.Token));
        }
    }

    [Test]
    public void ReadOrders_MissingField_IsAMalformedResponseNamingIt()
    {
        var body = """{"error":[],"result":{"open":{"OX":{"status":"open","descr":{"pair":"XBTUSD","type":"buy","ordertype":"limit"}}}}}"""u8;

        var result = KrakenRestReaders.ReadOrders(KrakenRestReaders.ReadEnvelope(body).Value, Pairs());

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Error!.Kind, Is.EqualTo(VenueErrorKind.MalformedResponse));
            Assert.That(result.Error.Message, Does.Contain("vol"));
        }
    }
}
