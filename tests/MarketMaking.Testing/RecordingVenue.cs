using System.Collections.Concurrent;
using System.Collections.Immutable;
using MarketMaking.Adapters;
using MarketMaking.Models;

namespace MarketMaking.Testing;

/// <summary>
/// A venue's order entry for tests: answers every request at once (accepting, or rejecting when told), records what
/// reached it, and reports the rate budget the test sets.
/// </summary>
public sealed class RecordingVenue : ISpotOrderEntry, IOrderEntryBudget
{
    private int _orders;

    /// <summary>Initializes the venue.</summary>
    /// <param name="venue">Its id.</param>
    public RecordingVenue(VenueId venue) => Venue = venue;

    /// <summary>Gets the orders placed, in order.</summary>
    public ConcurrentQueue<OrderRequest> Placed { get; } = new();

    /// <summary>Gets the cancels.</summary>
    public ConcurrentQueue<OrderReference> Canceled { get; } = new();

    /// <summary>Gets the amends.</summary>
    public ConcurrentQueue<AmendRequest> Amended { get; } = new();

    /// <summary>Gets or sets whether new orders are rejected (insufficient funds).</summary>
    public bool RejectEverything { get; set; }

    /// <summary>Gets or sets whether every new order is held back before sending, as a local rate-limit model does (<see cref="VenueError.NotSent"/>).</summary>
    public bool HoldBackEverything { get; set; }

    /// <summary>Gets or sets how many of the next cancels are held back before sending (<see cref="VenueError.NotSent"/>), as a local rate-limit model does when its wait runs out.</summary>
    public int CancelsToHoldBack { get; set; }

    /// <summary>Gets or sets the new orders the rate budget allows.</summary>
    public int Headroom { get; set; } = int.MaxValue;

    /// <summary>Gets or sets what runs after an order is accepted, with the request and its venue order id (to script fills).</summary>
    public Action<OrderRequest, VenueOrderId>? OnAccepted { get; set; }

    /// <inheritdoc/>
    public VenueId Venue { get; }

    /// <inheritdoc/>
    public VenueCapabilities Capabilities => new([OrderType.Limit, OrderType.Market], [TimeInForce.GoodTillCanceled, TimeInForce.ImmediateOrCancel], Features);

    /// <summary>Gets or sets what the venue supports (amend by default; none, for a venue like MEXC Spot).</summary>
    public VenueFeatures Features { get; set; } = VenueFeatures.Amend;

    /// <inheritdoc/>
    public int NewOrderHeadroom(InstrumentId instrument) => Headroom;

    /// <inheritdoc/>
    public ValueTask<VenueResult<OrderAck>> PlaceOrderAsync(OrderRequest request, CancellationToken cancellationToken = default)
    {
        Placed.Enqueue(request);
        if (HoldBackEverything)
        {
            return ValueTask.FromResult(VenueResult<OrderAck>.Failure(new VenueError(VenueErrorKind.RateLimited, IsTransient: true, null, "Not sent: the trading counter budget is short") { NotSent = true }));
        }

        if (RejectEverything)
        {
            return ValueTask.FromResult(VenueResult<OrderAck>.Failure(new VenueError(VenueErrorKind.InsufficientFunds, IsTransient: false, "EOrder:Insufficient funds", "Insufficient funds")));
        }

        var id = VenueOrderId.Create($"O-{Interlocked.Increment(ref _orders)}");
        OnAccepted?.Invoke(request, id);
        return ValueTask.FromResult(VenueResult<OrderAck>.Success(new OrderAck(id, request.ClientOrderId)));
    }

    /// <inheritdoc/>
    public ValueTask<VenueResult<AmendAck>> AmendOrderAsync(AmendRequest request, CancellationToken cancellationToken = default)
    {
        Amended.Enqueue(request);
        return ValueTask.FromResult(VenueResult<AmendAck>.Success(new AmendAck("A")));
    }

    /// <inheritdoc/>
    public ValueTask<VenueResult<CancelAck>> CancelOrderAsync(InstrumentId instrument, OrderReference order, CancellationToken cancellationToken = default)
    {
        if (CancelsToHoldBack > 0)
        {
            CancelsToHoldBack--;
            return ValueTask.FromResult(VenueResult<CancelAck>.Failure(new VenueError(VenueErrorKind.RateLimited, IsTransient: true, null, "Not sent: the trading counter budget is short") { NotSent = true }));
        }

        Canceled.Enqueue(order);
        return ValueTask.FromResult(VenueResult<CancelAck>.Success(new CancelAck(1)));
    }

    /// <inheritdoc/>
    public ValueTask<VenueResult<ImmutableArray<VenueResult<OrderAck>>>> PlaceOrdersAsync(IReadOnlyList<OrderRequest> requests, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    /// <inheritdoc/>
    public ValueTask<VenueResult<CancelAck>> CancelAllAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();

    /// <inheritdoc/>
    public ValueTask<VenueResult<DeadManSwitchStatus>> CancelAllAfterAsync(TimeSpan timeout, CancellationToken cancellationToken = default) => throw new NotSupportedException();
}
