using System.Collections.Immutable;
using MarketMaking.Models;

namespace MarketMaking.Oms;

/// <summary>
/// Brings the OMS's view of a venue in line with the venue's own: at start and after every reconnection it lists the
/// venue's open orders, queries the ones the OMS thinks open that the list lacks, settles unknown and pending outcomes,
/// and adopts or cancels orders the OMS does not know. New orders for the venue wait meanwhile.
/// </summary>
/// <remarks>
/// Missed fills arrive through the user stream's snapshot of recent fills (Kraken's <c>snap_trades</c>), applied once
/// per trade id; the report names the orders whose filled quantity the venue reports higher than the OMS's. A fill of
/// an order of ours the journal lost (its intent in the last batch before a crash) is held until reconciliation has
/// queried and adopted the order, then counted like any fill.
/// </remarks>
public sealed class Reconciler
{
    private readonly OrderManager _orders;
    private readonly ForeignOrderPolicy _policy;

    /// <summary>Initializes a reconciler.</summary>
    /// <param name="orders">The order manager.</param>
    /// <param name="policy">What to do with open orders the OMS does not know.</param>
    public Reconciler(OrderManager orders, ForeignOrderPolicy policy = ForeignOrderPolicy.Cancel)
    {
        ArgumentNullException.ThrowIfNull(orders);
        _orders = orders;
        _policy = policy == ForeignOrderPolicy.Unspecified ? ForeignOrderPolicy.Cancel : policy;
    }

    /// <summary>
    /// Fetches, from the venue's fill history, the fills of orders it reports more filled than the OMS knows, and hands
    /// them to the engine loop like any fill (a trade id already applied is ignored there).
    /// </summary>
    private async Task<int> RecoverFillsAsync(VenueId venue, IFillHistory history, ImmutableArray<ClientOrderId> missing, CancellationToken cancellationToken)
    {
        var orders = await _orders.RunOnLoopAsync(() => missing.Select(id => _orders.Store.Find(venue, id)).OfType<OmsOrder>().ToArray()).ConfigureAwait(false);
        var recovered = 0;
        foreach (var group in orders.GroupBy(o => o.Instrument))
        {
            // A second's margin: the venue's clock and ours differ a little.
            var since = group.Min(o => o.CreatedNanoseconds) - 1_000_000_000;
            var fills = await history.GetFillsAsync(group.Key, since, cancellationToken).ConfigureAwait(false);
            if (!fills.IsSuccess)
            {
                continue;
            }

            var theirs = fills.Value
                .Where(f => group.Any(o => (o.VenueOrderId is { } id && id == f.VenueOrderId) || (f.ClientOrderId is { } client && client == o.ClientOrderId)))
                .ToArray();
            await _orders.ApplyRecoveredFillsAsync(theirs).ConfigureAwait(false);
            recovered += theirs.Length;
        }

        return recovered;
    }

    /// <summary>
    /// Queries and adopts the orders of ours known only by their fills (an earlier session's orders whose intents a
    /// crash took from the journal, filled while or after it stopped): without this their fills would count nowhere.
    /// </summary>
    private async Task<(ImmutableArray<VenueOrderId> Adopted, ImmutableArray<(InstrumentId, VenueOrderId)> ToCancel)> AdoptOrdersKnownOnlyByFillsAsync(
        VenueId venue, IOrderQueries rest, CancellationToken cancellationToken)
    {
        var lost = await _orders.RunOnLoopAsync(() => _orders.OrdersKnownOnlyByFills(venue)).ConfigureAwait(false);
        if (lost.Length == 0)
        {
            return ([], []);
        }

        var answer = await rest.QueryOrdersAsync(lost, cancellationToken).ConfigureAwait(false);
        if (!answer.IsSuccess)
        {
            // Left unmatched: the next reconciliation asks again.
            return ([], []);
        }

        var (adopted, toCancel) = await _orders.RunOnLoopAsync(() => _orders.AdoptLostOrders(venue, answer.Value)).ConfigureAwait(false);
        return (adopted, [.. toCancel.Select(id => (answer.Value.First(o => o.VenueOrderId == id).Instrument, id))]);
    }

    /// <summary>Reconciles one venue.</summary>
    /// <param name="venue">The venue.</param>
    /// <param name="rest">Its REST client, for the queries.</param>
    /// <param name="cancellationToken">Cancels the queries (nothing is changed then).</param>
    /// <returns>What was found and done.</returns>
    public async Task<ReconciliationReport> ReconcileAsync(VenueId venue, IOrderQueries rest, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rest);
        // The I/O here, off the loop; every change to the OMS's state on it.
        await _orders.RunOnLoopAsync(() => _orders.BeginReconciliation(venue)).ConfigureAwait(false);
        try
        {
            var open = await rest.GetOpenOrdersAsync(cancellationToken).ConfigureAwait(false);
            if (!open.IsSuccess)
            {
                return new ReconciliationReport(venue) { Error = open.Error };
            }

            var missing = await _orders.RunOnLoopAsync(() => _orders.OpenOrdersMissingFrom(venue, open.Value)).ConfigureAwait(false);
            var queried = ImmutableArray<VenueOrder>.Empty;
            if (missing.Length > 0)
            {
                var answer = await rest.QueryOrdersAsync(missing, cancellationToken).ConfigureAwait(false);
                if (!answer.IsSuccess)
                {
                    return new ReconciliationReport(venue) { Error = answer.Error };
                }

                queried = answer.Value;
            }

            var report = await _orders.RunOnLoopAsync(() => _orders.ApplyReconciliation(venue, open.Value, queried, _policy)).ConfigureAwait(false);
            var lost = await AdoptOrdersKnownOnlyByFillsAsync(venue, rest, cancellationToken).ConfigureAwait(false);
            var canceled = ImmutableArray.CreateBuilder<VenueOrderId>();
            foreach (var (instrument, order) in report.Canceled.Select(id => (open.Value.First(o => o.VenueOrderId == id).Instrument, id)).Concat(lost.ToCancel))
            {
                if ((await rest.CancelOrderAsync(instrument, OrderReference.ByVenueId(order), cancellationToken).ConfigureAwait(false)).IsSuccess)
                {
                    canceled.Add(order);
                }
            }

            // Fills that arrived before their order was adopted go round the loop again, to be counted everywhere.
            var nowMatched = await _orders.RunOnLoopAsync(() => _orders.TakeFillsNowMatched(venue)).ConfigureAwait(false);
            await _orders.ApplyRecoveredFillsAsync(nowMatched).ConfigureAwait(false);
            report = report with { Adopted = report.Adopted.AddRange(lost.Adopted), Canceled = canceled.ToImmutable(), RecoveredFills = nowMatched.Length };
            return report.MissingFills.Length > 0 && rest is IFillHistory history
                ? report with { RecoveredFills = report.RecoveredFills + await RecoverFillsAsync(venue, history, report.MissingFills, cancellationToken).ConfigureAwait(false) }
                : report;
        }
        finally
        {
            await _orders.RunOnLoopAsync(() => _orders.EndReconciliation(venue)).ConfigureAwait(false);
        }
    }
}
