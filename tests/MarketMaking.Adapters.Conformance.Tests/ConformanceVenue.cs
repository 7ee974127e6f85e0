using MarketMaking.Models;
using MarketMaking.Simulation.Venue;
using MarketMaking.Testing;

namespace MarketMaking.Adapters.Conformance.Tests;

/// <summary>
/// A venue under the conformance suite: the adapter's parts as a user composes them (order entry, user stream, book),
/// every event they post collected in <see cref="Events"/> and every log line in <see cref="Logs"/>, and the controls of
/// the loopback venue it talks to (what rests there, the touch, a dropped connection, a book gap, a replay step).
/// </summary>
internal abstract class ConformanceVenue : IAsyncDisposable
{
    /// <summary>Gets the instrument traded.</summary>
    public abstract InstrumentId Instrument { get; }

    /// <summary>Gets the adapter's order entry.</summary>
    public abstract ISpotOrderEntry Orders { get; }

    /// <summary>Gets the venue's tick size for the instrument, in quote currency.</summary>
    public abstract decimal Tick { get; }

    /// <summary>Gets a quantity the venue takes for one order.</summary>
    public abstract Quantity OrderQuantity { get; }

    /// <summary>Gets the key and secret the adapter holds: none may appear in a log line.</summary>
    public abstract IReadOnlyList<string> Secrets { get; }

    /// <summary>Gets everything the adapter posted.</summary>
    public CollectingSink Events { get; } = new();

    /// <summary>
    /// Gets whether the venue refuses a post-only order that would take (Binance, Kraken); where it does not say, its
    /// simulator takes the order and cancels it at once on the user stream (MEXC), and the suite checks that instead.
    /// </summary>
    public virtual bool RefusesCrossingPostOnly => true;

    /// <summary>Gets every log line the adapter wrote, at every level.</summary>
    public CapturingLoggerProvider Logs { get; } = new();

    /// <summary>Starts the user stream (orders, fills, balances).</summary>
    public abstract Task StartUserStreamAsync();

    /// <summary>Subscribes the instrument's book.</summary>
    public abstract Task SubscribeBookAsync();

    /// <summary>Reads the venue's best bid and ask.</summary>
    public abstract Task<(decimal Bid, decimal Ask)> TouchAsync();

    /// <summary>Reads the client order ids of our orders resting at the venue.</summary>
    public abstract Task<IReadOnlyList<string>> RestingAsync();

    /// <summary>Reads the limit price of one of our orders resting at the venue, or <see langword="null"/> when it does not rest there.</summary>
    public abstract Task<decimal?> RestingPriceAsync(string clientOrderId);

    /// <summary>Replays the next recorded events at the venue.</summary>
    public abstract Task ReplayAsync(int events);

    /// <summary>Drops every connection without a close frame, as a network fault would.</summary>
    public abstract void DropConnections();

    /// <summary>Breaks the book the venue's way (a skipped diff, a wrong checksum) on the next update.</summary>
    public abstract Task InjectBookGapAsync();

    /// <summary>Gets how many times the user stream has been subscribed and is up again (1, plus one per reconnection once it is restored).</summary>
    public abstract int UserStreamSubscriptions { get; }

    /// <inheritdoc/>
    public abstract ValueTask DisposeAsync();

    /// <summary>The best bid and ask of a simulated venue's replayed book.</summary>
    protected static (decimal Bid, decimal Ask) TouchOf(SimulatedVenue venue, InstrumentId instrument)
    {
        var book = venue.Engines[instrument].Book;
        return (book.Spec.FromTicks(book.GetBid(0).PriceTicks).Value, book.Spec.FromTicks(book.GetAsk(0).PriceTicks).Value);
    }

    /// <summary>The limit price of an order resting on a simulated venue's instrument, by client order id.</summary>
    protected static decimal? RestingPriceOf(SimulatedVenue venue, InstrumentId instrument, string clientOrderId)
    {
        var engine = venue.Engines[instrument];
        return engine.RestingOrders.FirstOrDefault(o => o.ClientOrderId.Value == clientOrderId) is { } order ? engine.Spec.FromTicks(order.PriceTicks).Value : null;
    }

    /// <summary>The client order ids of the orders resting on a simulated venue's instrument.</summary>
    protected static IReadOnlyList<string> RestingOf(SimulatedVenue venue, InstrumentId instrument) =>
        [.. venue.Engines[instrument].RestingOrders.Select(o => o.ClientOrderId.Value)];
}
