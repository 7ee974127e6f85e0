using System.Threading.Channels;
using MarketMaking.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MarketMaking.Oms;

/// <summary>
/// The engine loop of the design: adapters post events to its <see cref="Sink"/>, which keeps control messages (answers,
/// fills, updates, commands, timers) ahead of market data (books, trades) in two queues; one thread of its own
/// (<c>engine-loop</c>, optionally pinned to a CPU) takes them, each queue in order, and drives the in-loop handlers one
/// event at a time, then offers each event to the out-of-loop subscribers' bounded queues.
/// </summary>
/// <remarks>
/// <para>One writer for all state: handlers need no locks, and the same events in the same order give the same
/// decisions. A handler that throws is logged and the loop goes on. Subscribers never slow the loop: each has its own
/// queue and task and an <see cref="OverflowPolicy"/>. Time comes from the <see cref="TimeProvider"/> the handlers are
/// given, so a backtest runs this loop on simulated time.</para>
/// </remarks>
public sealed class EngineLoop : IEngineLoop, IAsyncDisposable
{
    private static readonly VenueId s_engine = VenueId.Create("engine");

    /// <summary>How many times the loop spins (then yields) for a message before it sleeps.</summary>
    private const int SpinsBeforeSleep = 50;

    /// <summary>How many events the loop takes, at most, before it ends a burst early and wakes the subscribers.</summary>
    private const int WakeEvery = 64;

    /// <summary>The loop whose event the current thread is dispatching, if any.</summary>
    [ThreadStatic]
    private static EngineLoop? s_dispatching;

    private readonly EngineInput _input;
    private volatile bool _running;
    private readonly List<IEngineHandler> _handlers = [];

    // Each handler's OnEvent as a delegate, in the handlers' order: a delegate bound once calls its method directly,
    // where an interface call from one site to a dozen types goes through the runtime's dispatch stub at every event.
    private Action<VenueEvent>[] _onEvent = [];
    private readonly List<EventSubscription> _subscriptions = [];
    private readonly ILogger _logger;
    private readonly int? _cpu;
    private Action? _unpin;
    private Task? _run;
    private long _processed;
    private long _handlerFailures;

    /// <summary>Initializes a loop.</summary>
    /// <param name="capacity">The market-data queue's capacity; adapters wait when it is full (control messages are never held).</param>
    /// <param name="logger">The logger, or <see langword="null"/>.</param>
    /// <param name="cpu">
    /// The CPU the loop's thread (or the thread that drives it) is pinned to, on Linux; <see langword="null"/> (the
    /// default) lets the OS schedule it. A CPU that cannot be had is logged (event 4010) and the loop runs unpinned.
    /// </param>
    public EngineLoop(int capacity = 65_536, ILogger<EngineLoop>? logger = null, int? cpu = null)
    {
        _input = new EngineInput(capacity);
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _cpu = cpu;
    }

    /// <summary>Gets the sink adapters post to.</summary>
    public IVenueEventSink Sink => _input;

    /// <summary>Gets how many events the loop has processed.</summary>
    public long Processed => Volatile.Read(ref _processed);

    /// <summary>Gets how many times a handler threw.</summary>
    public long HandlerFailures => Interlocked.Read(ref _handlerFailures);

    /// <summary>Gets whether the loop is running: started, and not yet done with its last event.</summary>
    public bool IsRunning => _running;

    /// <summary>Gets whether the calling code runs on this loop (inside the dispatch of one of its events).</summary>
    public bool IsOnLoop => s_dispatching == this || (_input.DriverThread != 0 && _input.DriverThread == Environment.CurrentManagedThreadId);

    /// <summary>
    /// The one-writer rule, enforced: while the loop runs, trading state changes only inside its dispatch. Called by the
    /// state's owners (the OMS, inventory) before each change; before <see cref="Start"/> and after the loop has ended,
    /// changes are setup and recovery, and allowed.
    /// </summary>
    /// <param name="change">What was about to change, for the message.</param>
    /// <exception cref="InvalidOperationException">Called off the loop while it runs.</exception>
    public void EnsureOnLoop(string change)
    {
        if (_running && !IsOnLoop)
        {
            throw new InvalidOperationException($"{change} off the engine loop: while the loop runs, trading state changes only on it (post a message, or use InvokeAsync or the OMS's async methods)");
        }
    }

    /// <summary>Runs an action on the loop, in order with the events posted before it, and completes when it has run.</summary>
    /// <param name="action">What to run; it may change trading state.</param>
    /// <param name="cancellationToken">Cancels the wait to post (not the action once posted).</param>
    /// <returns>Completes when the action has run; faults with what it threw.</returns>
    public Task InvokeAsync(Action action, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(action);
        return InvokeAsync(
            () =>
            {
                action();
                return true;
            },
            cancellationToken);
    }

    /// <summary>Runs a function on the loop, in order with the events posted before it, and returns its result.</summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="function">What to run; it may change trading state.</param>
    /// <param name="cancellationToken">Cancels the wait to post (not the function once posted).</param>
    /// <returns>Its result, once it has run; faults with what it threw.</returns>
    public async Task<T> InvokeAsync<T>(Func<T> function, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(function);
        if (IsOnLoop || !_running)
        {
            // On the loop already, or no loop runs (setup before the start, or after the end): nothing races the caller.
            return function();
        }

        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            await _input.PostAsync(new LoopCommand(s_engine, () =>
            {
                try
                {
                    done.TrySetResult(function());
                }
                catch (Exception exception)
                {
                    done.TrySetException(exception);
                }
            }), cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException) when (!_running)
        {
            // The loop has ended (after its drain at shutdown): nothing runs beside the caller any more.
            return function();
        }

        return await done.Task.ConfigureAwait(false);
    }

    /// <summary>Adds an in-loop handler; handlers run in the order added. Add them before <see cref="Start"/>.</summary>
    /// <param name="handler">The handler.</param>
    /// <exception cref="InvalidOperationException">The loop is running.</exception>
    public void AddHandler(IEngineHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        if (_run is not null)
        {
            throw new InvalidOperationException("Handlers are added before the loop starts");
        }

        _handlers.Add(handler);
        _onEvent = [.. _onEvent, handler.OnEvent];
        if (handler is ILoopBound bound)
        {
            bound.BindTo(this);
        }
    }

    /// <summary>Adds an out-of-loop subscriber with its own bounded queue. Add them before <see cref="Start"/>.</summary>
    /// <param name="name">The subscriber's name.</param>
    /// <param name="filter">Which events it wants.</param>
    /// <param name="handler">Handles one event on the subscriber's own task.</param>
    /// <param name="capacity">Its queue's capacity.</param>
    /// <param name="policy">What happens when the queue is full.</param>
    /// <returns>The subscription, with its counters.</returns>
    public EventSubscription Subscribe(string name, Func<VenueEvent, bool> filter, Func<VenueEvent, CancellationToken, ValueTask> handler, int capacity = 10_000, OverflowPolicy policy = OverflowPolicy.DropOldest)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        if (policy == OverflowPolicy.Unspecified)
        {
            throw new ArgumentOutOfRangeException(nameof(policy), policy, "Choose an overflow policy");
        }

        if (_run is not null)
        {
            throw new InvalidOperationException("Subscribers are added before the loop starts");
        }

        var subscription = new EventSubscription(name, filter, handler, capacity, policy, _logger);
        _subscriptions.Add(subscription);
        return subscription;
    }

    /// <summary>Starts the loop's task (or, for a driven loop, lets its driver run it).</summary>
    /// <exception cref="InvalidOperationException">Already started.</exception>
    public void Start()
    {
        if (_run is not null)
        {
            throw new InvalidOperationException("The engine loop is already running");
        }

        _running = true;
        if (_input.DriverThread != 0)
        {
            // The driver (on its own thread, which Start is called from) is the loop's thread.
            if (_input.DriverThread == Environment.CurrentManagedThreadId)
            {
                Pin("engine loop's driving");
            }

            _run = Task.CompletedTask;
            return;
        }

        // A thread of its own rather than a thread-pool task: no hop between pool threads, a name in every profiler, and
        // a thread that can be pinned to a CPU.
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _run = stopped.Task;
        new Thread(() => Run(stopped)) { IsBackground = true, Name = "engine-loop" }.Start();
    }

    /// <summary>
    /// Makes the calling thread the loop's driver: <see cref="Start"/> then starts no task of its own, and the driver
    /// takes the messages with <see cref="RunPending"/>. For a run on simulated time (a backtest), where the driver moves
    /// the clock, lets the venues act, and then has the loop take what they posted, so that the same input gives the
    /// same run.
    /// </summary>
    /// <remarks>Code on the driving thread counts as on the loop: it may change trading state between two
    /// <see cref="RunPending"/> calls, and <see cref="InvokeAsync{T}"/> runs inline there.</remarks>
    /// <exception cref="InvalidOperationException">Already started.</exception>
    public void DriveFromCurrentThread()
    {
        if (_run is not null)
        {
            throw new InvalidOperationException("The engine loop is already running");
        }

        _input.DriverThread = Environment.CurrentManagedThreadId;
    }

    /// <summary>Takes every message posted so far, and those posted while taking them, control first, until both queues are empty.</summary>
    /// <returns>How many messages were taken.</returns>
    /// <exception cref="InvalidOperationException">The loop is not driven (<see cref="DriveFromCurrentThread"/>) from this thread.</exception>
    public int RunPending()
    {
        if (_input.DriverThread != Environment.CurrentManagedThreadId)
        {
            throw new InvalidOperationException("RunPending is for a loop driven from this thread (DriveFromCurrentThread)");
        }

        var taken = 0;
        while (_input.TryRead(out var venueEvent))
        {
            Dispatch(venueEvent);
            taken++;
        }

        EndBurst();
        WakeSubscribers();
        return taken;
    }

    /// <summary>Stops taking new events, processes those already posted, and waits for every subscriber to drain.</summary>
    /// <returns>Completes when everything was delivered.</returns>
    public async Task CompleteAsync()
    {
        _input.Complete();
        if (_input.DriverThread != 0)
        {
            // A driven loop: what is left is taken here (a driver's last RunPending has normally taken it all).
            if (_input.DriverThread == Environment.CurrentManagedThreadId)
            {
                RunPending();

                // The driving thread and the process's other threads get their CPUs back.
                Interlocked.Exchange(ref _unpin, null)?.Invoke();
            }

            _running = false;
            _input.DriverThread = 0;
        }
        else if (_run is not null)
        {
            await _run.ConfigureAwait(false);
        }

        foreach (var subscription in _subscriptions)
        {
            subscription.Complete();
        }

        await Task.WhenAll(_subscriptions.Select(s => s.Completion)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await CompleteAsync().ConfigureAwait(false);
        foreach (var subscription in _subscriptions)
        {
            await subscription.DisposeAsync().ConfigureAwait(false);
        }
    }

    private void Run(TaskCompletionSource stopped)
    {
        Pin("engine loop's");
        Exception? failure = null;
        try
        {
            // Blocks its own thread while both queues are empty (after a short spin). The subscribers are woken every
            // WakeEvery events, counted across bursts, and before the loop sleeps: not at the end of every burst, since a
            // stream of events a little slower than the loop ends a burst every few events, and each wake-up of a parked
            // subscriber is a thread-pool work item the loop queues.
            var sinceWake = 0;
            while (true)
            {
                if (!SpinUntilReadable())
                {
                    WakeSubscribers();
                    sinceWake = 0;
                    if (!_input.WaitToRead())
                    {
                        break;
                    }
                }

                var batch = 0;
                while (_input.TryRead(out var venueEvent))
                {
                    Dispatch(venueEvent);
                    if (++batch == WakeEvery)
                    {
                        EndBurst();
                        batch = 0;
                    }

                    if (++sinceWake == WakeEvery)
                    {
                        WakeSubscribers();
                        sinceWake = 0;
                    }
                }

                EndBurst();
            }
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            failure = exception;
        }

        // The process's other threads get back the CPU they left to the loop.
        Interlocked.Exchange(ref _unpin, null)?.Invoke();
        _running = false;
        if (failure is null)
        {
            stopped.TrySetResult();
        }
        else
        {
            stopped.TrySetException(failure);
        }
    }

    /// <summary>Pins the calling thread to the loop's CPU, when one was asked for; the other threads leave it that CPU until the loop ends.</summary>
    private void Pin(string thread)
    {
        if (_cpu is { } cpu)
        {
            _unpin = CpuAffinity.PinCurrentThread(cpu, thread, _logger, alone: true);
        }
    }

    /// <summary>
    /// Spins a little before the loop sleeps: a message that arrives within some microseconds is taken without the
    /// wake-up (a thread-pool continuation) that an awaited wait costs the poster and the loop.
    /// </summary>
    /// <returns>Whether a message can be read.</returns>
    private bool SpinUntilReadable()
    {
        var spinner = default(SpinWait);
        for (var i = 0; i < SpinsBeforeSleep; i++)
        {
            if (_input.CanRead)
            {
                return true;
            }

            spinner.SpinOnce(sleep1Threshold: -1);
        }

        return false;
    }

    /// <summary>
    /// Ends a burst: after each burst the loop takes, and every <see cref="WakeEvery"/> events within a long one, the
    /// handlers hand on what they gathered (<see cref="IEngineHandler.OnBurstEnd"/>). The subscribers are woken apart
    /// (<see cref="WakeSubscribers"/>).
    /// </summary>
    private void EndBurst()
    {
        _input.EndBurst();
        s_dispatching = this;
        foreach (var handler in _handlers)
        {
            try
            {
                handler.OnBurstEnd();
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                Interlocked.Increment(ref _handlerFailures);
                Log.HandlerFailed(_logger, handler.Name, "the burst's end", exception);
            }
        }

        s_dispatching = null;
    }

    /// <summary>
    /// Wakes the subscribers given events since their last wake-up: every <see cref="WakeEvery"/> events and before the
    /// loop sleeps, so that many events cost each of them one wake-up. The OMS benchmark's events, posted a little
    /// slower than the loop takes them, end a burst every few events: woken at each, about half of its runs took 276 to
    /// 371 ns an event; 145 to 197 ns since.
    /// </summary>
    private void WakeSubscribers()
    {
        foreach (var subscription in _subscriptions)
        {
            subscription.Wake();
        }
    }

    private void Dispatch(VenueEvent venueEvent)
    {
        s_dispatching = this;
        try
        {
            if (venueEvent is LoopCommand command)
            {
                command.Run();
                Volatile.Write(ref _processed, _processed + 1);
                return;
            }

            var onEvent = _onEvent;
            for (var i = 0; i < onEvent.Length; i++)
            {
                try
                {
                    onEvent[i](venueEvent);
                }
                catch (Exception exception)
                {
                    Interlocked.Increment(ref _handlerFailures);
                    Log.HandlerFailed(_logger, _handlers[i].Name, venueEvent.GetType().Name, exception);
                }
            }
        }
        finally
        {
            s_dispatching = null;
        }

        foreach (var subscription in _subscriptions)
        {
            subscription.Offer(venueEvent);
        }

        Volatile.Write(ref _processed, _processed + 1);
    }

    /// <summary>Work run on the loop itself (<see cref="InvokeAsync{T}"/>): not an event, never seen by handlers or subscribers.</summary>
    private sealed record LoopCommand(VenueId Venue, Action Run) : VenueEvent(Venue, 0, 0);
}
