using System.Collections.Immutable;
using System.Diagnostics;
using MarketMaking.Adapters.Kraken;
using MarketMaking.Models;

namespace MarketMaking.Benchmarks.Kernel;

/// <summary>
/// Order entry that does what the Kraken WebSocket client does up to the socket: each request serialized into the
/// bytes Kraken's API takes (<see cref="KrakenWsRequestWriter"/>), then answered at once as accepted, so that the kernel
/// goes on as with a venue that acknowledges everything.
/// </summary>
internal sealed class SerializingOrderEntry(VenueId venue) : ISpotOrderEntry
{
    private const string Token = "benchmark-session-token";
    private long _requests;
    private long _bytes;
    private long _firstSent;

    /// <summary>Gets how many requests were serialized.</summary>
    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>Gets how many bytes they took.</summary>
    public long Bytes => Interlocked.Read(ref _bytes);

    /// <summary>Gets when the first request since <see cref="Mark"/> was serialized (a <see cref="Stopwatch"/> timestamp), or 0.</summary>
    public long FirstSentTimestamp => _firstSent;

    /// <inheritdoc/>
    public VenueId Venue { get; } = venue;

    /// <inheritdoc/>
    public VenueCapabilities Capabilities { get; } = new([OrderType.Limit, OrderType.Market], [TimeInForce.GoodTillCanceled, TimeInForce.ImmediateOrCancel], VenueFeatures.Amend | VenueFeatures.CancelAll);

    /// <inheritdoc/>
    public Task<VenueResult<OrderAck>> PlaceOrderAsync(OrderRequest request, CancellationToken cancellationToken = default)
    {
        var id = Sent(KrakenWsRequestWriter.AddOrder(request, Token, Interlocked.Read(ref _requests) + 1));
        return Task.FromResult(VenueResult<OrderAck>.Success(new OrderAck(VenueOrderId.Create($"O-{id}"), request.ClientOrderId)));
    }

    /// <inheritdoc/>
    public Task<VenueResult<ImmutableArray<VenueResult<OrderAck>>>> PlaceOrdersAsync(IReadOnlyList<OrderRequest> requests, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The market maker sends one order at a time");

    /// <inheritdoc/>
    public Task<VenueResult<AmendAck>> AmendOrderAsync(AmendRequest request, CancellationToken cancellationToken = default)
    {
        var id = Sent(KrakenWsRequestWriter.AmendOrder(request, Token, Interlocked.Read(ref _requests) + 1));
        return Task.FromResult(VenueResult<AmendAck>.Success(new AmendAck($"A-{id}")));
    }

    /// <inheritdoc/>
    public Task<VenueResult<CancelAck>> CancelOrderAsync(InstrumentId instrument, OrderReference order, CancellationToken cancellationToken = default)
    {
        Sent(KrakenWsRequestWriter.CancelOrder(order, Token, Interlocked.Read(ref _requests) + 1));
        return Task.FromResult(VenueResult<CancelAck>.Success(new CancelAck(1)));
    }

    /// <inheritdoc/>
    public Task<VenueResult<CancelAck>> CancelAllAsync(CancellationToken cancellationToken = default)
    {
        Sent(KrakenWsRequestWriter.CancelAll(Token, Interlocked.Read(ref _requests) + 1));
        return Task.FromResult(VenueResult<CancelAck>.Success(new CancelAck(0)));
    }

    /// <inheritdoc/>
    public Task<VenueResult<DeadManSwitchStatus>> CancelAllAfterAsync(TimeSpan timeout, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("No dead-man switch in the benchmark");

    /// <summary>Forgets when the last request was serialized, before a tick.</summary>
    public void Mark() => _firstSent = 0;

    private long Sent(byte[] request)
    {
        if (_firstSent == 0)
        {
            _firstSent = Stopwatch.GetTimestamp();
        }

        Interlocked.Add(ref _bytes, request.Length);
        return Interlocked.Increment(ref _requests);
    }
}
