using System.Collections.Immutable;
using MarketMaking.Adapters;
using MarketMaking.Models;

namespace MarketMaker.Kraken.Trading;

/// <summary>
/// Live mode's <c>--dry-run</c>: every new order goes to Kraken with its <c>validate</c> flag, so Kraken checks it
/// (funds, price, size, permissions) without booking it. The OMS then sees it rejected with "dry run: validated by the
/// venue", so nothing is ever believed to rest.
/// </summary>
internal sealed class DryRunOrderEntry : ISpotOrderEntry
{
    private readonly ISpotOrderEntry _inner;

    public DryRunOrderEntry(ISpotOrderEntry inner) => _inner = inner;

    public VenueId Venue => _inner.Venue;

    public VenueCapabilities Capabilities => _inner.Capabilities;

    public int Validated { get; private set; }

    public async ValueTask<VenueResult<OrderAck>> PlaceOrderAsync(OrderRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var answer = await _inner.PlaceOrderAsync(request with { ValidateOnly = true }, cancellationToken).ConfigureAwait(false);
        if (!answer.IsSuccess)
        {
            return answer;
        }

        Validated++;
        return VenueResult<OrderAck>.Failure(new VenueError(VenueErrorKind.InvalidRequest, IsTransient: false, null, "dry run: validated by the venue, not booked"));
    }

    public async ValueTask<VenueResult<ImmutableArray<VenueResult<OrderAck>>>> PlaceOrdersAsync(IReadOnlyList<OrderRequest> requests, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requests);
        var answers = new List<VenueResult<OrderAck>>();
        foreach (var request in requests)
        {
            answers.Add(await PlaceOrderAsync(request, cancellationToken).ConfigureAwait(false));
        }

        return VenueResult<ImmutableArray<VenueResult<OrderAck>>>.Success([.. answers]);
    }

    public ValueTask<VenueResult<AmendAck>> AmendOrderAsync(AmendRequest request, CancellationToken cancellationToken = default) => _inner.AmendOrderAsync(request, cancellationToken);

    public ValueTask<VenueResult<CancelAck>> CancelOrderAsync(InstrumentId instrument, OrderReference order, CancellationToken cancellationToken = default) => _inner.CancelOrderAsync(instrument, order, cancellationToken);

    public ValueTask<VenueResult<CancelAck>> CancelAllAsync(CancellationToken cancellationToken = default) => _inner.CancelAllAsync(cancellationToken);

    public ValueTask<VenueResult<DeadManSwitchStatus>> CancelAllAfterAsync(TimeSpan timeout, CancellationToken cancellationToken = default) => _inner.CancelAllAfterAsync(timeout, cancellationToken);
}
