
namespace MarketMaking.Models;

/// <summary>
/// The engine's books: an in-loop handler (the first) that applies every snapshot and delta to the book of its venue
/// and instrument, creating books for the instruments it was told about.
/// </summary>
public sealed class BookKeeper : IEngineHandler
{
    private readonly Dictionary<(VenueId, InstrumentId), OrderBook> _books = [];
    private readonly Dictionary<(VenueId, InstrumentId), InstrumentSpec> _specs = [];

    /// <inheritdoc/>
    public string Name => "books";

    /// <inheritdoc/>
    public EngineStage Stage => EngineStage.Books;

    /// <summary>Gets the books by venue and instrument.</summary>
    public IReadOnlyDictionary<(VenueId Venue, InstrumentId Instrument), OrderBook> Books => _books;

    /// <summary>Gets the book the last event changed, or <see langword="null"/> when it changed none.</summary>
    public OrderBook? LastChanged { get; private set; }

    /// <summary>Declares an instrument's tick and lot, so that its book can be kept.</summary>
    /// <param name="venue">The venue.</param>
    /// <param name="spec">The instrument.</param>
    /// <param name="depth">The levels kept per side (0: all).</param>
    public void Track(VenueId venue, InstrumentSpec spec, int depth = 0)
    {
        ArgumentNullException.ThrowIfNull(spec);
        _specs[(venue, spec.Instrument)] = spec;
        _books[(venue, spec.Instrument)] = new OrderBook(spec, depth);
    }

    /// <inheritdoc/>
    public void OnEvent(VenueEvent venueEvent)
    {
        LastChanged = null;
        switch (venueEvent)
        {
            case BookSnapshot snapshot when _books.TryGetValue((snapshot.Venue, snapshot.Instrument), out var book):
                book.Apply(snapshot);
                LastChanged = book;
                break;
            case BookDelta delta when _books.TryGetValue((delta.Venue, delta.Instrument), out var book):
                book.Apply(delta);
                LastChanged = book;
                break;
            case BookSyncChanged { State: BookSyncState.OutOfSync } sync when _books.TryGetValue((sync.Venue, sync.Instrument), out var book):
                // The adapter holds updates back until a fresh snapshot; so does this copy.
                book.MarkOutOfSync(sync.Reason, sync.Detail ?? "the adapter reported the book out of sync");
                LastChanged = book;
                break;
        }
    }
}
