using System.Collections.Immutable;
using System.Globalization;
using MarketMaking.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MarketMaking.Oms;

/// <summary>
/// Tracks every order across venues: sends submits, amends and cancels through each venue's order entry, and applies
/// what comes back (answers, order updates, fills) through the <see cref="OrderStateMachine"/>.
/// </summary>
/// <remarks>
/// <para>An <see cref="IEngineHandler"/>: venue events reach it on the engine loop. The answer to each request is posted
/// back to the loop as an <see cref="OrderEntryResult"/>, so that every change happens in the loop's order. The orders
/// belong to the loop and are changed only on it, with no lock: commands are given on it (from another thread through
/// the <c>…Async</c> methods, which run there), and another thread reads them with <see cref="Read{T}"/>, which runs
/// its query there too.</para>
/// <para>Client order ids come from the <see cref="ClientOrderIdGenerator"/>, unique per venue. A request whose answer
/// is lost leaves the order <see cref="OrderStatus.Unknown"/> (or pending) until the venue reports it or reconciliation
/// settles it; it is never resent blindly.</para>
/// </remarks>
public sealed class OrderManager : IEngineHandler, ILoopBound, IOrderCommands, IDisposable
{
    private readonly Lock _registration = new();

    // Copied on write (venues and checks are registered at start): read on the loop without a lock.
    private volatile Dictionary<VenueId, ISpotOrderEntry> _venues = [];
    private volatile IOrderGate[] _gates = [];
    private IEngineLoop? _owner;
    private readonly IVenueEventSink _loop;
    private readonly TimeProvider _timeProvider;
    private readonly ClientOrderIdGenerator _ids;
    private readonly ILogger _logger;
    private readonly List<FillEvent> _unmatchedFills = [];
    private readonly List<FillEvent> _restoredFills = [];
    private readonly List<FundingPayment> _restoredFunding = [];
    private readonly LogThrottle _deniedLog;
    private bool _restoring;
    private readonly OrderJournal? _journal;
    private readonly bool _intentDurableBeforeSend;
    private readonly Dictionary<VenueId, List<Action>> _held = [];

    // Per venue under reconciliation: the orders open in the OMS that the venue's list lacked when it was compared.
    private readonly Dictionary<VenueId, HashSet<ClientOrderId>> _comparedWithList = [];
    private readonly Dictionary<(ClientOrderId, OrderEntryAction), TaskCompletionSource<OmsOrder>> _waiters = [];
    private long _submitted;
    private long _filled;
    private long _rejected;
    private long _canceled;
    private long _denied;

    /// <summary>Initializes an order manager.</summary>
    /// <param name="loop">The engine loop's sink, where answers are posted back.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="ids">The client order id generator.</param>
    /// <param name="meterFactory">For the metrics, or <see langword="null"/>.</param>
    /// <param name="logger">The logger, or <see langword="null"/>.</param>
    /// <param name="journal">Where every intent, answer, update and fill is written before it is acted on, or <see langword="null"/>.</param>
    /// <param name="intentDurableBeforeSend">Whether a new order waits for its intent's commit before it leaves (<see cref="OmsOptions.IntentDurableBeforeSend"/>).</param>
    public OrderManager(
        IVenueEventSink loop,
        TimeProvider timeProvider,
        ClientOrderIdGenerator ids,
        System.Diagnostics.Metrics.IMeterFactory? meterFactory = null,
        ILogger<OrderManager>? logger = null,
        OrderJournal? journal = null,
        bool intentDurableBeforeSend = false)
    {
        ArgumentNullException.ThrowIfNull(loop);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(ids);
        _loop = loop;
        _timeProvider = timeProvider;
        _ids = ids;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _journal = journal;
        _intentDurableBeforeSend = intentDurableBeforeSend;
        _deniedLog = new LogThrottle(timeProvider, TimeSpan.FromSeconds(10));
        // The gauge is read by the metrics exporter's thread: on the loop, like any off-loop read.
        Metrics = new OmsMetrics(meterFactory, () => Read(store => store.OpenCount));
    }

    /// <inheritdoc/>
    public string Name => "oms";

    /// <inheritdoc/>
    public EngineStage Stage => EngineStage.Orders;

    /// <inheritdoc/>
    public void BindTo(IEngineLoop loop) => _owner = loop;

    /// <summary>Gets the orders. Read it on the engine loop; from another thread, use <see cref="Read{T}"/>.</summary>
    public OrderStore Store { get; } = new();

    /// <summary>Gets the metrics.</summary>
    public OmsMetrics Metrics { get; }

    /// <summary>
    /// Hands fills recovered from a venue's fill history (<see cref="IFillHistory"/>) to the engine loop, where they are
    /// applied like fills from the user stream: each trade id once, so a fill the stream did deliver is ignored.
    /// </summary>
    /// <param name="fills">The fills.</param>
    /// <returns>Completes when the loop has accepted them (not yet applied).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="fills"/> is null.</exception>
    public async Task ApplyRecoveredFillsAsync(IEnumerable<FillEvent> fills)
    {
        ArgumentNullException.ThrowIfNull(fills);
        foreach (var fill in fills)
        {
            await _loop.PostAsync(fill).ConfigureAwait(false);
        }
    }

    /// <summary>Gets the fill the last event applied, or <see langword="null"/> (a duplicate, or not a fill): what later handlers should count.</summary>
    public FillEvent? LastAppliedFill { get; private set; }

    /// <summary>
    /// Gets the fills <see cref="Restore"/> applied from the journal, each once, in order: what positions, fees and PnL
    /// (the inventory) and each strategy's position are rebuilt from before the loop runs.
    /// </summary>
    public IReadOnlyList<FillEvent> RestoredFills => _restoredFills;

    /// <summary>Gets the funding payments <see cref="Restore"/> read from the journal, in order, for inventory to restore.</summary>
    public IReadOnlyList<FundingPayment> RestoredFunding => _restoredFunding;

    /// <summary>Gets fills that matched no order of ours (kept for reconciliation).</summary>
    public IReadOnlyList<FillEvent> UnmatchedFills => _unmatchedFills;

    /// <summary>Registers how orders are sent to a venue.</summary>
    /// <param name="venue">The venue.</param>
    /// <param name="orderEntry">Its order entry: the WebSocket client when it has one, else the REST client.</param>
    public void RegisterExchange(VenueId venue, ISpotOrderEntry orderEntry)
    {
        ArgumentNullException.ThrowIfNull(orderEntry);
        lock (_registration)
        {
            _venues = new Dictionary<VenueId, ISpotOrderEntry>(_venues) { [venue] = orderEntry };
        }
    }

    /// <summary>
    /// Runs a query on the orders on the engine loop, between two of its messages, so that a thread other than the
    /// loop's (a dashboard, a test) reads a consistent state without a lock: the calling thread waits for the loop to
    /// take it (at once on the loop itself, or while no loop runs). The query must copy what it returns
    /// (<c>ToArray()</c>, or the values it needs: an order keeps changing on the loop), and be short.
    /// </summary>
    /// <typeparam name="T">The query's result.</typeparam>
    /// <param name="query">The query.</param>
    /// <returns>Its result.</returns>
    public T Read<T>(Func<OrderStore, T> query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return _owner.Query(() => query(Store));
    }

    /// <summary>Gets what a venue's order entry supports, or <see langword="null"/> for a venue not registered.</summary>
    /// <param name="venue">The venue.</param>
    /// <returns>Its capabilities.</returns>
    public VenueCapabilities? CapabilitiesOf(VenueId venue) => _venues.TryGetValue(venue, out var entry) ? entry.Capabilities : null;

    /// <summary>Gets how many new orders on an instrument the venue's rate budget allows now (see <see cref="IOrderEntryBudget"/>).</summary>
    /// <param name="venue">The venue.</param>
    /// <param name="instrument">The instrument.</param>
    /// <returns>The count; <see cref="int.MaxValue"/> when the venue's order entry does not model its budget.</returns>
    public int NewOrderHeadroom(VenueId venue, InstrumentId instrument) =>
        _venues.GetValueOrDefault(venue) is IOrderEntryBudget budget ? budget.NewOrderHeadroom(instrument) : int.MaxValue;

    /// <summary>Gets the venues registered with <see cref="RegisterExchange"/>.</summary>
    public IReadOnlyList<VenueId> Venues => [.. _venues.Keys];

    /// <summary>Adds a pre-trade check that every new order and amend must pass, in the order added.</summary>
    /// <param name="gate">The check.</param>
    public void AddGate(IOrderGate gate)
    {
        ArgumentNullException.ThrowIfNull(gate);
        lock (_registration)
        {
            _gates = [.. _gates, gate];
        }
    }

    /// <summary>Records an order intent and sends it. The answer arrives later, on the loop.</summary>
    /// <param name="intent">The order.</param>
    /// <returns>The tracked order, in <see cref="OrderStatus.PendingNew"/>; a refused intent is already <see cref="OrderStatus.Rejected"/> with the reason.</returns>
    public OmsOrder Submit(OrderIntent intent) => Submit(intent, null);

    private OmsOrder Submit(OrderIntent intent, TaskCompletionSource<OmsOrder>? answered)
    {
        ArgumentNullException.ThrowIfNull(intent);
        OnLoop("A submit");
        var order = new OmsOrder(intent.Venue, _ids.Next(), intent.Instrument, intent.Side, intent.Type, intent.Quantity, _timeProvider.GetUnixNanoseconds())
        {
            LimitPrice = intent.LimitPrice,
            PostOnly = intent.PostOnly,
            Strategy = intent.Strategy,
        };
        var journaled = _journal?.AppendIntent(order, intent, _ids.Counter) ?? 0;

        // Checked before the order joins the store, so that the checks count only the orders already open.
        var entry = _venues.GetValueOrDefault(intent.Venue);
        var denial = entry is null ? null : CheckSubmit(intent);
        Store.Add(order);
        if (answered is not null)
        {
            _waiters[(order.ClientOrderId, OrderEntryAction.Submit)] = answered;
        }

        if (entry is null || denial is not null)
        {
            order.LastError = denial is null ? $"No venue {intent.Venue} is registered" : $"Denied before sending: {denial}";
            Settle(order, OrderEventKind.SubmitRejected, order.CreatedNanoseconds);
            _waiters.Remove((order.ClientOrderId, OrderEntryAction.Submit));
            answered?.TrySetResult(order);
            if (denial is not null)
            {
                Deny(order, OrderEntryAction.Submit, denial);
            }

            return order;
        }

        Interlocked.Increment(ref _submitted);
        Metrics.Submitted.Add(1);
        var request = new OrderRequest(intent.Instrument, intent.Side, intent.Type, intent.Quantity, order.ClientOrderId)
        {
            LimitPrice = intent.LimitPrice,
            TimeInForce = intent.TimeInForce,
            PostOnly = intent.PostOnly,
        };
        void Send() => SendRequest(order, OrderEntryAction.Submit, AfterIntentIsJournaled(journaled, () => entry.PlaceOrderAsync(request)), ack => ack.VenueOrderId);
        if (_held.TryGetValue(intent.Venue, out var held))
        {
            // The venue is being reconciled: the order goes out when that ends.
            held.Add(Send);
            return order;
        }

        Send();
        return order;
    }

    /// <summary>Submits an order and waits until the venue's answer (or its absence) has been applied on the loop.</summary>
    /// <param name="intent">The order.</param>
    /// <param name="cancellationToken">Cancels the wait (the order stays tracked).</param>
    /// <returns>The order after the answer: Accepted, Rejected, Unknown, or already filling.</returns>
    public async Task<OmsOrder> SubmitAsync(OrderIntent intent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(intent);
        TaskCompletionSource<OmsOrder> answered = new(TaskCreationOptions.RunContinuationsAsynchronously);

        // On the loop, with the waiter registered before the request leaves, so the answer cannot be missed.
        await RunOnLoopAsync(() => Submit(intent, answered)).ConfigureAwait(false);
        return await answered.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Amends an order and waits until the venue's answer has been applied.</summary>
    /// <returns>The order after the answer, or <see langword="null"/> when the amend could not be sent.</returns>
    public Task<OmsOrder?> AmendAsync(OmsOrder order, Quantity? newQuantity, Price? newLimitPrice, CancellationToken cancellationToken = default) =>
        WaitForAnswerAsync(order, OrderEntryAction.Amend, () => Amend(order, newQuantity, newLimitPrice), cancellationToken);

    /// <summary>Cancels an order and waits until the venue's answer has been applied.</summary>
    /// <returns>The order after the answer, or <see langword="null"/> when the cancel could not be sent.</returns>
    public Task<OmsOrder?> CancelAsync(OmsOrder order, CancellationToken cancellationToken = default) =>
        WaitForAnswerAsync(order, OrderEntryAction.Cancel, () => Cancel(order), cancellationToken);

    /// <summary>Cancels every open order of a venue and waits for every answer.</summary>
    /// <returns>The orders canceled (answered with success).</returns>
    public async Task<int> CancelAllAsync(VenueId venue, CancellationToken cancellationToken = default)
    {
        var open = await RunOnLoopAsync(() => Store.Open(venue).ToArray()).ConfigureAwait(false);
        var answers = await Task.WhenAll(open.Select(o => CancelAsync(o, cancellationToken))).ConfigureAwait(false);
        return answers.Count(o => o?.Status == OrderStatus.Canceled);
    }

    /// <summary>
    /// Sends <see cref="CancelAll(VenueId)"/> from any thread: on the loop, which the OMS's state belongs to. Completes
    /// when the cancels are sent, not answered (for that, <see cref="CancelAllAsync"/>).
    /// </summary>
    /// <param name="venue">The venue.</param>
    /// <returns>How many cancels were sent.</returns>
    public Task<int> SendCancelAllAsync(VenueId venue) => RunOnLoopAsync(() => CancelAll(venue));

    /// <summary>Holds new orders for a venue until <see cref="EndReconciliation"/>.</summary>
    /// <param name="venue">The venue.</param>
    public void BeginReconciliation(VenueId venue)
    {
        OnLoop("A reconciliation's start");
        _held.TryAdd(venue, []);
    }

    /// <summary>Sends the orders held during reconciliation, in the order they were made.</summary>
    /// <param name="venue">The venue.</param>
    public void EndReconciliation(VenueId venue)
    {
        OnLoop("A reconciliation's end");
        _comparedWithList.Remove(venue);
        _held.Remove(venue, out var held);
        foreach (var send in held ?? [])
        {
            send();
        }
    }

    /// <summary>Returns the venue ids of orders the OMS thinks open that are not in the venue's open list, to query them.</summary>
    /// <param name="venue">The venue.</param>
    /// <param name="venueOpen">The venue's open orders.</param>
    /// <returns>The ids (orders with no venue id yet are settled from the list alone).</returns>
    public ImmutableArray<VenueOrderId> OpenOrdersMissingFrom(VenueId venue, IReadOnlyList<VenueOrder> venueOpen)
    {
        ArgumentNullException.ThrowIfNull(venueOpen);
        var missing = MissingFrom(venue, venueOpen).ToArray();
        _comparedWithList[venue] = [.. missing.Select(o => o.ClientOrderId)];
        return [.. missing.Select(o => o.VenueOrderId).OfType<VenueOrderId>()];
    }

    /// <summary>
    /// Applies what the venue reported: open orders settle unknown and pending outcomes; orders missing from the list
    /// take the queried status, or, with no trace at the venue, end as rejected (never placed) or canceled; unknown open
    /// orders are adopted or listed for canceling by <paramref name="policy"/>. After <see cref="OpenOrdersMissingFrom"/>,
    /// only the orders it found missing are judged by their absence: an order whose submit was answered since (accepted
    /// after the venue's list was read) is not in that list for want of time, and is left for the next reconciliation.
    /// </summary>
    /// <param name="venue">The venue.</param>
    /// <param name="venueOpen">The venue's open orders.</param>
    /// <param name="queried">The queried orders (missing from the open list).</param>
    /// <param name="policy">What to do with foreign open orders.</param>
    /// <returns>The report; <see cref="ReconciliationReport.Canceled"/> lists the foreign orders to cancel.</returns>
    public ReconciliationReport ApplyReconciliation(VenueId venue, IReadOnlyList<VenueOrder> venueOpen, IReadOnlyList<VenueOrder> queried, ForeignOrderPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(venueOpen);
        ArgumentNullException.ThrowIfNull(queried);
        var settled = ImmutableArray.CreateBuilder<ClientOrderId>();
        var notFound = ImmutableArray.CreateBuilder<ClientOrderId>();
        var adopted = ImmutableArray.CreateBuilder<VenueOrderId>();
        var toCancel = ImmutableArray.CreateBuilder<VenueOrderId>();
        var missingFills = ImmutableArray.CreateBuilder<ClientOrderId>();
        var now = _timeProvider.GetUnixNanoseconds();
        OnLoop("A reconciliation");
        foreach (var reported in venueOpen)
        {
            var order = Store.Find(venue, reported.VenueOrderId) ?? (reported.ClientOrderId is { } id ? Store.Find(venue, id) : null);
            if (order is null)
            {
                // One of ours whose intent a crash took from the journal's last batch: tracked again, so that its
                // fills count, and canceled like a foreign order when the policy says so (its session is over).
                var lostFromJournal = reported.ClientOrderId is { } reportedId && ClientOrderIdGenerator.SessionOf(reportedId) is not null;
                if (policy == ForeignOrderPolicy.Adopt || lostFromJournal)
                {
                    Adopt(venue, reported, now, lostFromJournal ? "recovered" : "adopted");
                    adopted.Add(reported.VenueOrderId);
                }

                if (policy != ForeignOrderPolicy.Adopt)
                {
                    toCancel.Add(reported.VenueOrderId);
                }

                continue;
            }

            if (order.VenueOrderId is null)
            {
                Store.SetVenueOrderId(order, reported.VenueOrderId);
            }

            // Open at the venue: a lost submit was placed; a lost amend left the order as the venue shows it; a lost
            // cancel did not happen (if it is still under way, its answer or the venue's report ends the order later).
            var outcome = order.Status switch
            {
                OrderStatus.Unknown or OrderStatus.PendingNew => Settle(order, OrderEventKind.Accepted, now),
                OrderStatus.PendingAmend => Settle(order, OrderEventKind.Amended, now, reported.Quantity, reported.LimitPrice),
                OrderStatus.PendingCancel => Settle(order, OrderEventKind.CancelRejected, now),
                _ => TransitionOutcome.Ignored,
            };
            if (outcome is TransitionOutcome.Moves or TransitionOutcome.RollsBack)
            {
                Store.Reindex(order);
                settled.Add(order.ClientOrderId);
            }

            if (reported.FilledQuantity.Value > order.FilledQuantity.Value)
            {
                missingFills.Add(order.ClientOrderId);
            }
        }

        _comparedWithList.Remove(venue, out var compared);
        foreach (var order in MissingFrom(venue, venueOpen).ToArray())
        {
            var reported = order.VenueOrderId is { } venueId ? queried.FirstOrDefault(q => q.VenueOrderId == venueId) : null;
            if (reported is null && compared is not null && !compared.Contains(order.ClientOrderId))
            {
                continue;
            }

            var kind = reported?.Status switch
            {
                OrderStatus.Filled => OrderEventKind.Filled,
                OrderStatus.Canceled => OrderEventKind.Canceled,
                OrderStatus.Expired => OrderEventKind.Expired,
                OrderStatus.Rejected => OrderEventKind.SubmitRejected,
                null => OrderEventKind.NotFoundAtVenue,
                _ => OrderEventKind.Unspecified,
            };
            if (kind == OrderEventKind.Unspecified)
            {
                continue;
            }

            if (reported is not null && reported.FilledQuantity.Value > order.FilledQuantity.Value)
            {
                missingFills.Add(order.ClientOrderId);
            }

            // A filled order's state waits for its fills (they carry the quantities); the others end now.
            if (kind != OrderEventKind.Filled && Settle(order, kind, now) == TransitionOutcome.Moves)
            {
                (kind == OrderEventKind.NotFoundAtVenue ? notFound : settled).Add(order.ClientOrderId);
            }
        }

        return new ReconciliationReport(venue)
        {
            Succeeded = true,
            Settled = settled.ToImmutable(),
            NotFound = notFound.ToImmutable(),
            Adopted = adopted.ToImmutable(),
            Canceled = toCancel.ToImmutable(),
            MissingFills = missingFills.ToImmutable(),
        };
    }

    /// <summary>
    /// Returns the venue ids of orders known only by their fills: fills that matched no order but carry a client order
    /// id of our shape, from an earlier session whose intent a crash took from the journal's last batch.
    /// </summary>
    /// <param name="venue">The venue.</param>
    /// <returns>The ids, to query the venue for the orders.</returns>
    internal ImmutableArray<VenueOrderId> OrdersKnownOnlyByFills(VenueId venue)
    {
        OnLoop("A reconciliation");
        return [.. _unmatchedFills.Where(f => f.Venue == venue && IsOfLostOrder(f)).Select(f => f.VenueOrderId).Distinct()];
    }

    /// <summary>Whether a fill belongs to an order of ours that the store does not know (see <see cref="OrdersKnownOnlyByFills"/>).</summary>
    internal bool IsOfLostOrder(FillEvent fill) =>
        fill.ClientOrderId is { } id && ClientOrderIdGenerator.SessionOf(id) is not null && FindOrderOf(fill) is null;

    /// <summary>
    /// Tracks again the orders of <see cref="OrdersKnownOnlyByFills"/> as the venue reported them (strategy
    /// <c>recovered</c>): an order still open is listed for canceling (its session is over), one canceled or expired
    /// ends so; their fills follow through <see cref="TakeFillsNowMatched"/>.
    /// </summary>
    /// <param name="venue">The venue.</param>
    /// <param name="queried">The venue's report of those orders.</param>
    /// <returns>The adopted orders, and those of them still open, to cancel.</returns>
    internal (ImmutableArray<VenueOrderId> Adopted, ImmutableArray<VenueOrderId> ToCancel) AdoptLostOrders(VenueId venue, IReadOnlyList<VenueOrder> queried)
    {
        ArgumentNullException.ThrowIfNull(queried);
        OnLoop("A reconciliation");
        var now = _timeProvider.GetUnixNanoseconds();
        var adopted = ImmutableArray.CreateBuilder<VenueOrderId>();
        var toCancel = ImmutableArray.CreateBuilder<VenueOrderId>();
        foreach (var reported in queried)
        {
            if (Store.Find(venue, reported.VenueOrderId) is not null || (reported.ClientOrderId is { } clientId && Store.Find(venue, clientId) is not null))
            {
                continue;
            }

            var order = Adopt(venue, reported, now, "recovered");
            adopted.Add(reported.VenueOrderId);
            switch (reported.Status)
            {
                case OrderStatus.Canceled:
                    Settle(order, OrderEventKind.Canceled, now);
                    break;
                case OrderStatus.Expired:
                    Settle(order, OrderEventKind.Expired, now);
                    break;
                case OrderStatus.Accepted or OrderStatus.PartiallyFilled:
                    toCancel.Add(reported.VenueOrderId);
                    break;
            }
        }

        return (adopted.ToImmutable(), toCancel.ToImmutable());
    }

    /// <summary>
    /// Takes out of the unmatched fills those that now match an order (adopted by reconciliation), to hand them to the
    /// loop again (<see cref="ApplyRecoveredFillsAsync"/>) where inventory, risk and strategies see them like any fill.
    /// </summary>
    /// <param name="venue">The venue.</param>
    /// <returns>The fills, in the order they arrived.</returns>
    internal ImmutableArray<FillEvent> TakeFillsNowMatched(VenueId venue)
    {
        OnLoop("A reconciliation");
        return TakeMatchedFills(venue);
    }

    /// <summary>Takes out of the unmatched fills, in order, those of one venue (or of every venue) that now match an order.</summary>
    private ImmutableArray<FillEvent> TakeMatchedFills(VenueId? venue)
    {
        bool Matched(FillEvent fill) => (venue is null || fill.Venue == venue) && FindOrderOf(fill) is not null;
        var matched = _unmatchedFills.Where(Matched).ToImmutableArray();
        _unmatchedFills.RemoveAll(Matched);
        return matched;
    }

    private OmsOrder? FindOrderOf(FillEvent fill) =>
        Store.Find(fill.Venue, fill.VenueOrderId) ?? (fill.ClientOrderId is { } clientId ? Store.Find(fill.Venue, clientId) : null);

    /// <summary>Amends an open order's quantity (the total) or price.</summary>
    /// <param name="order">The order.</param>
    /// <param name="newQuantity">The new total quantity, or <see langword="null"/>.</param>
    /// <param name="newLimitPrice">The new limit price, or <see langword="null"/>.</param>
    /// <returns>Whether the amend was sent (not when the order cannot be amended now).</returns>
    public bool Amend(OmsOrder order, Quantity? newQuantity, Price? newLimitPrice)
    {
        ArgumentNullException.ThrowIfNull(order);
        OnLoop("An amend");
        if (!_venues.TryGetValue(order.Venue, out var entry) || !OrderStateMachine.IsOpen(order.Status))
        {
            return false;
        }

        if (CheckAmend(order, newQuantity, newLimitPrice) is { } denial)
        {
            Deny(order, OrderEntryAction.Amend, denial);
            return false;
        }

        if (Transition(order, OrderEventKind.AmendRequested, _timeProvider.GetUnixNanoseconds()) != TransitionOutcome.Moves)
        {
            return false;
        }

        var request = new AmendRequest(order.Instrument, Reference(order)) { NewQuantity = newQuantity, NewLimitPrice = newLimitPrice, PostOnly = order.PostOnly };
        SendRequest(order, OrderEntryAction.Amend, entry.AmendOrderAsync(request), _ => null, newQuantity, newLimitPrice);
        return true;
    }

    /// <summary>Cancels an open order.</summary>
    /// <param name="order">The order.</param>
    /// <returns>Whether the cancel was sent (not when the order is already finished or being canceled).</returns>
    public bool Cancel(OmsOrder order)
    {
        ArgumentNullException.ThrowIfNull(order);
        OnLoop("A cancel");
        if (!_venues.TryGetValue(order.Venue, out var entry) || Transition(order, OrderEventKind.CancelRequested, _timeProvider.GetUnixNanoseconds()) != TransitionOutcome.Moves)
        {
            return false;
        }

        SendRequest(order, OrderEntryAction.Cancel, entry.CancelOrderAsync(order.Instrument, Reference(order)), _ => null);
        return true;
    }

    /// <inheritdoc/>
    IOrderView IOrderCommands.Submit(OrderIntent intent) => Submit(intent);

    /// <inheritdoc/>
    bool IOrderCommands.Amend(IOrderView order, Quantity? newQuantity, Price? newLimitPrice) => Amend(Tracked(order), newQuantity, newLimitPrice);

    /// <inheritdoc/>
    bool IOrderCommands.Cancel(IOrderView order) => Cancel(Tracked(order));

    /// <inheritdoc/>
    IReadOnlyCollection<IOrderView> IOpenOrders.OpenOrders(VenueId venue, InstrumentId instrument) => Store.Open(venue, instrument);

    /// <inheritdoc/>
    IEnumerable<IOrderView> IOpenOrders.OpenOrders(VenueId venue) => Store.Open(venue);

    /// <inheritdoc/>
    int IOpenOrders.OpenOrderCount(VenueId venue) => Store.OpenCountOn(venue);

    /// <inheritdoc/>
    OpenExposure IOpenOrders.ExposureOf(VenueId venue, InstrumentId instrument, IOrderView? except) => Store.ExposureOf(venue, instrument, except);

    /// <inheritdoc/>
    int IOrderCommands.CancelAll(VenueId venue, Func<IOrderView, bool> which) => CancelAll(venue, which);

    /// <inheritdoc/>
    IOrderView? IOpenOrders.FindOrder(VenueId venue, VenueOrderId venueOrderId) => Store.Find(venue, venueOrderId);

    /// <inheritdoc/>
    IOrderView? IOpenOrders.FindOrder(VenueId venue, ClientOrderId clientOrderId) => Store.Find(venue, clientOrderId);

    /// <summary>Cancels every open order of a venue, one by one (so that each is tracked); an order whose cancel is already under way is left to it.</summary>
    /// <param name="venue">The venue.</param>
    /// <returns>How many cancels were sent.</returns>
    public int CancelAll(VenueId venue) => CancelAll(venue, static _ => true);

    /// <summary>Cancels the open orders of a venue that a filter picks, as <see cref="CancelAll(VenueId)"/> does.</summary>
    /// <param name="venue">The venue.</param>
    /// <param name="which">Whether an order is to be canceled.</param>
    /// <returns>How many cancels were sent.</returns>
    public int CancelAll(VenueId venue, Func<OmsOrder, bool> which)
    {
        ArgumentNullException.ThrowIfNull(which);
        OnLoop("A cancel-all");
        OmsOrder[] open = [.. Store.Open(venue).Where(o => o.Status != OrderStatus.PendingCancel && which(o))];
        return open.Count(Cancel);
    }

    private OrderDenial? CheckSubmit(OrderIntent intent) =>
        FirstDenial((intent, Store), static (gate, s) => gate.CheckSubmit(s.intent, s.Store));

    private OrderDenial? CheckAmend(OmsOrder order, Quantity? newQuantity, Price? newLimitPrice) =>
        FirstDenial((order, newQuantity, newLimitPrice, Store), static (gate, s) => gate.CheckAmend(s.order, s.newQuantity, s.newLimitPrice, s.Store));

    /// <summary>The first pre-trade check's denial, in the order the checks were added (the arguments passed as a state: no closure).</summary>
    private OrderDenial? FirstDenial<TState>(TState state, Func<IOrderGate, TState, OrderDenial?> check)
    {
        foreach (var gate in _gates)
        {
            if (check(gate, state) is { } denial)
            {
                return denial;
            }
        }

        return null;
    }

    /// <summary>Counts and logs a denial, and posts it to the loop (without waiting: the loop is the caller).</summary>
    private void Deny(OmsOrder order, OrderEntryAction action, OrderDenial denial)
    {
        Interlocked.Increment(ref _denied);
        Metrics.Denied.Add(1);
        if (_deniedLog.ShouldLog($"{action} {order.Instrument} {denial.Reason}", out var skipped))
        {
            if (skipped == 0)
            {
                Log.OrderDenied(_logger, action, order.ClientOrderId.Value, order.Instrument.Value, denial.ToString());
            }
            else
            {
                Log.OrderDeniedAgain(_logger, action, order.ClientOrderId.Value, order.Instrument.Value, denial.ToString(), skipped);
            }
        }
        var denied = new OrderDenied(order.Venue, order.ClientOrderId, order.Instrument, action, denial, _timeProvider.GetUnixNanoseconds());
        _ = _loop.PostAsync(denied).AsTask();
    }

    /// <summary>Returns the summary line: <c>Orders: 142 total, 2 open, 128 filled, 3 rejected, 9 canceled</c>.</summary>
    /// <returns>The line.</returns>
    public string Summary()
    {
        var (total, open) = Read(store => (store.Count, store.OpenCount));
        return string.Create(CultureInfo.InvariantCulture, $"Orders: {total} total, {open} open, {Interlocked.Read(ref _filled)} filled, {Interlocked.Read(ref _rejected)} rejected, {Interlocked.Read(ref _canceled)} canceled, {Interlocked.Read(ref _denied)} denied");
    }

    /// <inheritdoc/>
    public void OnEvent(VenueEvent venueEvent)
    {
        ArgumentNullException.ThrowIfNull(venueEvent);

        // Written before it is acted on: a crash after this line replays it.
        _journal?.Append(venueEvent);
        Apply(venueEvent);
    }

    /// <inheritdoc/>
    /// <remarks>Wakes the journal's writer once for what the burst appended.</remarks>
    public void OnBurstEnd() => _journal?.Wake();

    /// <summary>
    /// Rebuilds the orders from a journal, on start and before the loop runs: intents, answers, updates and fills are
    /// applied in order, each fill once. An order whose submit has no journaled answer may or may not be live: it
    /// becomes <see cref="OrderStatus.Unknown"/> for reconciliation to settle.
    /// </summary>
    /// <param name="entries">The journal's records, in order.</param>
    /// <returns>The largest client order id counter used, to continue ids from.</returns>
    /// <exception cref="InvalidDataException">A record names an order the journal never created.</exception>
    public long Restore(IEnumerable<JournalEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        long counter;
        _restoring = true;
        try
        {
            counter = RestoreEntries(entries);

            // A fill journaled before its order's intent (an order known only by its fills until reconciliation adopted
            // it, journaled again once adopted): counted now, once.
            foreach (var fill in TakeMatchedFills(venue: null))
            {
                Apply(fill);
                if (LastAppliedFill is { } restored)
                {
                    _restoredFills.Add(restored);
                }
            }
        }
        finally
        {
            _restoring = false;
        }

        // A submit under way when the process ended has lost its answer: its outcome is unknown (canceled before the
        // answer too), for reconciliation to settle.
        foreach (var order in Store.All.Where(IsSubmitUnderWay).ToArray())
        {
            Transition(order, OrderEventKind.SubmitOutcomeUnknown, _timeProvider.GetUnixNanoseconds());
        }

        return counter;
    }

    private long RestoreEntries(IEnumerable<JournalEntry> entries)
    {
        long counter = 0;
        foreach (var entry in entries)
        {
            var venue = VenueId.Create(entry.Venue);
            switch (entry.Kind)
            {
                case "intent":
                    counter = Math.Max(counter, entry.Counter);
                    Store.Add(new OmsOrder(venue, ClientOrderId.Create(entry.ClientOrderId!), InstrumentId.Create(entry.Instrument!), entry.Side, entry.OrderType, new Quantity(entry.Quantity ?? 0), entry.Timestamp)
                    {
                        LimitPrice = entry.Price is { } price ? new Price(price) : null,
                        PostOnly = entry.PostOnly,
                        Strategy = entry.Strategy,
                    });
                    break;
                case "result":
                    // The request itself is not journaled, only its answer: it is taken again first, so that the
                    // answer finds the order where it found it live (an amend or cancel pending).
                    if (Store.Find(venue, ClientOrderId.Create(entry.ClientOrderId!)) is { } requested && entry.Action is OrderEntryAction.Amend or OrderEntryAction.Cancel)
                    {
                        OrderLifecycle.Apply(requested, entry.Action == OrderEntryAction.Amend ? OrderEventKind.AmendRequested : OrderEventKind.CancelRequested, entry.Timestamp);
                        Store.Reindex(requested);
                    }

                    Apply(new OrderEntryResult(venue, ClientOrderId.Create(entry.ClientOrderId!), entry.Action, entry.Outcome, entry.Timestamp)
                    {
                        VenueOrderId = entry.VenueOrderId is { } id ? VenueOrderId.Create(id) : null,
                        Error = entry.Error is null ? null : new VenueError(entry.ErrorKind, false, null, entry.Error),
                        NewQuantity = entry.Quantity is { } quantity ? new Quantity(quantity) : null,
                        NewLimitPrice = entry.Price is { } newPrice ? new Price(newPrice) : null,
                    });
                    break;
                case "fill":
                    Apply(new FillEvent(venue, InstrumentId.Create(entry.Instrument!), VenueOrderId.Create(entry.VenueOrderId!), TradeId.Create(entry.TradeId!), entry.Side,
                        new Price(entry.Price ?? 0), new Quantity(entry.Quantity ?? 0), entry.Timestamp, entry.Timestamp)
                    {
                        ClientOrderId = entry.ClientOrderId is { } clientId ? ClientOrderId.Create(clientId) : null,
                        Fee = entry.Fee,
                        FeeAsset = entry.FeeAsset is { } asset ? AssetId.Create(asset) : null,
                        Liquidity = entry.Liquidity,
                        OrderStatus = entry.Status,
                    });
                    if (LastAppliedFill is { } restored)
                    {
                        _restoredFills.Add(restored);
                    }

                    break;
                case "funding":
                    _restoredFunding.Add(new FundingPayment(venue, InstrumentId.Create(entry.Instrument!), entry.Amount ?? 0, AssetId.Create(entry.FeeAsset!), entry.Timestamp, entry.Timestamp)
                    {
                        Rate = entry.Rate,
                        MarkPrice = entry.Price,
                    });
                    break;
                case "update":
                    Apply(new OrderUpdate(venue, VenueOrderId.Create(entry.VenueOrderId!), entry.Status ?? OrderStatus.Unspecified, entry.Timestamp, entry.Timestamp)
                    {
                        ClientOrderId = entry.ClientOrderId is { } updateClientId ? ClientOrderId.Create(updateClientId) : null,
                        Reason = entry.Error,
                    });
                    break;
                case "transition":
                    var target = Store.Find(venue, ClientOrderId.Create(entry.ClientOrderId!))
                        ?? throw new InvalidDataException($"Journal transition for unknown order {entry.ClientOrderId}");
                    if (entry.VenueOrderId is { } transitionVenueId && target.VenueOrderId is null)
                    {
                        Store.SetVenueOrderId(target, VenueOrderId.Create(transitionVenueId));
                    }

                    if (entry.Event == OrderEventKind.Amended)
                    {
                        OrderLifecycle.ApplyAmend(target, entry.Quantity is { } q ? new Quantity(q) : null, entry.Price is { } p ? new Price(p) : null, entry.Timestamp);
                        Store.Reindex(target);
                    }
                    else
                    {
                        Transition(target, entry.Event, entry.Timestamp);
                    }

                    break;
                default:
                    throw new InvalidDataException($"Journal record of unknown kind '{entry.Kind}'");
            }
        }

        return counter;
    }

    private void Apply(VenueEvent venueEvent)
    {
        LastAppliedFill = null;
        switch (venueEvent)
        {
            case OrderEntryResult result:
                OnResult(result);
                break;
            case FillEvent fill:
                OnFill(fill);
                break;
            case OrderUpdate update:
                OnUpdate(update);
                break;
        }
    }

    /// <summary>Runs a change on the owning loop: at once when on it or when no loop runs it (setup, tests), else posted to it.</summary>
    internal Task RunOnLoopAsync(Action change) => RunOnLoopAsync(() =>
    {
        change();
        return true;
    });

    /// <summary>Runs a change on the owning loop, as <see cref="RunOnLoopAsync(Action)"/> does, and returns its result.</summary>
    internal Task<T> RunOnLoopAsync<T>(Func<T> change) =>
        _owner is { IsRunning: true } loop && !loop.IsOnLoop ? loop.InvokeAsync(change) : Task.FromResult(change());

    /// <summary>The one-writer rule: while the loop runs, the OMS's state changes only on it.</summary>
    private void OnLoop(string change) => _owner?.EnsureOnLoop(change);

    /// <inheritdoc/>
    /// <remarks>Closes the journal given to the constructor (checkpointed, so that its file alone holds every record).</remarks>
    public void Dispose()
    {
        Metrics.Dispose();
        _journal?.Dispose();
    }

    /// <summary>
    /// The orders the OMS thinks open that the venue's list lacks, leaving out those whose submit is still waiting for its
    /// answer (held, or in flight, canceled or amended before that answer too): a venue that has not received an order
    /// yet does not list it, the answer settles it, and calling it missing would lose it when it lands.
    /// </summary>
    private IEnumerable<OmsOrder> MissingFrom(VenueId venue, IReadOnlyList<VenueOrder> venueOpen) =>
        Store.Open(venue).Where(o => !IsSubmitUnderWay(o) && !Matches(o, venueOpen));

    private static bool IsSubmitUnderWay(OmsOrder order) =>
        order.Status == OrderStatus.PendingNew
        || (order.Status is OrderStatus.PendingCancel or OrderStatus.PendingAmend && order.StatusBeforePending == OrderStatus.PendingNew);

    private static bool Matches(OmsOrder order, IReadOnlyList<VenueOrder> venueOrders) =>
        venueOrders.Any(v => (order.VenueOrderId is { } id && v.VenueOrderId == id) || v.ClientOrderId == order.ClientOrderId);

    /// <summary>Applies a change reconciliation decided, journaling it first like any other.</summary>
    private TransitionOutcome Settle(OmsOrder order, OrderEventKind kind, long now, Quantity? quantity = null, Price? price = null)
    {
        _journal?.AppendTransition(order, kind, now, quantity, price);
        if (kind == OrderEventKind.Amended)
        {
            var outcome = OrderLifecycle.ApplyAmend(order, quantity, price, now);
            Store.Reindex(order);
            return outcome;
        }

        return Transition(order, kind, now);
    }

    private OmsOrder Adopt(VenueId venue, VenueOrder reported, long now, string strategy)
    {
        var clientId = reported.ClientOrderId ?? ClientOrderId.Create($"ext-{reported.VenueOrderId.Value}"[..Math.Min(18, 4 + reported.VenueOrderId.Value.Length)]);
        var order = new OmsOrder(venue, clientId, reported.Instrument, reported.Side, reported.Type, reported.Quantity, now)
        {
            LimitPrice = reported.LimitPrice,
            PostOnly = reported.PostOnly,
            Strategy = strategy,
        };
        _journal?.AppendIntent(order, new OrderIntent(venue, reported.Instrument, reported.Side, reported.Type, reported.Quantity), _ids.Counter);
        Store.Add(order);
        Store.SetVenueOrderId(order, reported.VenueOrderId);
        Settle(order, OrderEventKind.Accepted, now);
        return order;
    }

    /// <summary>
    /// Sends a new order once the journal has what it must. Its intent is always handed to the journal before it leaves;
    /// with <see cref="OmsOptions.IntentDurableBeforeSend"/> it also waits for the intent's commit (write-ahead: a
    /// crash then never loses an order the venue has). A journal whose writer has failed stops the order before it is
    /// sent: what is not journaled would not survive a restart.
    /// </summary>
    private ValueTask<VenueResult<OrderAck>> AfterIntentIsJournaled(long journaled, Func<ValueTask<VenueResult<OrderAck>>> send)
    {
        if (_journal is null)
        {
            return send();
        }

        if (_journal.WriteFailure is { } failure)
        {
            return ValueTask.FromResult(NotJournaled(failure));
        }

        return !_intentDurableBeforeSend || _journal.IsDurable(journaled) ? send() : AfterAsync();

        async ValueTask<VenueResult<OrderAck>> AfterAsync()
        {
            try
            {
                await _journal.WhenDurable(journaled).ConfigureAwait(false);
            }
            catch (IOException exception)
            {
                return NotJournaled(exception.InnerException ?? exception);
            }

            return await send().ConfigureAwait(false);
        }
    }

    private static VenueResult<OrderAck> NotJournaled(Exception failure) =>
        VenueResult<OrderAck>.Failure(new VenueError(VenueErrorKind.Unspecified, IsTransient: false, null, $"Not sent: the journal could not be written: {failure.Message}") { NotSent = true });

    /// <summary>The OMS's own order behind a view handed out by it.</summary>
    private OmsOrder Tracked(IOrderView order)
    {
        ArgumentNullException.ThrowIfNull(order);
        return order as OmsOrder ?? Store.Find(order.Venue, order.ClientOrderId)
            ?? throw new ArgumentException($"{order.Venue}:{order.ClientOrderId} is not an order this OMS tracks", nameof(order));
    }

    private static OrderReference Reference(OmsOrder order) => order.VenueOrderId is { } id ? OrderReference.ByVenueId(id) : OrderReference.ByClientId(order.ClientOrderId);

    /// <summary>Sends a request: its answer, whenever it comes, is posted to the loop as an <see cref="OrderEntryResult"/>.</summary>
    private void SendRequest<T>(OmsOrder order, OrderEntryAction action, ValueTask<VenueResult<T>> call, Func<T, VenueOrderId?> venueOrderId, Quantity? newQuantity = null, Price? newPrice = null) =>
        InFlightRequest<T>.Await(call, this, new InFlightAnswer<T>(order, action, venueOrderId, newQuantity, newPrice, _timeProvider.GetTimestamp()));

    /// <summary>Posts a venue's answer to the loop, on the thread it arrived on (<see cref="InFlightRequest{T}"/>).</summary>
    /// <typeparam name="TAck">The acknowledgement the venue answers with.</typeparam>
    /// <param name="result">The answer.</param>
    /// <param name="answer">The request it answers.</param>
    internal void PostAnswer<TAck>(VenueResult<TAck> result, in InFlightAnswer<TAck> answer)
    {
        var latency = _timeProvider.GetElapsedTime(answer.Started);
        Metrics.AcknowledgementLatency.Record(latency.TotalMilliseconds);
        var order = answer.Order;
        _ = _loop.PostAsync(new OrderEntryResult(order.Venue, order.ClientOrderId, answer.Action, result.Outcome, _timeProvider.GetUnixNanoseconds())
        {
            VenueOrderId = result.IsSuccess ? answer.VenueOrderIdOf(result.Value) : null,
            Error = result.Error,
            NewQuantity = answer.NewQuantity,
            NewLimitPrice = answer.NewPrice,
            LatencyNanoseconds = latency.Ticks * 100,
        }).AsTask();
    }

    private void OnResult(OrderEntryResult result)
    {
        if (Store.Find(result.Venue, result.ClientOrderId) is not { } order)
        {
            return;
        }

        order.LastError = result.Error?.ToString() ?? order.LastError;
        if (result.VenueOrderId is { } venueOrderId && order.VenueOrderId is null)
        {
            Store.SetVenueOrderId(order, venueOrderId);
        }

        var kind = (result.Action, result.Outcome) switch
        {
            (OrderEntryAction.Submit, VenueOutcome.Succeeded) => OrderEventKind.SubmitAcknowledged,
            (OrderEntryAction.Submit, VenueOutcome.Failed) => OrderEventKind.SubmitRejected,
            (OrderEntryAction.Submit, _) => OrderEventKind.SubmitOutcomeUnknown,
            (OrderEntryAction.Amend, VenueOutcome.Succeeded) => OrderEventKind.Amended,
            (OrderEntryAction.Amend, VenueOutcome.Failed) => OrderEventKind.AmendRejected,
            (OrderEntryAction.Cancel, VenueOutcome.Succeeded) => OrderEventKind.Canceled,
            (OrderEntryAction.Cancel, VenueOutcome.Failed) => OrderEventKind.CancelRejected,

            // An amend or cancel without an answer stays pending until the venue's reports or reconciliation settle it.
            _ => OrderEventKind.Unspecified,
        };
        if (kind == OrderEventKind.Amended)
        {
            OrderLifecycle.ApplyAmend(order, result.NewQuantity, result.NewLimitPrice, result.TsInit);
            Store.Reindex(order);
        }
        else if (kind != OrderEventKind.Unspecified)
        {
            Transition(order, kind, result.TsInit);
        }

        if (_waiters.Remove((order.ClientOrderId, result.Action), out var waiter))
        {
            waiter.TrySetResult(order);
        }
    }

    private async Task<OmsOrder?> WaitForAnswerAsync(OmsOrder order, OrderEntryAction action, Func<bool> send, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(order);
        TaskCompletionSource<OmsOrder> answered = new(TaskCreationOptions.RunContinuationsAsynchronously);
        var sent = await RunOnLoopAsync(() =>
        {
            _waiters[(order.ClientOrderId, action)] = answered;
            if (!send())
            {
                _waiters.Remove((order.ClientOrderId, action));
                return false;
            }

            return true;
        }).ConfigureAwait(false);
        return sent ? await answered.Task.WaitAsync(cancellationToken).ConfigureAwait(false) : null;
    }

    private void OnFill(FillEvent fill)
    {
        var order = FindOrderOf(fill);
        if (order is null)
        {
            _unmatchedFills.Add(fill);
            return;
        }

        var wasOpen = order.IsOpen;
        if (!OrderLifecycle.ApplyFill(order, fill))
        {
            return;
        }

        Store.Reindex(order);
        LastAppliedFill = fill;
        Metrics.Fills.Add(1);
        Metrics.FillVolume.Add((double)fill.Quantity.Value);
        Metrics.FillNotional.Add((double)(fill.Price.Value * fill.Quantity.Value));
        if (wasOpen && order.Status == OrderStatus.Filled)
        {
            Interlocked.Increment(ref _filled);
            Metrics.Filled.Add(1);
        }
    }

    private void OnUpdate(OrderUpdate update)
    {
        var order = Store.Find(update.Venue, update.VenueOrderId) ?? (update.ClientOrderId is { } clientId ? Store.Find(update.Venue, clientId) : null);
        if (order is null)
        {
            return;
        }

        if (order.VenueOrderId is null)
        {
            Store.SetVenueOrderId(order, update.VenueOrderId);
        }

        var kind = update.Status switch
        {
            OrderStatus.Accepted => OrderEventKind.Accepted,
            OrderStatus.Canceled => OrderEventKind.Canceled,
            OrderStatus.Expired => OrderEventKind.Expired,
            OrderStatus.Rejected => OrderEventKind.SubmitRejected,

            // Fills carry the quantities; a bare "filled" report completes an order whose last fill is already counted.
            OrderStatus.Filled when order.RemainingQuantity.Value == 0 => OrderEventKind.Filled,
            _ => OrderEventKind.Unspecified,
        };
        if (kind != OrderEventKind.Unspecified)
        {
            order.LastError = update.Reason ?? order.LastError;
            Transition(order, kind, update.TsEvent);
        }
    }

    private TransitionOutcome Transition(OmsOrder order, OrderEventKind kind, long timestamp)
    {
        var before = order.Status;
        var outcome = OrderLifecycle.Apply(order, kind, timestamp);
        Store.Reindex(order, valuesChanged: false);
        if (before != order.Status)
        {
            if (order.Status == OrderStatus.Rejected)
            {
                Interlocked.Increment(ref _rejected);
                Metrics.Rejected.Add(1);
            }
            else if (order.Status == OrderStatus.Canceled)
            {
                Interlocked.Increment(ref _canceled);
                Metrics.Canceled.Add(1);
            }
            else if (order.Status == OrderStatus.Filled)
            {
                Interlocked.Increment(ref _filled);
                Metrics.Filled.Add(1);
            }
        }

        if (outcome == TransitionOutcome.Invalid && !_restoring)
        {
            // Replaying a journal meets events that already lost the race live (a cancel's answer after the fill that
            // ended the order): warned about then, not again at every start.
            Log.InvalidTransition(_logger, order.ClientOrderId.Value, before, kind);
        }

        return outcome;
    }
}
