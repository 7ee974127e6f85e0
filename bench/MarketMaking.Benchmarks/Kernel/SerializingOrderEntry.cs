using System.Buffers;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using MarketMaking.Adapters.Kraken;
using MarketMaking.Models;

namespace MarketMaking.Benchmarks.Kernel;

/// <summary>
/// Order entry that does what the Kraken WebSocket client does up to the socket: each request serialized into the
/// bytes Kraken's API takes (<see cref="KrakenWsRequestWriter"/>) in a send buffer kept for the connection, then
/// answered as accepted when <see cref="AnswerAll"/> is called (after the loop has sent what a tick set off), so that
/// the kernel goes on as with a venue that acknowledges everything.
/// </summary>
internal sealed class SerializingOrderEntry : ISpotOrderEntry
{
    private const string Token = "benchmark-session-token";
    private long _requests;
    private long _bytes;
    private long _firstSent;

    // What a connection's send loop would hand to the socket; the benchmark only counts the bytes.
    private readonly ArrayBufferWriter<byte> _sendBuffer = new(1024);

    // The requests sent and not yet answered, in the order sent, and the answers each kind is given.
    private readonly List<IPendingAnswer> _unanswered = [];
    private readonly PendingAnswers<OrderAck, ClientOrderId> _places;
    private readonly PendingAnswers<AmendAck, byte> _amends;
    private readonly PendingAnswers<CancelAck, byte> _cancels;

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

    /// <summary>Initializes the order entry.</summary>
    /// <param name="venue">The venue it stands for.</param>
    public SerializingOrderEntry(VenueId venue)
    {
        Venue = venue;

        // A new order's id is made when it is answered, as a venue's is: nothing is made while the request is sent.
        _places = new(_unanswered, static (id, clientOrderId) => new OrderAck(VenueOrderId.Create(string.Create(CultureInfo.InvariantCulture, $"O-{id}")), clientOrderId));
        _amends = new(_unanswered, static (_, _) => default);
        _cancels = new(_unanswered, static (_, _) => new CancelAck(1));
    }

    /// <inheritdoc/>
    public VenueId Venue { get; }

    /// <inheritdoc/>
    public VenueCapabilities Capabilities { get; } = new([OrderType.Limit, OrderType.Market], [TimeInForce.GoodTillCanceled, TimeInForce.ImmediateOrCancel], VenueFeatures.Amend | VenueFeatures.CancelAll);

    /// <inheritdoc/>
    public ValueTask<VenueResult<OrderAck>> PlaceOrderAsync(OrderRequest request, CancellationToken cancellationToken = default)
    {
        KrakenWsRequestWriter.AddOrder(Buffer(), request, Token, Interlocked.Read(ref _requests) + 1);
        return _places.Later(Sent(), request.ClientOrderId);
    }

    /// <inheritdoc/>
    public ValueTask<VenueResult<ImmutableArray<VenueResult<OrderAck>>>> PlaceOrdersAsync(IReadOnlyList<OrderRequest> requests, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The market maker sends one order at a time");

    /// <inheritdoc/>
    public ValueTask<VenueResult<AmendAck>> AmendOrderAsync(AmendRequest request, CancellationToken cancellationToken = default)
    {
        KrakenWsRequestWriter.AmendOrder(Buffer(), request, Token, Interlocked.Read(ref _requests) + 1);
        return _amends.Later(Sent(), default);
    }

    /// <inheritdoc/>
    public ValueTask<VenueResult<CancelAck>> CancelOrderAsync(InstrumentId instrument, OrderReference order, CancellationToken cancellationToken = default)
    {
        KrakenWsRequestWriter.CancelOrder(Buffer(), order, Token, Interlocked.Read(ref _requests) + 1);
        return _cancels.Later(Sent(), default);
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

    /// <summary>
    /// Answers every request sent since the last call, in the order sent, each accepted, as a venue's answers arrive
    /// after its requests have left: what the OMS does with an answer runs here, as it runs on an adapter's receive
    /// thread in a live run (the answer's message is made here, and posted to the loop).
    /// </summary>
    /// <returns>How many requests were answered.</returns>
    public int AnswerAll()
    {
        var answered = _unanswered.Count;
        for (var i = 0; i < _unanswered.Count; i++)
        {
            _unanswered[i].Answer();
        }

        _unanswered.Clear();
        return answered;
    }

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
