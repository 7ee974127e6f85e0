using MarketMaking.Adapters;
using MarketMaking.Models;
using MarketMaking.Simulation.Accounts;
using MarketMaking.Simulation.Latency;
using MarketMaking.Simulation.Matching;

namespace MarketMaking.Simulation.Venue;

/// <summary>
/// A simulated venue on simulated time: one <see cref="MatchingEngine"/> per instrument, the accounts, and a schedule
/// of requests that reach the engine after the order-entry latency. Replayed market data moves the clock; a request
/// is acted on when the clock passes its arrival time, and its answer is given then.
/// </summary>
/// <remarks>
/// Deterministic: one caller drives it, requests at the same time are taken in the order sent, and every random
/// draw comes from <see cref="SimulatedVenueOptions.Seed"/>. Not thread-safe; the Kraken-protocol server serializes
/// access to it.
/// </remarks>
public sealed class SimulatedVenue
{
    private readonly VenueId _venue;
    private readonly SimulatedVenueOptions _options;
    private readonly Action<VenueEvent> _publish;
    private readonly SimulatedIds _ids = new();
    private readonly Dictionary<InstrumentId, MatchingEngine> _engines = [];
    private readonly Dictionary<string, SimulatedAccount> _accounts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _deadManTriggers = new(StringComparer.Ordinal);
    private readonly PriorityQueue<Action, (long Time, long Sequence)> _schedule = new();
    private long _scheduled;
    private long _lastArrival;

    /// <summary>Initializes a venue.</summary>
    /// <param name="venue">The venue id the events carry.</param>
    /// <param name="options">Fees, latencies and seed.</param>
    /// <param name="publish">Receives every order, fill and balance event, in order.</param>
    public SimulatedVenue(VenueId venue, SimulatedVenueOptions options, Action<VenueEvent> publish)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(publish);
        _venue = venue;
        _options = options;
        _publish = publish;
        OrderLatency = options.OrderLatency ?? new ModeledOrderLatency(options.OrderEntryLatency.Build(options.Seed), options.ResponseLatency.Build(unchecked((options.Seed * 31) + 11)));
        MarketDataLatency = options.MarketDataLatency.Build(unchecked(options.Seed * 31 + 7));
    }

    /// <summary>Gets the simulated time in ns since the Unix epoch.</summary>
    public long Now { get; private set; }

    /// <summary>Gets the order latency: its entry leg delays requests here; its response leg is for whoever delivers the answers.</summary>
    public IOrderLatency OrderLatency { get; }

    /// <summary>Gets the market-data delay model, for whoever delivers the replayed data to clients.</summary>
    public LatencyModel MarketDataLatency { get; }

    /// <summary>Gets the engines by instrument.</summary>
    public IReadOnlyDictionary<InstrumentId, MatchingEngine> Engines => _engines;

    /// <summary>Gets the accounts by id.</summary>
    public IReadOnlyDictionary<string, SimulatedAccount> Accounts => _accounts;

    /// <summary>Gets how many requests wait for their arrival time.</summary>
    public int PendingRequests => _schedule.Count;

    /// <summary>Gets when the next request (or dead-man trigger) is acted on, in ns since the Unix epoch, or <see langword="null"/> when none waits.</summary>
    public long? NextRequestTime => _schedule.TryPeek(out _, out var due) ? due.Time : null;

    /// <summary>Adds an instrument.</summary>
    /// <param name="synchronizer">Keeps its replayed book; the book's spec is the instrument's.</param>
    /// <param name="baseAsset">The asset bought and sold.</param>
    /// <param name="quoteAsset">The asset prices and fees are in.</param>
    /// <returns>Its engine.</returns>
    public MatchingEngine AddInstrument(IBookSynchronizer synchronizer, AssetId baseAsset, AssetId quoteAsset)
    {
        ArgumentNullException.ThrowIfNull(synchronizer);
        var engine = new MatchingEngine(_venue, synchronizer, baseAsset, quoteAsset, _options.Fees, id => _accounts.GetValueOrDefault(id), _ids, _publish, _options.QueueModel) { PartialFills = _options.PartialFills };
        _engines.Add(engine.Instrument, engine);
        return engine;
    }

    /// <summary>Adds an account with its starting balances.</summary>
    /// <param name="id">The account id.</param>
    /// <param name="balances">The starting totals.</param>
    /// <returns>The account.</returns>
    public SimulatedAccount AddAccount(string id, IReadOnlyDictionary<AssetId, decimal> balances)
    {
        var account = new SimulatedAccount(id, balances);
        _accounts.Add(id, account);
        return account;
    }

    /// <summary>Replays one market-data event: the clock moves to its receive time (acting on the requests due before it), then the engine applies it.</summary>
    /// <param name="marketEvent">The event; <see cref="VenueEvent.TsInit"/> is the time it happened on the replayed feed.</param>
    public void OnMarketData(MarketDataEvent marketEvent)
    {
        ArgumentNullException.ThrowIfNull(marketEvent);
        OnMarketData(marketEvent, marketEvent.TsInit);
    }

    /// <summary>Replays one market-data event at a given time: the clock moves to it (acting on the requests due before it), then the engine applies the event.</summary>
    /// <param name="marketEvent">The event.</param>
    /// <param name="time">When the venue acts on it, in ns since the Unix epoch (the exchange's time, for a feed latency as recorded).</param>
    public void OnMarketData(MarketDataEvent marketEvent, long time)
    {
        ArgumentNullException.ThrowIfNull(marketEvent);
        AdvanceTo(time);
        if (_engines.TryGetValue(marketEvent.Instrument, out var engine))
        {
            engine.OnMarketData(marketEvent, Now);
        }
    }

    /// <summary>Replays one market-data event on an engine of this venue's, whatever venue and instrument the event names (a recording's own).</summary>
    /// <param name="engine">The engine, one of <see cref="Engines"/>.</param>
    /// <param name="marketEvent">The event.</param>
    /// <param name="time">When the venue acts on it, in ns since the Unix epoch.</param>
    internal void OnMarketData(MatchingEngine engine, MarketDataEvent marketEvent, long time)
    {
        AdvanceTo(time);
        engine.OnMarketData(marketEvent, Now);
    }

    /// <summary>Moves the clock, acting on every request that arrives by then, in arrival order.</summary>
    /// <param name="time">The new time in ns since the Unix epoch; earlier times are ignored.</param>
    public void AdvanceTo(long time)
    {
        while (_schedule.TryPeek(out _, out var due) && due.Time <= time)
        {
            var action = _schedule.Dequeue();
            Now = Math.Max(Now, due.Time);
            action();
        }

        Now = Math.Max(Now, time);
    }

    /// <summary>Sends an order; the engine acts on it after the order-entry latency.</summary>
    /// <param name="request">The order.</param>
    /// <param name="account">The account id.</param>
    /// <param name="answer">Called with the answer when the engine acts.</param>
    /// <returns>The time the engine acts, in ns since the Unix epoch.</returns>
    public long Place(OrderRequest request, string account, Action<VenueResult<OrderAck>> answer) =>
        Schedule(() => answer(_engines.TryGetValue(request.Instrument, out var engine)
            ? engine.Place(request, account, Now)
            : SimulatedRejection.Failure<OrderAck>(SimulatedReject.UnknownInstrument)));

    /// <summary>Sends an amend.</summary>
    /// <returns>The time the engine acts, in ns since the Unix epoch.</returns>
    public long Amend(AmendRequest request, string account, Action<VenueResult<AmendAck>> answer) =>
        Schedule(() => answer(_engines.TryGetValue(request.Instrument, out var engine)
            ? engine.Amend(request, account, Now)
            : SimulatedRejection.Failure<AmendAck>(SimulatedReject.UnknownInstrument)));

    /// <summary>Sends a cancel; an order the caller does not name by instrument is looked for on every instrument.</summary>
    /// <returns>The time the engine acts, in ns since the Unix epoch.</returns>
    public long Cancel(InstrumentId? instrument, OrderReference order, string account, Action<VenueResult<CancelAck>> answer) =>
        Schedule(() =>
        {
            var engines = instrument is { } id && _engines.TryGetValue(id, out var one) ? [one] : _engines.Values.ToArray();
            var result = SimulatedRejection.Failure<CancelAck>(SimulatedReject.UnknownOrder);
            foreach (var engine in engines)
            {
                result = engine.Cancel(order, account, Now);
                if (result.IsSuccess)
                {
                    break;
                }
            }

            answer(result);
        });

    /// <summary>Cancels every open order of an account.</summary>
    /// <returns>The time the engine acts, in ns since the Unix epoch.</returns>
    public long CancelAll(string account, Action<VenueResult<CancelAck>> answer) =>
        Schedule(() => answer(VenueResult<CancelAck>.Success(new CancelAck(_engines.Values.Sum(e => e.CancelAll(account, Now))))));

    /// <summary>
    /// Arms, re-arms or (with zero) disarms an account's dead-man switch: unless called again within the timeout,
    /// every open order of the account is canceled when it elapses.
    /// </summary>
    /// <returns>The time the engine acts, in ns since the Unix epoch.</returns>
    public long CancelAllAfter(string account, TimeSpan timeout, Action<VenueResult<DeadManSwitchStatus>> answer) =>
        Schedule(() =>
        {
            if (timeout <= TimeSpan.Zero)
            {
                _deadManTriggers.Remove(account);
                answer(VenueResult<DeadManSwitchStatus>.Success(new DeadManSwitchStatus(Now, 0)));
                return;
            }

            var trigger = Now + (timeout.Ticks * 100);
            _deadManTriggers[account] = trigger;
            ScheduleAt(trigger, () =>
            {
                // Only the latest arming counts.
                if (_deadManTriggers.TryGetValue(account, out var armed) && armed == trigger)
                {
                    _deadManTriggers.Remove(account);
                    foreach (var engine in _engines.Values)
                    {
                        engine.CancelAll(account, Now, "Dead man switch");
                    }
                }
            });
            answer(VenueResult<DeadManSwitchStatus>.Success(new DeadManSwitchStatus(Now, trigger)));
        });

    /// <summary>Schedules a request after its entry latency; requests keep the order they were sent in, as on one connection.</summary>
    private long Schedule(Action action)
    {
        _lastArrival = Math.Max(_lastArrival, Now + OrderLatency.EntryNanoseconds(Now));
        return ScheduleAt(_lastArrival, action);
    }

    private long ScheduleAt(long time, Action action)
    {
        _schedule.Enqueue(action, (time, ++_scheduled));
        return time;
    }
}
