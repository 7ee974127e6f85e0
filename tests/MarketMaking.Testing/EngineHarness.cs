using MarketMaking.Adapters;
using MarketMaking.Models;
using MarketMaking.Oms;
using Microsoft.Extensions.Time.Testing;
using static MarketMaking.Testing.Eventually;

namespace MarketMaking.Testing;

/// <summary>
/// A simulated run for stage tests: a real engine loop with the books and the OMS, recording venues, and a fake clock.
/// Add the stage's handlers, then <see cref="Start"/>; post events and wait for the loop to take them.
/// </summary>
public sealed class EngineHarness : IAsyncDisposable
{
    private readonly List<IDisposable> _owned = [];

    /// <summary>Initializes the harness (not started).</summary>
    public EngineHarness()
    {
        Oms = new OrderManager(Loop.Sink, Clock, new ClientOrderIdGenerator(1));
        Loop.AddHandler(Books);
        Loop.AddHandler(Oms);
    }

    /// <summary>Gets the clock, at 1,700,000,000 s since the Unix epoch at first.</summary>
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));

    /// <summary>Gets the engine loop.</summary>
    public EngineLoop Loop { get; } = new();

    /// <summary>Gets the books.</summary>
    public BookKeeper Books { get; } = new();

    /// <summary>Gets the OMS.</summary>
    public OrderManager Oms { get; }

    /// <summary>Adds a recording venue and tracks the instruments' books on it.</summary>
    /// <param name="venue">The venue.</param>
    /// <param name="specs">Its instruments.</param>
    /// <returns>The venue.</returns>
    public RecordingVenue AddVenue(VenueId venue, params InstrumentSpec[] specs)
    {
        var exchange = new RecordingVenue(venue);
        Oms.RegisterExchange(venue, exchange);
        foreach (var spec in specs)
        {
            Books.Track(venue, spec);
        }

        return exchange;
    }

    /// <summary>Adds an in-loop handler after the OMS (and disposes it with the harness when it is disposable).</summary>
    /// <param name="handler">The handler.</param>
    public void AddHandler(IEngineHandler handler)
    {
        Loop.AddHandler(handler);
        if (handler is IDisposable disposable)
        {
            _owned.Add(disposable);
        }
    }

    /// <summary>Starts the loop.</summary>
    public void Start() => Loop.Start();

    /// <summary>Posts an event and waits until the loop has taken it.</summary>
    /// <param name="venueEvent">The event.</param>
    /// <returns>Completes when processed.</returns>
    public async Task PostAsync(VenueEvent venueEvent)
    {
        var before = Loop.Processed;
        await Loop.Sink.PostAsync(venueEvent);
        await WaitForAsync(() => Loop.Processed > before, "the event processed");
    }

    /// <summary>Posts a one-level book.</summary>
    /// <param name="venue">The venue.</param>
    /// <param name="instrument">The instrument.</param>
    /// <param name="bid">The best bid.</param>
    /// <param name="ask">The best ask.</param>
    /// <param name="quantity">The quantity at each.</param>
    /// <returns>Completes when applied.</returns>
    public Task PostTouchAsync(VenueId venue, InstrumentId instrument, decimal bid, decimal ask, decimal quantity = 1) =>
        PostAsync(new BookSnapshot(venue, instrument, [new(new Price(bid), new Quantity(quantity))], [new(new Price(ask), new Quantity(quantity))], 1, 1));

    /// <summary>Moves the clock and waits until the loop has taken at least one more event (a tick).</summary>
    /// <param name="by">How far.</param>
    /// <returns>Completes when a tick was processed.</returns>
    public async Task AdvanceAsync(TimeSpan by)
    {
        var before = Loop.Processed;
        Clock.Advance(by);
        await WaitForAsync(() => Loop.Processed > before, "a tick processed");
    }

    /// <summary>Submits and waits for the venue's answer (or the denial).</summary>
    /// <param name="intent">The order.</param>
    /// <returns>The order, answered.</returns>
    public async Task<OmsOrder> SubmitAsync(OrderIntent intent)
    {
        var order = await Loop.InvokeAsync(() => Oms.Submit(intent));
        await WaitForAsync(() => Oms.Read(_ => order.Status is not OrderStatus.PendingNew), "the order answered");
        return order;
    }

    /// <summary>Waits until the OMS has no request in flight.</summary>
    /// <returns>Completes when settled.</returns>
    public Task SettledAsync() =>
        WaitForAsync(() => Oms.Read(store => store.All.All(o => o.Status is not (OrderStatus.PendingNew or OrderStatus.PendingAmend or OrderStatus.PendingCancel))), "every answer in");

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        foreach (var owned in _owned)
        {
            owned.Dispose();
        }

        await Loop.DisposeAsync();
        Oms.Dispose();
    }
}
