using MarketMaking.Adapters;
using MarketMaking.Models;

namespace MarketMaking.Oms;

/// <summary>
/// An engine handler that reconciles a venue every time its user-stream connection comes back (and once at start), and
/// applies the venue's cancel-on-disconnect policy: when the connection drops, orders left resting are canceled once it
/// returns, unless the policy keeps them.
/// </summary>
public sealed class ReconcileOnReconnect : IEngineHandler
{
    private readonly VenueId _venue;
    private readonly string _connection;
    private readonly ISpotRest _rest;
    private readonly Reconciler _reconciler;
    private readonly OrderManager _orders;
    private readonly bool _cancelOnDisconnect;
    private bool _wasLost;
    private Task _running = Task.CompletedTask;

    /// <summary>Initializes the handler.</summary>
    /// <param name="venue">The venue.</param>
    /// <param name="rest">The venue's REST client (for the queries).</param>
    /// <param name="reconciler">The reconciler.</param>
    /// <param name="orders">The order manager (for cancel-on-disconnect).</param>
    /// <param name="connection">The name of the connection carrying the user stream (<c>private</c> for Kraken).</param>
    /// <param name="cancelOnDisconnect">Whether orders still open after a lost connection are canceled once it returns.</param>
    public ReconcileOnReconnect(VenueId venue, ISpotRest rest, Reconciler reconciler, OrderManager orders, string connection = "private", bool cancelOnDisconnect = false)
    {
        ArgumentNullException.ThrowIfNull(rest);
        ArgumentNullException.ThrowIfNull(reconciler);
        ArgumentNullException.ThrowIfNull(orders);
        _venue = venue;
        _rest = rest;
        _reconciler = reconciler;
        _orders = orders;
        _connection = connection;
        _cancelOnDisconnect = cancelOnDisconnect;
    }

    /// <inheritdoc/>
    public string Name => $"reconcile-{_venue}";

    /// <summary>Gets the last report, or <see langword="null"/> before the first reconciliation.</summary>
    public ReconciliationReport? LastReport { get; private set; }

    /// <summary>Gets how many reconciliations ran.</summary>
    public int Count { get; private set; }

    /// <summary>Gets the reconciliation under way (or the last one).</summary>
    public Task Running => _running;

    /// <inheritdoc/>
    public void OnEvent(VenueEvent venueEvent)
    {
        if (venueEvent is not ConnectionStateChanged change || change.Venue != _venue || change.Connection != _connection)
        {
            return;
        }

        if (change.Current == ConnectionState.Reconnecting)
        {
            _wasLost = true;
        }
        else if (change.Current == ConnectionState.Connected)
        {
            var cancelAfter = _wasLost && _cancelOnDisconnect;
            _wasLost = false;
            _running = RunAsync(cancelAfter);
        }
    }

    /// <summary>Reconciles now (at start, or on demand).</summary>
    /// <returns>The report.</returns>
    public async Task<ReconciliationReport> ReconcileAsync()
    {
        var report = await _reconciler.ReconcileAsync(_venue, _rest).ConfigureAwait(false);
        LastReport = report;
        Count++;
        return report;
    }

    private async Task RunAsync(bool cancelAfter)
    {
        await _running.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await ReconcileAsync().ConfigureAwait(false);
        if (cancelAfter)
        {
            _orders.CancelAll(_venue);
        }
    }
}
