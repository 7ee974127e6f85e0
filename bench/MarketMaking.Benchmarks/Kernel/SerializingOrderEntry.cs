using System.Buffers;
using System.Collections.Immutable;
using System.Diagnostics;
using MarketMaking.Adapters.Kraken;
using MarketMaking.Models;

namespace MarketMaking.Benchmarks.Kernel;

/// <summary>
/// Order entry that does what the Kraken WebSocket client does up to the socket: each request serialized into the
/// bytes Kraken's API takes (<see cref="KrakenWsRequestWriter"/>) in a send buffer kept for the connection, then
/// answered at once as accepted, so that the kernel goes on as with a venue that acknowledges everything.
/// </summary>
internal sealed class SerializingOrderEntry(VenueId venue) : ISpotOrderEntry
{
    private const string Token = "benchmark-session-token";
    private long _requests;
    private long _bytes;
    private long _firstSent;

    // What a connection's send loop would hand to the socket; the benchmark only counts the bytes.
    private readonly ArrayBufferWriter<byte> _sendBuffer = new(1024);

    /// <summary>Gets how many requests were serialized.</summary>
    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>Gets how many bytes they took.</summary>
    public long Bytes => Interlocked.Read(ref _bytes);

    /// <summary>Gets when the first request since <see cref="Mark"/> was serialized (a <see cref="Stopwatch"/> timestamp), or 0.</summary>
    public long FirstSentTimestamp => _firstSent;

    /// <summary>
    /// Gets the bytes the calling thread had allocated when the first request since <see cref="Mark"/> was serialized
    /// (<see cref="GC.GetAllocatedBytesForCurrentThread"/>), or 0.
    /// </summary>
    public long FirstSentAllocatedBytes { get; private set; }

    /// <inheritdoc/>
    public VenueId Venue { get; } = venue;

    /// <inheritdoc/>
    public VenueCapabilities Capabilities { get; } = new([OrderType.Limit, OrderType.Market], [TimeInForce.GoodTillCanceled, TimeInForce.ImmediateOrCancel], VenueFeatures.Amend | VenueFeatures.CancelAll);

    /// <inheritdoc/>
    public ValueTask<VenueResult<OrderAck>> PlaceOrderAsync(OrderRequest request, CancellationToken cancellationToken = default)
    {
        KrakenWsRequestWriter.AddOrder(Buffer(), request, Token, Interlocked.Read(ref _requests) + 1);
        var id = Sent();
        return ValueTask.FromResult(VenueResult<OrderAck>.Success(new OrderAck(VenueOrderId.Create($"O-{id}"), request.ClientOrderId)));
    }

    /// <inheritdoc/>
    public ValueTask<VenueResult<ImmutableArray<VenueResult<OrderAck>>>> PlaceOrdersAsync(IReadOnlyList<OrderRequest> requests, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The market maker sends one order at a time");

    /// <inheritdoc/>
    public ValueTask<VenueResult<AmendAck>> AmendOrderAsync(AmendRequest request, CancellationToken cancellationToken = default)
    {
        KrakenWsRequestWriter.AmendOrder(Buffer(), request, Token, Interlocked.Read(ref _requests) + 1);
        Sent();

        // No amend id: the OMS does not use it.
        return ValueTask.FromResult(VenueResult<AmendAck>.Success(default));
    }

    /// <inheritdoc/>
    public ValueTask<VenueResult<CancelAck>> CancelOrderAsync(InstrumentId instrument, OrderReference order, CancellationToken cancellationToken = default)
    {
        KrakenWsRequestWriter.CancelOrder(Buffer(), order, Token, Interlocked.Read(ref _requests) + 1);
        Sent();
        return ValueTask.FromResult(VenueResult<CancelAck>.Success(new CancelAck(1)));
    }

    /// <inheritdoc/>
    public ValueTask<VenueResult<CancelAck>> CancelAllAsync(CancellationToken cancellationToken = default)
    {
        Buffer().Write(KrakenWsRequestWriter.CancelAll(Token, Interlocked.Read(ref _requests) + 1));
        Sent();
        return ValueTask.FromResult(VenueResult<CancelAck>.Success(new CancelAck(0)));
    }

    /// <inheritdoc/>
    public ValueTask<VenueResult<DeadManSwitchStatus>> CancelAllAfterAsync(TimeSpan timeout, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("No dead-man switch in the benchmark");

    /// <summary>Forgets when the last request was serialized, before a tick.</summary>
    public void Mark() => _firstSent = 0;

    private ArrayBufferWriter<byte> Buffer()
    {
        _sendBuffer.ResetWrittenCount();
        return _sendBuffer;
    }

    private long Sent()
    {
        if (_firstSent == 0)
        {
            _firstSent = Stopwatch.GetTimestamp();
            FirstSentAllocatedBytes = GC.GetAllocatedBytesForCurrentThread();
        }

        Interlocked.Add(ref _bytes, _sendBuffer.WrittenCount);
        return Interlocked.Increment(ref _requests);
    }
}
