using System.Collections.Concurrent;
using System.Collections.Immutable;
using MarketMaking.Adapters;
using MarketMaking.Models;

namespace MarketMaking.Risk.Tests;

/// <summary>A venue that accepts (or, when told, rejects) every request at once and records what reached it.</summary>
internal sealed class CountingVenue : ISpotOrderEntry
{
    private int _orders;

    public ConcurrentQueue<OrderRequest> Placed { get; } = new();

    public ConcurrentQueue<OrderReference> Canceled { get; } = new();

    public ConcurrentQueue<AmendRequest> Amended { get; } = new();

    public bool RejectEverything { get; set; }

    public VenueId Venue => RiskHarness.Venue;

    public VenueCapabilities Capabilities => new([OrderType.Limit, OrderType.Market], [TimeInForce.GoodTillCanceled, TimeInForce.ImmediateOrCancel], VenueFeatures.Amend);

    public Task<VenueResult<OrderAck>> PlaceOrderAsync(OrderRequest request, CancellationToken cancellationToken = default)
    {
        Placed.Enqueue(request);
        return Task.FromResult(RejectEverything
            ? VenueResult<OrderAck>.Failure(new VenueError(VenueErrorKind.InsufficientFunds, IsTransient: false, "EOrder:Insufficient funds", "Insufficient funds"))
            : VenueResult<OrderAck>.Success(new OrderAck(VenueOrderId.Create($"O-{Interlocked.Increment(ref _orders)}"), request.ClientOrderId)));
    }

    public Task<VenueResult<AmendAck>> AmendOrderAsync(AmendRequest request, CancellationToken cancellationToken = default)
    {
        Amended.Enqueue(request);
        return Task.FromResult(VenueResult<AmendAck>.Success(new AmendAck("A")));
    }

    public Task<VenueResult<CancelAck>> CancelOrderAsync(InstrumentId instrument, OrderReference order, CancellationToken cancellationToken = default)
    {
        Canceled.Enqueue(order);
        return Task.FromResult(VenueResult<CancelAck>.Success(new CancelAck(1)));
    }

    public Task<VenueResult<ImmutableArray<VenueResult<OrderAck>>>> PlaceOrdersAsync(IReadOnlyList<OrderRequest> requests, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<VenueResult<CancelAck>> CancelAllAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<VenueResult<DeadManSwitchStatus>> CancelAllAfterAsync(TimeSpan timeout, CancellationToken cancellationToken = default) => throw new NotSupportedException();
}
