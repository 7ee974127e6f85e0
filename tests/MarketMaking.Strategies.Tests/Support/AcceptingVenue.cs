using System.Collections.Immutable;
using MarketMaking.Adapters;
using MarketMaking.Models;

namespace MarketMaking.Strategies.Tests;

/// <summary>A venue that accepts every order, amend and cancel at once, with a rate budget the test sets, counting each request.</summary>
internal sealed class AcceptingVenue : ISpotOrderEntry, IOrderEntryBudget
{
    private int _orders;
    private int _amends;
    private int _cancels;

    public int Amends => Volatile.Read(ref _amends);

    public int Cancels => Volatile.Read(ref _cancels);

    public int Placed => Volatile.Read(ref _orders);

    public int Headroom { get; set; } = int.MaxValue;

    public VenueId Venue => StrategyHarness.Venue;

    public VenueCapabilities Capabilities => new([OrderType.Limit], [TimeInForce.GoodTillCanceled], VenueFeatures.Amend);

    public int NewOrderHeadroom(InstrumentId instrument) => Headroom;

    public ValueTask<VenueResult<OrderAck>> PlaceOrderAsync(OrderRequest request, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(VenueResult<OrderAck>.Success(new OrderAck(VenueOrderId.Create($"O-{Interlocked.Increment(ref _orders)}"), request.ClientOrderId)));

    public ValueTask<VenueResult<AmendAck>> AmendOrderAsync(AmendRequest request, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _amends);
        return ValueTask.FromResult(VenueResult<AmendAck>.Success(new AmendAck("A")));
    }

    public ValueTask<VenueResult<CancelAck>> CancelOrderAsync(InstrumentId instrument, OrderReference order, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _cancels);
        return ValueTask.FromResult(VenueResult<CancelAck>.Success(new CancelAck(1)));
    }

    public ValueTask<VenueResult<ImmutableArray<VenueResult<OrderAck>>>> PlaceOrdersAsync(IReadOnlyList<OrderRequest> requests, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public ValueTask<VenueResult<CancelAck>> CancelAllAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public ValueTask<VenueResult<DeadManSwitchStatus>> CancelAllAfterAsync(TimeSpan timeout, CancellationToken cancellationToken = default) => throw new NotSupportedException();
}
