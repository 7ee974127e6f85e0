using MarketMaking.Models;
using MarketMaking.Simulation.BinanceProtocol;
using MarketMaking.Testing;

namespace MarketMaking.Adapters.Binance.Tests;

/// <summary>
/// REST order entry against the Binance-protocol simulator on loopback, its book built from the recordings: what the
/// venue holds after each answer is read back from the simulated venue, so an answer is never taken on its word.
/// </summary>
[NonParallelizable]
public sealed class BinanceOrderEntryTests
{
    private const string Key = BinanceSimulatorSetup.Key;
    private const string Secret = BinanceSimulatorSetup.Secret;
    private static readonly InstrumentId s_btcUsdt = BinanceSimulatorSetup.BtcUsdt;

    [Test]
    public async Task APostOnlyBidBelowTheTouch_Rests_AndIsCanceledByItsBinanceOrderId()
    {
        await using var server = await BinanceSimulatorSetup.StartBtcUsdtAsync(BinanceMarket.Spot);
        using var client = Client(server);
        var (bid, _) = await BinanceSimulatorSetup.TouchAsync(server);

        var placed = await client.PlaceOrderAsync(PostOnly(Side.Buy, bid - 10m, "0.001", "mm-1"));
        Assert.That(placed.IsSuccess, Is.True, placed.Error?.ToString());
        var resting = await RestingAsync(server);
        var canceled = await client.CancelOrderAsync(s_btcUsdt, new OrderReference(placed.Value!.VenueOrderId, null));

        Assert.Multiple(async () =>
        {
            Assert.That((placed.IsSuccess, placed.Value!.ClientOrderId.Value, placed.Value!.Description), Is.EqualTo((true, "mm-1", "NEW")));
            Assert.That(placed.Value!.VenueOrderId!.Value.Value, Does.Match("^[0-9]+$"), "Binance's numeric orderId");
            Assert.That(resting.Select(o => (o.ClientOrderId.Value, o.Side, o.PostOnly)), Is.EqualTo(new[] { ("mm-1", Side.Buy, true) }));
            Assert.That((canceled.IsSuccess, canceled.Value.Count), Is.EqualTo((true, 1)));
            Assert.That(await RestingAsync(server), Is.Empty);
        });
    }

    [TestCase(BinanceMarket.Spot, "Binance -2010")]
    [TestCase(BinanceMarket.UsdM, "Binance -5022")]
    public async Task APostOnlyOrderThatWouldTake_IsRefusedWithTheMarketsCode_AndNothingRests(BinanceMarket market, string code)
    {
        await using var server = await BinanceSimulatorSetup.StartBtcUsdtAsync(market);
        using var client = Client(server, market);
        var (_, ask) = await BinanceSimulatorSetup.TouchAsync(server);

        var placed = await client.PlaceOrderAsync(PostOnly(Side.Buy, ask + 1m, "0.002", "mm-take"));

        Assert.That((placed.IsSuccess, placed.Error?.Kind, placed.Error?.VenueCode), Is.EqualTo((false, (VenueErrorKind?)VenueErrorKind.PostOnlyWouldCross, code)));
        Assert.That(await RestingAsync(server), Is.Empty);
    }

    [Test]
    public async Task APriceOffTheTick_AnUnknownOrder_AndAWrongSecret_AreEachRefusedByCode()
    {
        await using var server = await BinanceSimulatorSetup.StartBtcUsdtAsync(BinanceMarket.Spot);
        using var client = Client(server);
        using var impostor = Client(server, secret: "not-the-secret");
        var (bid, _) = await BinanceSimulatorSetup.TouchAsync(server);

        var offTick = await client.PlaceOrderAsync(PostOnly(Side.Buy, bid - 10.005m, "0.001", "mm-tick"));
        var unknown = await client.CancelOrderAsync(s_btcUsdt, new OrderReference(null, ClientOrderId.Create("never-placed")));
        var forged = await impostor.PlaceOrderAsync(PostOnly(Side.Buy, bid - 10m, "0.001", "mm-forged"));

        Assert.Multiple(async () =>
        {
            Assert.That((offTick.Error?.Kind, offTick.Error?.Message), Is.EqualTo(((VenueErrorKind?)VenueErrorKind.InvalidPrice, "Filter failure: PRICE_FILTER")));
            Assert.That((unknown.Error?.Kind, unknown.Error?.VenueCode), Is.EqualTo(((VenueErrorKind?)VenueErrorKind.UnknownOrder, "Binance -2011")));
            Assert.That((forged.Error?.Kind, forged.Error?.VenueCode), Is.EqualTo(((VenueErrorKind?)VenueErrorKind.AuthenticationFailed, "Binance -1022")));
            Assert.That(await RestingAsync(server), Is.Empty);
        });
    }

    [Test]
    public async Task AnAnswerLaterThanTheTimeOut_LeavesTheOutcomeUnknown_AndTheOrderIsFoundAtTheVenue()
    {
        await using var server = await BinanceSimulatorSetup.StartBtcUsdtAsync(BinanceMarket.Spot, new BinanceSimulatorOptions { OrderAnswerDelay = TimeSpan.FromSeconds(1) });
        using var client = Client(server, timeout: TimeSpan.FromMilliseconds(200));
        var (bid, _) = await BinanceSimulatorSetup.TouchAsync(server);

        var placed = await client.PlaceOrderAsync(PostOnly(Side.Buy, bid - 10m, "0.001", "mm-slow"));
        Assert.That((placed.IsOutcomeUnknown, placed.Error?.Kind), Is.EqualTo((true, (VenueErrorKind?)VenueErrorKind.Timeout)));

        await Eventually.WaitForAsync(() => RestingAsync(server).Result.Count == 1, "the order the venue took after the time-out");
        Assert.That((await RestingAsync(server)).Single().ClientOrderId.Value, Is.EqualTo("mm-slow"), "why the outcome had to stay unknown");
    }

    [Test]
    public async Task AnOrderCanceledByClientOrderId_ThenCancelAll_CancelsWhatIsLeftOfEverySymbolOrderedOn()
    {
        await using var server = await BinanceSimulatorSetup.StartBtcUsdtAsync(BinanceMarket.Spot);
        using var client = Client(server);
        var (bid, ask) = await BinanceSimulatorSetup.TouchAsync(server);
        Assert.That((await client.PlaceOrderAsync(PostOnly(Side.Buy, bid - 10m, "0.001", "mm-a"))).IsSuccess, Is.True);
        Assert.That((await client.PlaceOrderAsync(PostOnly(Side.Sell, ask + 10m, "0.001", "mm-b"))).IsSuccess, Is.True);
        Assert.That((await client.PlaceOrderAsync(PostOnly(Side.Sell, ask + 20m, "0.001", "mm-c"))).IsSuccess, Is.True);

        var one = await client.CancelOrderAsync(s_btcUsdt, new OrderReference(null, ClientOrderId.Create("mm-a")));
        var left = (await RestingAsync(server)).Select(o => o.ClientOrderId.Value).Order().ToArray();
        var canceled = await client.CancelAllAsync();
        var again = await client.CancelAllAsync();

        Assert.That((one.IsSuccess, left), Is.EqualTo((true, new[] { "mm-b", "mm-c" })));
        Assert.That((canceled.Value.Count, again.IsSuccess, again.Value.Count), Is.EqualTo((2, true, 0)), "a symbol with nothing open is not an error");
        Assert.That(await RestingAsync(server), Is.Empty);
    }

    [Test]
    public async Task OnUsdM_ABatchAndAnAmend_ReachTheVenue_AndWhatCannotBeSentIsRefusedUnsent()
    {
        await using var server = await BinanceSimulatorSetup.StartBtcUsdtAsync(BinanceMarket.UsdM);
        using var client = Client(server, BinanceMarket.UsdM);
        var (bid, ask) = await BinanceSimulatorSetup.TouchAsync(server);

        var batch = await client.PlaceOrdersAsync([PostOnly(Side.Buy, bid - 10m, "0.002", "mm-b1"), PostOnly(Side.Buy, ask + 1m, "0.002", "mm-b2-takes")]);
        var amended = await client.AmendOrderAsync(new AmendRequest(s_btcUsdt, new OrderReference(null, ClientOrderId.Create("mm-b1"))) { NewLimitPrice = new Price(bid - 20m) });
        var stranger = await client.AmendOrderAsync(new AmendRequest(s_btcUsdt, new OrderReference(null, ClientOrderId.Create("not-mine"))) { NewLimitPrice = new Price(bid - 20m) });
        var tooMany = await client.PlaceOrdersAsync([.. Enumerable.Range(0, 6).Select(i => PostOnly(Side.Buy, bid - 30m - i, "0.002", $"mm-many-{i}"))]);
        var resting = await server.ReadAsync(venue => venue.Engines[s_btcUsdt].RestingOrders.Select(o => (o.ClientOrderId.Value, venue.Engines[s_btcUsdt].Spec.FromTicks(o.PriceTicks).Value)).ToList());

        Assert.Multiple(() =>
        {
            Assert.That(batch.Value.Select(r => (r.IsSuccess, r.Error?.VenueCode)), Is.EqualTo(new[] { (true, (string?)null), (false, "Binance -5022") }), "each order answered on its own");
            Assert.That(amended.IsSuccess, Is.True, amended.Error?.ToString());
            Assert.That(resting, Is.EqualTo(new[] { ("mm-b1", bid - 20m) }), "the amended price at the venue");
            Assert.That((stranger.Error?.Kind, stranger.Error?.NotSent), Is.EqualTo(((VenueErrorKind?)VenueErrorKind.InvalidRequest, (bool?)true)));
            Assert.That((tooMany.Error?.Kind, tooMany.Error?.NotSent), Is.EqualTo(((VenueErrorKind?)VenueErrorKind.InvalidRequest, (bool?)true)));
        });
    }

    [Test]
    public async Task OnSpot_AnAmendToASmallerQuantity_KeepsTheOrdersIdsAndPlace_ANewPriceOrALargerQuantityIsRefused()
    {
        await using var server = await BinanceSimulatorSetup.StartBtcUsdtAsync(BinanceMarket.Spot);
        using var client = Client(server);
        var (bid, _) = await BinanceSimulatorSetup.TouchAsync(server);
        var placed = await client.PlaceOrderAsync(PostOnly(Side.Buy, bid, "0.003", "mm-keep"));
        var before = await KeptAsync(server, "mm-keep");
        var weightBefore = client.RequestWeight.UsedWeight;

        var order = new OrderReference(placed.Value!.VenueOrderId, ClientOrderId.Create("mm-keep"));
        var smaller = await client.AmendOrderAsync(new AmendRequest(s_btcUsdt, order) { NewQuantity = Quantity.Parse("0.001") });
        var weightUsed = client.RequestWeight.UsedWeight - weightBefore;
        var after = await KeptAsync(server, "mm-keep");
        var newPrice = await client.AmendOrderAsync(new AmendRequest(s_btcUsdt, order) { NewLimitPrice = new Price(bid - 1m) });
        var larger = await client.AmendOrderAsync(new AmendRequest(s_btcUsdt, order) { NewQuantity = Quantity.Parse("0.002") });

        Assert.Multiple(async () =>
        {
            Assert.That(smaller.IsSuccess, Is.True, smaller.Error?.ToString());
            Assert.That(client.Capabilities.Features.HasFlag(VenueFeatures.AmendQuantityDown) && !client.Capabilities.Features.HasFlag(VenueFeatures.Amend), Is.True);
            Assert.That(before.QueueAhead, Is.GreaterThan(0), "placed at the bid, behind what the book shows there");
            Assert.That(after, Is.EqualTo(before with { Quantity = 0.001m }), "the same order at the same price, its queue position kept, its quantity lowered");
            Assert.That(weightUsed, Is.EqualTo(4), "the keep-priority amend's weight, as the venue reports it");
            Assert.That((newPrice.Error?.Kind, newPrice.Error?.NotSent), Is.EqualTo(((VenueErrorKind?)VenueErrorKind.NotSupported, (bool?)true)), "spot cannot move an order's price in place");
            Assert.That((larger.Error?.VenueCode, larger.Error?.NotSent), Is.EqualTo(("Binance -2038", false)), "Binance refuses a larger quantity");
            Assert.That(await KeptAsync(server, "mm-keep"), Is.EqualTo(after), "the refusals changed nothing");
        });
    }

    [TestCase(BinanceMarket.Spot)]
    [TestCase(BinanceMarket.UsdM)]
    public async Task TheOrderQueries_ListWhatRests_AndReadAnEndedOrderById_AsReconciliationReadsThem(BinanceMarket market)
    {
        await using var server = await BinanceSimulatorSetup.StartBtcUsdtAsync(market);
        using var client = Client(server, market);
        var (bid, ask) = await BinanceSimulatorSetup.TouchAsync(server);

        var resting = await client.PlaceOrderAsync(PostOnly(Side.Buy, bid - 10m, "0.002", "mm-q1"));
        var canceled = await client.PlaceOrderAsync(PostOnly(Side.Sell, ask + 10m, "0.003", "mm-q2"));
        await client.CancelOrderAsync(s_btcUsdt, new OrderReference(canceled.Value!.VenueOrderId, null));
        var open = await client.GetOpenOrdersAsync();
        var queried = await client.QueryOrdersAsync([canceled.Value.VenueOrderId!.Value, VenueOrderId.Create("999999999")]);

        // A client started afresh (a restart) knows no order it placed: it asks each symbol it was configured with.
        var options = new BinanceTradingOptions { Market = market, RestBaseUrl = server.RestBaseUrl, ApiKey = Key, ApiSecret = Secret };
        options.Symbols.Add(s_btcUsdt.Value);
        using var restarted = new BinanceOrderEntryClient(options, TimeProvider.System);
        var afterRestart = await restarted.QueryOrdersAsync([resting.Value!.VenueOrderId!.Value]);

        Assert.Multiple(() =>
        {
            Assert.That(open.IsSuccess, Is.True, open.Error?.ToString());
            Assert.That(
                open.Value.Select(o => (o.ClientOrderId!.Value.Value, o.Side, o.Status, o.Quantity.Value, o.LimitPrice!.Value.Value, o.PostOnly)),
                Is.EqualTo(new[] { ("mm-q1", Side.Buy, OrderStatus.Accepted, 0.002m, bid - 10m, true) }));
            Assert.That(queried.IsSuccess, Is.True, queried.Error?.ToString());
            Assert.That(
                queried.Value.Select(o => (o.VenueOrderId, o.Status, o.FilledQuantity.Value)),
                Is.EqualTo(new[] { (canceled.Value.VenueOrderId!.Value, OrderStatus.Canceled, 0m) }),
                "the canceled order read back; an id the venue never gave is left out");
            Assert.That(afterRestart.Value.Select(o => (o.ClientOrderId!.Value.Value, o.Status)), Is.EqualTo(new[] { ("mm-q1", OrderStatus.Accepted) }));
        });
    }

    [Test]
    public async Task TheFuturesDeadManSwitch_ArmsACountdownPerSymbol_IsTurnedOffByZero_AndCancelsEveryOrderWhenItEnds()
    {
        await using var server = await BinanceSimulatorSetup.StartBtcUsdtAsync(BinanceMarket.UsdM);
        using var client = Client(server, BinanceMarket.UsdM);
        using var spot = Client(server, BinanceMarket.Spot);
        var (bid, _) = await BinanceSimulatorSetup.TouchAsync(server);
        var placed = await client.PlaceOrderAsync(PostOnly(Side.Buy, bid - 10m, "0.002", "mm-dms"));

        var armed = await client.CancelAllAfterAsync(TimeSpan.FromMinutes(2));
        var countdowns = server.ArmedCountdowns;
        var off = await client.CancelAllAfterAsync(TimeSpan.Zero);
        var afterOff = server.ArmedCountdowns;
        var restingAfterOff = await RestingAsync(server);
        var brief = await client.CancelAllAfterAsync(TimeSpan.FromMilliseconds(300));
        await Eventually.WaitForAsync(() => RestingAsync(server).Result.Count == 0, "the countdown's end canceled the order");

        Assert.Multiple(() =>
        {
            Assert.That(placed.IsSuccess, Is.True, placed.Error?.ToString());
            Assert.That((armed.IsSuccess, armed.Value?.IsArmed), Is.EqualTo((true, (bool?)true)), armed.Error?.ToString());
            Assert.That(armed.Value!.TriggerTimeNanoseconds - armed.Value.CurrentTimeNanoseconds, Is.EqualTo(120_000_000_000L), "120 s in ns");
            Assert.That(countdowns.Keys, Is.EqualTo(new[] { s_btcUsdt }), "one countdown, on the symbol ordered on");
            Assert.That(countdowns[s_btcUsdt] - TimeProvider.System.GetUtcNow(), Is.InRange(TimeSpan.FromSeconds(100), TimeSpan.FromSeconds(120)));
            Assert.That((off.IsSuccess, off.Value?.IsArmed), Is.EqualTo((true, (bool?)false)));
            Assert.That(afterOff, Is.Empty, "0 turns the countdown off");
            Assert.That(restingAfterOff, Has.Count.EqualTo(1), "turning it off cancels nothing");
            Assert.That(brief.IsSuccess, Is.True);
            Assert.That(server.ArmedCountdowns, Is.Empty, "a countdown that ended is gone");
        });
        Assert.That((await spot.CancelAllAfterAsync(TimeSpan.FromMinutes(1))).Error?.Kind, Is.EqualTo(VenueErrorKind.NotSupported), "spot has no dead-man switch");
    }

    [Test]
    public async Task AnEd25519Key_SignsRequests_TheVenueChecksThemWithItsPublicKey_AndAnotherKeysSignatureIsRefused()
    {
        // RFC 8032's tests 1 and 2: the private key of test 1 signs; the venue holds test 1's public key, then test 2's.
        var pem = $"-----BEGIN PRIVATE KEY-----\n{Convert.ToBase64String(Convert.FromHexString("302e020100300506032b657004220420" + "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"))}\n-----END PRIVATE KEY-----";
        var results = new List<VenueResult<OrderAck>>();
        foreach (var publicKey in new[] { "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c" })
        {
            await using var server = await BinanceSimulatorSetup.StartBtcUsdtAsync(BinanceMarket.Spot, new BinanceSimulatorOptions { Ed25519PublicKey = Convert.ToBase64String(Convert.FromHexString(publicKey)) });
            using var client = new BinanceOrderEntryClient(new BinanceTradingOptions { RestBaseUrl = server.RestBaseUrl, ApiKey = Key, PrivateKeyPem = pem }, TimeProvider.System);
            var (bid, _) = await BinanceSimulatorSetup.TouchAsync(server);
            results.Add(await client.PlaceOrderAsync(PostOnly(Side.Buy, bid - 10m, "0.001", "mm-ed25519")));
        }

        Assert.That(results[0].IsSuccess, Is.True, results[0].Error?.ToString());
        Assert.That((results[1].Error?.Kind, results[1].Error?.VenueCode), Is.EqualTo(((VenueErrorKind?)VenueErrorKind.AuthenticationFailed, "Binance -1022")));
    }

    private static BinanceOrderEntryClient Client(BinanceSimulatorServer server, BinanceMarket market = BinanceMarket.Spot, string secret = Secret, TimeSpan? timeout = null)
    {
        var options = new BinanceTradingOptions { Market = market, RestBaseUrl = server.RestBaseUrl, ApiKey = Key, ApiSecret = secret };
        if (timeout is { } given)
        {
            options.RequestTimeout = given;
        }

        return new BinanceOrderEntryClient(options, TimeProvider.System);
    }

    /// <summary>One of our resting orders as the venue holds it: its ids, price, quantity and the quantity ahead of it in the queue.</summary>
    internal static Task<(string VenueOrderId, decimal Price, decimal Quantity, double QueueAhead)> KeptAsync(BinanceSimulatorServer server, string clientOrderId) =>
        server.ReadAsync(venue =>
        {
            var engine = venue.Engines[s_btcUsdt];
            var order = engine.RestingOrders.Single(o => o.ClientOrderId.Value == clientOrderId);
            return (order.VenueOrderId.Value, engine.Spec.FromTicks(order.PriceTicks).Value, engine.Spec.FromLots(order.QuantityLots).Value, order.QueueAheadLots);
        });

    private static Task<List<Simulation.Matching.SimulatedOrder>> RestingAsync(BinanceSimulatorServer server) =>
        server.ReadAsync(venue => venue.Engines[s_btcUsdt].RestingOrders.ToList());

    private static OrderRequest PostOnly(Side side, decimal price, string quantity, string clientOrderId) =>
        new(s_btcUsdt, side, OrderType.Limit, Quantity.Parse(quantity), ClientOrderId.Create(clientOrderId)) { LimitPrice = new Price(price), PostOnly = true };
}
