using MarketMaking.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MarketMaking.Oms;

/// <summary>
/// An engine handler that reconciles a venue every time its user-stream connection comes back (and once at start), and
/// applies the venue's cancel-on-disconnect policy: when the connection drops, orders left resting are canceled once it
/// returns, unless the policy keeps them. It also reconciles when the venue speaks of an order the OMS has wrong: a fill
/// of an order the journal lost, a cancel refused because the venue has no such open order
/// (<see cref="VenueErrorKind.UnknownOrder"/>: filled or canceled there, which only the venue can say; until then a
/// kill switch would send the same cancel again on every tick, each one charged to the venue's rate limit), or a
/// request whose outcome is unknown (<see cref="VenueOutcome.Unknown"/>: its order would otherwise stay unknown or
/// pending, and its instrument unquoted, until the next reconnection). Such events while a reconciliation is queued
/// start no other.
/// </summary>
/// <remarks>
/// A reconciliation the venue refuses for a transient reason (its rate limit spent, a transport error, the circuit open)
/// is tried again after the venue's <see cref="VenueError.RetryAfter"/>, or after 1 s doubling up to 30 s, up to
/// <see cref="MaxAttempts"/> times: right after a reconnection is when the REST budget is most likely spent.
/// </remarks>
public sealed class ReconcileOnReconnect : IEngineHandler
{
    private static readonly TimeSpan s_firstRetryDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan s_maxRetryDelay = TimeSpan.FromSeconds(30);

    private readonly VenueId _venue;
    private readonly string _connection;
    private readonly IOrderQueries _rest;
    private readonly Reconciler _reconciler;
    private readonly OrderManager _orders;
    private readonly bool _cancelOnDisconnect;
    private readonly TimeProvider _timeProvider;
    private bool _wasLost;
    private bool _reconciliationQueued;
    private bool _suspended;
    private Task _running = Task.CompletedTask;

    /// <summary>Initializes the handler.</summary>
    /// <param name="venue">The venue.</param>
    /// <param name="rest">The venue's REST client (for the queries).</param>
    /// <param name="reconciler">The reconciler.</param>
    /// <param name="orders">The order manager (for cancel-on-disconnect).</param>
    /// <param name="connection">The name of the connection carrying the user stream (<c>private</c> for Kraken).</param>
    /// <param name="cancelOnDisconnect">Whether orders still open after a lost connection are canceled once it returns.</param>
    /// <param name="timeProvider">The clock that times the retries (the system clock by default).</param>
    public ReconcileOnReconnect(
        VenueId venue,
        IOrderQueries rest,
        Reconciler reconciler,
        OrderManager orders,
        string connection = "private",
        bool cancelOnDisconnect = false,
        TimeProvider? timeProvider = null)
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
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <inheritdoc/>
    public string Name => $"reconcile-{_venue}";

    /// <summary>Gets where each reconciliation's result is logged: Information, Warning when it gives up (none by default).</summary>
    public ILogger Logger { get; init; } = NullLogger.Instance;

    /// <summary>Gets the last report, or <see langword="null"/> before the first reconciliation.</summary>
    public ReconciliationReport? LastReport { get; private set; }

    /// <summary>Gets how many reconciliations ran (each retry counts as one).</summary>
    public int Count { get; private set; }

    /// <summary>Gets or sets how many times one reconciliation is tried when the venue fails it transiently (5 by default).</summary>
    public int MaxAttempts { get; init; } = 5;

    /// <summary>Gets the reconciliation under way (or the last one).</summary>
    public Task Running => _running;

    /// <summary>
    /// Starts no reconciliation from now on (one under way finishes). Call it on the loop when a shutdown's last check
    /// of the venue begins: that check needs the venue's request budget, and the cancels it answers with "unknown
    /// order" would each start a reconciliation that spends it.
    /// </summary>
    public void Suspend() => _suspended = true;

    /// <inheritdoc/>
    public void OnEvent(VenueEvent venueEvent)
    {
        if (_suspended)
        {
            return;
        }

        if (venueEvent.Venue == _venue && !_reconciliationQueued && SaysTheOmsHasAnOrderWrong(venueEvent))
        {
            // Reconciled again: to adopt the order a fill was of (the journal lost it, after a crash), or to learn how
            // an order the venue no longer has open ended.
            _reconciliationQueued = true;
            _running = RunAsync(cancelAfter: false);
            return;
        }

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

    /// <summary>Reconciles now (at start, or on demand), trying again while the venue fails it transiently.</summary>
    /// <param name="cancellationToken">Stops the attempts; the report of the last one is returned.</param>
    /// <returns>The report of the last attempt: succeeded, failed for good, or failed transiently every time.</returns>
    public async Task<ReconciliationReport> ReconcileAsync(CancellationToken cancellationToken = default)
    {
        var delay = s_firstRetryDelay;
        for (var attempt = 1; ; attempt++)
        {
            var report = await _reconciler.ReconcileAsync(_venue, _rest, cancellationToken).ConfigureAwait(false);
            LastReport = report;
            Count++;
            if (report.Succeeded)
            {
                Log.Reconciled(Logger, _venue.Value, report);
                return report;
            }

            if (report.Error is not { IsTransient: true } error || attempt >= MaxAttempts)
            {
                Log.ReconciliationFailed(Logger, _venue.Value, attempt, report);
                return report;
            }

            await Task.Delay(error.RetryAfter is { } retryAfter && retryAfter > TimeSpan.Zero ? retryAfter : delay, _timeProvider, cancellationToken)
                .ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (cancellationToken.IsCancellationRequested)
            {
                return report;
            }

            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, s_maxRetryDelay.Ticks));
        }
    }

    /// <summary>A fill of an order the journal lost, or a cancel refused because the venue has no such open order.</summary>
    private bool SaysTheOmsHasAnOrderWrong(VenueEvent venueEvent) => venueEvent switch
    {
        FillEvent fill => _orders.IsOfLostOrder(fill),
        OrderEntryResult { Action: OrderEntryAction.Cancel, Outcome: VenueOutcome.Failed, Error.Kind: VenueErrorKind.UnknownOrder } => true,

        // A request whose answer never came (timed out, or the connection dropped after it left): its order stays
        // unknown or pending, and a strategy does not requote an instrument while one of its orders is, until the venue
        // says how the request ended.
        OrderEntryResult { Outcome: VenueOutcome.Unknown } => true,
        _ => false,
    };

    private async Task RunAsync(bool cancelAfter)
    {
        await _running.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);

        // Cleared on the loop behind the messages already queued (off it first: on it, this would run at once), so that
        // a burst of such fills or refusals starts one reconciliation, and one after this point another.
        await Task.Yield();
        await _orders.RunOnLoopAsync(() => _reconciliationQueued = false).ConfigureAwait(false);
        await ReconcileAsync().ConfigureAwait(false);
        if (cancelAfter)
        {
            await _orders.RunOnLoopAsync(() => _orders.CancelAll(_venue)).ConfigureAwait(false);
        }
    }
}
