using System.Collections.Immutable;
using MarketMaking.Adapters;
using MarketMaking.Models;
using static MarketMaking.Testing.Eventually;

namespace MarketMaking.Oms.Tests;

/// <summary>The journal on a real SQLite file: everything written before it is acted on, and the orders rebuilt from it.</summary>
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class OrderJournalTests
{
    private static readonly VenueId s_venue = VenueId.Create("kraken");
    private static readonly InstrumentId s_btcUsd = InstrumentId.Create("BTC/USD");
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"mm-journal-{Guid.NewGuid():N}.db");

    [TearDown]
    public void TearDown()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _path, _path + "-wal", _path + "-shm" })
        {
            File.Delete(file);
        }
    }

    private static OrderIntent Bid(decimal price) => new(s_venue, s_btcUsd, Side.Buy, OrderType.Limit, new Quantity(1m)) { LimitPrice = new Price(price), PostOnly = true, Strategy = "mm" };

    [Test]
    public async Task Restart_OnTheSameJournal_RebuildsEveryOrderItsFillsOnce_AndLeavesUnansweredSubmitsUnknown()
    {
        OmsOrder accepted, filled, unanswered;
        await using (var loop = new EngineLoop())
        using (var journal = OrderJournal.Open(_path))
        {
            var venue = new AnsweringVenue();
            using var oms = new OrderManager(loop.Sink, TimeProvider.System, new ClientOrderIdGenerator(1_723_075_200), journal: journal);
            oms.RegisterExchange(s_venue, venue);
            loop.AddHandler(oms);
            loop.Start();
            accepted = await loop.InvokeAsync(() => oms.Submit(Bid(100m)));
            filled = await loop.InvokeAsync(() => oms.Submit(Bid(101m)));
            await WaitForAsync(() => filled.Status == OrderStatus.Accepted && accepted.Status == OrderStatus.Accepted);
            var fill = new FillEvent(s_venue, s_btcUsd, filled.VenueOrderId!.Value, TradeId.Create("t-1"), Side.Buy, new Price(101m), new Quantity(1m), 5, 5) { Fee = 0.25m };
            await loop.Sink.PostAsync(fill);
            await loop.Sink.PostAsync(fill);
            venue.Silent = true;
            unanswered = await loop.InvokeAsync(() => oms.Submit(Bid(99m)));
            await WaitForAsync(() => filled.Status == OrderStatus.Filled);

            Assert.That(journal.Pragma("journal_mode"), Is.EqualTo("wal"));
        }

        // The process is gone; a new one opens the same file.
        using var reopened = OrderJournal.Open(_path);
        await using var newLoop = new EngineLoop();
        using var restored = new OrderManager(newLoop.Sink, TimeProvider.System, new ClientOrderIdGenerator(1_723_075_300));
        var counter = restored.Restore(reopened.Read());

        OmsOrder Find(OmsOrder original) => restored.Read(store => store.Find(s_venue, original.ClientOrderId))!;
        Assert.Multiple(() =>
        {
            Assert.That(restored.Read(store => store.Count), Is.EqualTo(3));
            Assert.That(Find(accepted).Status, Is.EqualTo(OrderStatus.Accepted));
            Assert.That(Find(accepted).VenueOrderId, Is.EqualTo(accepted.VenueOrderId));
            Assert.That(Find(filled).Status, Is.EqualTo(OrderStatus.Filled));
            Assert.That(Find(filled).FilledQuantity, Is.EqualTo(new Quantity(1m)), "the duplicate fill was journaled but counts once");
            Assert.That(Find(filled).Fees, Is.EqualTo(0.25m));
            Assert.That(Find(unanswered).Status, Is.EqualTo(OrderStatus.Unknown), "no answer journaled: it may be live");
            Assert.That(Find(unanswered).LimitPrice, Is.EqualTo(new Price(99m)));
            Assert.That(counter, Is.EqualTo(3), "the last counter used, to continue from");
            Assert.That(restored.Read(store => store.OpenCount), Is.EqualTo(2));
        });
    }

    [Test]
    public void Open_AFileThatIsNotAJournal_FailsClearly_AndLeavesTheFileAsItWas()
    {
        File.WriteAllText(_path, "not a database");

        Assert.Multiple(() =>
        {
            Assert.That(() => OrderJournal.Open(_path), Throws.InstanceOf<Microsoft.Data.Sqlite.SqliteException>().With.Message.Contains("not a database"));
            Assert.That(File.ReadAllText(_path), Is.EqualTo("not a database"));
        });
    }

    private sealed class AnsweringVenue : ISpotOrderEntry
    {
        private int _orders;

        public bool Silent { get; set; }

        public VenueId Venue => s_venue;

        public VenueCapabilities Capabilities => new([OrderType.Limit], [TimeInForce.GoodTillCanceled], VenueFeatures.None);

        public Task<VenueResult<OrderAck>> PlaceOrderAsync(OrderRequest request, CancellationToken cancellationToken = default) =>
            Silent
                ? new TaskCompletionSource<VenueResult<OrderAck>>().Task
                : Task.FromResult(VenueResult<OrderAck>.Success(new OrderAck(VenueOrderId.Create($"O-{Interlocked.Increment(ref _orders)}"), request.ClientOrderId)));

        public Task<VenueResult<ImmutableArray<VenueResult<OrderAck>>>> PlaceOrdersAsync(IReadOnlyList<OrderRequest> requests, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<VenueResult<AmendAck>> AmendOrderAsync(AmendRequest request, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<VenueResult<CancelAck>> CancelOrderAsync(InstrumentId instrument, OrderReference order, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<VenueResult<CancelAck>> CancelAllAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<VenueResult<DeadManSwitchStatus>> CancelAllAfterAsync(TimeSpan timeout, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    }
}
