using System.Threading.Channels;
using MarketMaking.Adapters;
using MarketMaking.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MarketMaking.Oms;

/// <summary>
/// The engine loop of the design: adapters post events to one bounded channel (<see cref="Sink"/>); one task takes them
/// in order and drives the in-loop handlers on one thread, then offers each event to the out-of-loop subscribers'
/// bounded queues.
/// </summary>
/// <remarks>
/// <para>One writer for all state: handlers need no locks, and the same events in the same order give the same
/// decisions. A handler that throws is logged and the loop goes on. Subscribers never slow the loop: each has its own
/// queue and task and an <see cref="OverflowPolicy"/>. Time comes from the <see cref="TimeProvider"/> the handlers are
/// given, so a backtest runs this loop on simulated time.</para>
/// </remarks>
public sealed class EngineLoop : IAsyncDisposable
{
    private readonly ChannelVenueEventSink _input;
    private readonly List<IEngineHandler> _handlers = [];
    private readonly List<EventSubscription> _subscriptions = [];
    private readonly ILogger _logger;
    private Task? _run;
    private long _processed;
    private long _handlerFailures;

    /// <summary>Initializes a loop.</summary>
    /// <param name="capacity">The input channel's capacity; adapters wait when it is full.</param>
    /// <param name="logger">The logger, or <see langword="null"/>.</param>
    public EngineLoop(int capacity = 65_536, ILogger<EngineLoop>? logger = null)
    {
        _input = new ChannelVenueEventSink(capacity);
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>Gets the sink adapters post to.</summary>
    public IVenueEventSink Sink => _input;

    /// <summary>Gets how many events the loop has processed.</summary>
    public long Processed => Interlocked.Read(ref _processed);

    /// <summary>Gets how many times a handler threw.</summary>
    public long HandlerFailures => Interlocked.Read(ref _handlerFailures);

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

    /// <summary>Starts the loop's task.</summary>
    /// <exception cref="InvalidOperationException">Already started.</exception>
    public void Start()
    {
        if (_run is not null)
        {
            throw new InvalidOperationException("The engine loop is already running");
        }

        _run = Task.Run(RunAsync);
    }

    /// <summary>Stops taking new events, processes those already posted, and waits for every subscriber to drain.</summary>
    /// <returns>Completes when everything was delivered.</returns>
    public async Task CompleteAsync()
    {
        _input.Complete();
        if (_run is not null)
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

    private async Task RunAsync()
    {
        await foreach (var venueEvent in _input.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            foreach (var handler in _handlers)
            {
                try
                {
                    handler.OnEvent(venueEvent);
                }
                catch (Exception exception)
                {
                    Interlocked.Increment(ref _handlerFailures);
                    Log.HandlerFailed(_logger, handler.Name, venueEvent.GetType().Name, exception);
                }
            }

            foreach (var subscription in _subscriptions)
            {
                subscription.Offer(venueEvent);
            }

            Interlocked.Increment(ref _processed);
        }
    }
}
