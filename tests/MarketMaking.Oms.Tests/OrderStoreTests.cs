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
}
