using MarketMaking.Models;
using MarketMaking.Oms;
using Microsoft.Extensions.Time.Testing;

namespace MarketMaking.Simulation.Tests;

/// <summary>
/// The kernel's books and OMS on a loop driven from the test's thread and a fake clock, for the report's recorders: one
/// venue and instrument, orders acknowledged and filled by hand, each event taken by the loop before the post returns.
/// </summary>
/// <remarks>
/// Not MarketMaking.Testing's <c>EngineHarness</c>, which runs the loop on a thread of its own and submits through a
/// recording venue: here the test itself is the loop's thread, so that it can put orders in the store and read the
/// recorders between events without handing each step to the loop.
/// </remarks>
internal sealed class DrivenKernel : IAsyncDisposable
{
    public static readonly VenueId Venue = VenueId.Create("sim");
    public static readonly InstrumentId Instrument = InstrumentId.Create("BTC/USD");

    public DrivenKernel()
    {
        Loop.DriveFromCurrentThread();
        Books.Track(Venue, InstrumentSpec.FromPrecision(Instrument, 2, 4));
        Oms = new OrderManager(Loop.Sink, Clock, new ClientOrderIdGenerator(1_700_000_000));
        Loop.AddHandler(Books);
        Loop.AddHandler(Oms);
    }

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));

    public EngineLoop Loop { get; } = new();

    public BookKeeper Books { get; } = new();

    public OrderManager Oms { get; }

    /// <summary>Adds an order of ours, acknowledged by the venue as <c>O-{clientId}</c>.</summary>
    public OmsOrder AcknowledgedOrder(string clientId, Side side, decimal quantity)
    {
        var order = new OmsOrder(Venue, ClientOrderId.Create(clientId), Instrument, side, OrderType.Limit, new Quantity(quantity), 0);
        Oms.Store.Add(order);
        Oms.Store.SetVenueOrderId(order, VenueOrderId.Create($"O-{clientId}"));
        OrderLifecycle.Apply(order, OrderEventKind.SubmitAcknowledged, 0);
        Oms.Store.Reindex(order);
        return order;
    }

    /// <summary>The venue's fill of a whole order at a price, now.</summary>
    public FillEvent Fill(OmsOrder order, decimal price, string tradeId) =>
        new(Venue, Instrument, order.VenueOrderId!.Value, TradeId.Create(tradeId), order.Side, new Price(price), order.Quantity, 0, Clock.GetUnixNanoseconds())
        {
            ClientOrderId = order.ClientOrderId,
            OrderStatus = OrderStatus.Filled,
        };

    /// <summary>A one-level book, now.</summary>
    public BookSnapshot Book(decimal bid, decimal ask) =>
        new(Venue, Instrument, [new BookLevel(new Price(bid), new Quantity(1m))], [new BookLevel(new Price(ask), new Quantity(1m))], 0, Clock.GetUnixNanoseconds());

    /// <summary>Posts an event and has the loop take it.</summary>
    public async Task PostAsync(VenueEvent venueEvent)
    {
        await Loop.Sink.PostAsync(venueEvent);
        Loop.RunPending();
    }

    public async ValueTask DisposeAsync()
    {
        Oms.Dispose();
        await Loop.DisposeAsync();
    }
}
