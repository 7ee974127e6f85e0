using MarketMaking.Models;

namespace MarketMaking.Oms.Tests;

public sealed class OrderStoreTests
{
    private static readonly VenueId s_kraken = VenueId.Create("kraken");
    private static readonly VenueId s_mexc = VenueId.Create("mexc");
    private static readonly InstrumentId s_btcUsd = InstrumentId.Create("BTC/USD");

    private static OmsOrder Order(VenueId venue, string clientId, Side side, string? strategy = "mm") =>
        new(venue, ClientOrderId.Create(clientId), s_btcUsd, side, OrderType.Limit, new Quantity(1), 1) { Strategy = strategy };

    [Test]
    public void Lookups_ByEveryKey_FindTheSameOrder_AndOpenSetsFollowTheState()
    {
        var store = new OrderStore();
        var bid = Order(s_kraken, "c-1", Side.Buy);
        var ask = Order(s_kraken, "c-2", Side.Sell);
        var other = Order(s_mexc, "c-1", Side.Buy, strategy: "hedge");
        store.Add(bid);
        store.Add(ask);
        store.Add(other);
        store.SetVenueOrderId(bid, VenueOrderId.Create("O-1"));

        OrderLifecycle.Apply(ask, OrderEventKind.SubmitRejected, 2);
        store.Reindex(ask);

        Assert.Multiple(() =>
        {
            Assert.That(store.Find(s_kraken, ClientOrderId.Create("c-1")), Is.SameAs(bid));
            Assert.That(store.Find(s_mexc, ClientOrderId.Create("c-1")), Is.SameAs(other), "client ids are unique per venue");
            Assert.That(store.Find(s_kraken, VenueOrderId.Create("O-1")), Is.SameAs(bid));
            Assert.That(store.Open(s_kraken, s_btcUsd), Is.EquivalentTo(new[] { bid }));
            Assert.That(store.Open(s_kraken, s_btcUsd, Side.Sell), Is.Empty);
            Assert.That(store.Open(s_mexc), Is.EquivalentTo(new[] { other }));
            Assert.That(store.ByStrategy("mm"), Is.EquivalentTo(new[] { bid, ask }));
            Assert.That(store.OpenCount, Is.EqualTo(2));
            Assert.That(store.Count, Is.EqualTo(3));
        });
    }

    [Test]
    public void OpenCountOf_EachSide_FollowsOrdersAsTheyOpenAndClose_AsAWalkOfTheOpenOrdersCountsThem()
    {
        var store = new OrderStore();
        var orders = Enumerable.Range(1, 8).Select(n => Order(s_kraken, $"c-{n}", n % 3 == 0 ? Side.Sell : Side.Buy)).ToArray();
        var random = new Random(7);
        var events = new[] { OrderEventKind.SubmitAcknowledged, OrderEventKind.Accepted, OrderEventKind.CancelRequested, OrderEventKind.Canceled, OrderEventKind.SubmitRejected, OrderEventKind.Expired };
        void Check(string when)
        {
            foreach (var side in new[] { Side.Buy, Side.Sell })
            {
                Assert.That(store.OpenCountOf(s_kraken, s_btcUsd, side), Is.EqualTo(store.Open(s_kraken, s_btcUsd).Count(o => o.Side == side)), $"{side} {when}");
            }
        }

        Check("before any order");
        foreach (var order in orders)
        {
            store.Add(order);
            Check($"after adding {order.ClientOrderId}");
        }

        for (var step = 0; step < 200; step++)
        {
            // Transitions the table refuses leave the order as it was; a reindex after them changes nothing either.
            var order = orders[random.Next(orders.Length)];
            OrderLifecycle.Apply(order, events[random.Next(events.Length)], step);
            store.Reindex(order);
            store.Reindex(order);
            Check($"at step {step}");
        }

        using (Assert.EnterMultipleScope())
        {
            Assert.That(orders.Count(o => !o.IsOpen), Is.Positive, "some orders closed on the way");
            Assert.That(store.OpenCountOf(s_mexc, s_btcUsd, Side.Buy), Is.Zero, "a venue with no order");
        }
    }

    [Test]
    public void OpenCounts_OfSeveralInstruments_AskedInTurn_AndByIdsOfTheSameTextMadeAgain_EachCountItsOwnOrders()
    {
        // The store remembers the instrument it looked up last: asking about others in between, or with ids made again
        // from the same text, must still find each instrument's own orders.
        var store = new OrderStore();
        var ethUsd = InstrumentId.Create("ETH/USD");
        var keys = new[] { (s_kraken, s_btcUsd), (s_kraken, ethUsd), (s_mexc, s_btcUsd) };
        var orders = Enumerable.Range(0, 12).Select(n =>
        {
            var (venue, instrument) = keys[n % keys.Length];
            return new OmsOrder(venue, ClientOrderId.Create($"c-{n}"), instrument, n % 2 == 0 ? Side.Buy : Side.Sell, OrderType.Limit, new Quantity(1), 1);
        }).ToArray();
        var random = new Random(11);
        var events = new[] { OrderEventKind.SubmitAcknowledged, OrderEventKind.Accepted, OrderEventKind.Canceled, OrderEventKind.SubmitRejected };
        foreach (var order in orders)
        {
            store.Add(order);
        }

        for (var step = 0; step < 300; step++)
        {
            var order = orders[random.Next(orders.Length)];
            OrderLifecycle.Apply(order, events[random.Next(events.Length)], step);
            store.Reindex(order);
            var (venue, instrument) = keys[random.Next(keys.Length)];
            if (random.Next(2) == 0)
            {
                (venue, instrument) = (VenueId.Create(new string(venue.Value)), InstrumentId.Create(new string(instrument.Value)));
            }

            var side = random.Next(2) == 0 ? Side.Buy : Side.Sell;
            var walked = orders.Count(o => o.IsOpen && o.Venue == venue && o.Instrument == instrument && o.Side == side);
            Assert.That(store.OpenCountOf(venue, instrument, side), Is.EqualTo(walked), $"{venue} {instrument} {side} at step {step}");
        }

        Assert.That(store.OpenCountOf(s_mexc, ethUsd, Side.Buy), Is.Zero, "an instrument with no order");
    }

    [Test]
    public void Add_AClientIdAlreadyUsedOnTheVenue_IsRefused_AndTheFirstOrderStays()
    {
        var store = new OrderStore();
        var first = Order(s_kraken, "c-1", Side.Buy);
        store.Add(first);

        Assert.Multiple(() =>
        {
            Assert.That(() => store.Add(Order(s_kraken, "c-1", Side.Sell)), Throws.ArgumentException.With.Message.Contains("c-1"));
            Assert.That(store.Find(s_kraken, ClientOrderId.Create("c-1")), Is.SameAs(first));
            Assert.That(store.Count, Is.EqualTo(1));
        });
    }

    [Test]
    public void ClientOrderIds_AreUniqueShortAndDifferBetweenSessions()
    {
        var first = new ClientOrderIdGenerator(1_723_075_200);
        var ids = Enumerable.Range(0, 100_000).Select(_ => first.Next().Value).ToArray();
        var nextSession = new ClientOrderIdGenerator(1_723_075_201).Next().Value;
        var resumed = new ClientOrderIdGenerator(1_723_075_200, first.Counter).Next().Value;

        Assert.Multiple(() =>
        {
            Assert.That(ids.Distinct().Count(), Is.EqualTo(ids.Length));
            Assert.That(ids.Max(i => i.Length), Is.LessThanOrEqualTo(18), "Kraken's cl_ord_id limit");
            Assert.That(ids, Does.Not.Contain(nextSession));
            Assert.That(ids, Does.Not.Contain(resumed), "continuing the counter after a restart");
        });
    }
    [Test]
    public void ExposureOf_LeavingOutAnyOrder_IsTheSumOfTheOtherOpenOrders_AsOrdersOpenFillAmendAndClose()
    {
        // The store keeps the sum of an instrument's open orders between changes; a walk of the open orders is the truth.
        var store = new OrderStore();
        var orders = Enumerable.Range(1, 10).Select(n =>
            new OmsOrder(s_kraken, ClientOrderId.Create($"c-{n}"), s_btcUsd, n % 2 == 0 ? Side.Sell : Side.Buy, OrderType.Limit, new Quantity(0.002m), 1)
            {
                LimitPrice = new Price(n % 2 == 0 ? 100m + n : 100m - n),
            }).ToArray();
        var random = new Random(11);
        var statuses = new[] { OrderEventKind.SubmitAcknowledged, OrderEventKind.Accepted, OrderEventKind.AmendRequested, OrderEventKind.AmendRejected, OrderEventKind.CancelRequested, OrderEventKind.CancelRejected, OrderEventKind.Expired };
        IOpenOrders open = store;
        void Check(string when)
        {
            // In a shuffled order, so that the sum is worked out again on any of these questions, not only the first.
            foreach (var except in orders.Prepend(null).OrderBy(_ => random.Next()).ToArray())
            {
                var expected = default(OpenExposure);
                foreach (var order in store.Open(s_kraken, s_btcUsd).Where(o => !ReferenceEquals(o, except)))
                {
                    expected = expected.With(order);
                }

                Assert.That(open.ExposureOf(s_kraken, s_btcUsd, except), Is.EqualTo(expected), $"leaving out {except?.ClientOrderId.Value ?? "none"} {when}");
            }
        }

        foreach (var order in orders)
        {
            store.Add(order);
            Check($"after adding {order.ClientOrderId}");
        }

        var (trades, stepsWithOpenOrders) = (0, 0);
        for (var step = 0; step < 400; step++)
        {
            var order = orders[random.Next(orders.Length)];
            switch (random.Next(3))
            {
                case 0:
                    // A status alone: the sum changes only if the order opened or closed.
                    OrderLifecycle.Apply(order, statuses[random.Next(statuses.Length)], step);
                    store.Reindex(order, valuesChanged: false);
                    break;
                case 1:
                    OrderLifecycle.ApplyFill(order, new FillEvent(s_kraken, s_btcUsd, VenueOrderId.Create("O"), TradeId.Create($"t-{++trades}"), order.Side, order.LimitPrice!.Value, new Quantity(0.0001m), step, step));
                    store.Reindex(order);
                    break;
                default:
                    // The best price of a side moves, and ties another order's, as a requote's amends do.
                    var price = new Price(order.Side == Side.Buy ? 100m - random.Next(1, 6) : 100m + random.Next(1, 6));
                    OrderLifecycle.Apply(order, OrderEventKind.AmendRequested, step);
                    OrderLifecycle.ApplyAmend(order, new Quantity(0.001m * random.Next(1, 4)), price, step);
                    store.Reindex(order);
                    break;
            }

            Check($"at step {step}");
            stepsWithOpenOrders += orders.Count(o => o.IsOpen) >= 3 ? 1 : 0;
        }

        Assert.That(stepsWithOpenOrders, Is.GreaterThan(200), "the walk spends most of its steps with several orders open");
    }
}
