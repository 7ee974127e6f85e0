using MarketMaking.Inventory;
using MarketMaking.Models;
using MarketMaking.Oms;

namespace MarketMaking.Simulation.Reporting;

/// <summary>
/// Records each fill the OMS applies, on the engine loop after inventory has taken it, with the venue's mid at that
/// moment (for the spread capture) and its fee in the quote currency: the rows of the fills CSV and the parts of the
/// summary's PnL by venue, so that both add up to the same figures.
/// </summary>
public sealed class FillRecorder : IEngineHandler
{
    private readonly OrderManager _orders;
    private readonly BookKeeper _books;
    private readonly InventoryManager _inventory;
    private readonly List<FillRecord> _records = [];
    private readonly Lock _gate = new();
    private readonly Lazy<FillRecord[]> _restored;

    /// <summary>Initializes a recorder; add it to the engine loop after the inventory.</summary>
    /// <param name="orders">The OMS (which fills it applied, and those restored from the journal).</param>
    /// <param name="books">The books (the mid at each fill).</param>
    /// <param name="inventory">The inventory (each fee in the quote currency).</param>
    public FillRecorder(OrderManager orders, BookKeeper books, InventoryManager inventory)
    {
        ArgumentNullException.ThrowIfNull(orders);
        ArgumentNullException.ThrowIfNull(books);
        ArgumentNullException.ThrowIfNull(inventory);
        _orders = orders;
        _books = books;
        _inventory = inventory;

        // Restored before the loop starts and never changed after: made into records once, at the first read.
        _restored = new(() => [.. _orders.RestoredFills.Select(f => new FillRecord(f, _inventory.Read(i => i.FeeInQuote(f)), null, Restored: true))]);
    }

    /// <inheritdoc/>
    public string Name => "fill-recorder";

    /// <summary>Gets every fill: the ones restored from the journal first, then this run's, in the order applied.</summary>
    /// <returns>A copy.</returns>
    public IReadOnlyList<FillRecord> Records()
    {
        var restored = _restored.Value;
        lock (_gate)
        {
            return [.. restored, .. _records];
        }
    }

    /// <inheritdoc/>
    public void OnEvent(VenueEvent venueEvent)
    {
        if (venueEvent is not FillEvent fill || !ReferenceEquals(_orders.LastAppliedFill, fill))
        {
            return;
        }

        var mid = _books.Books.GetValueOrDefault((fill.Venue, fill.Instrument))?.Mid?.Value;
        var record = new FillRecord(fill, _inventory.Read(i => i.FeeInQuote(fill)), mid, Restored: false);
        lock (_gate)
        {
            _records.Add(record);
        }
    }
}
