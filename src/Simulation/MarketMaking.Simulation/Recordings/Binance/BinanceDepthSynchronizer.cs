using MarketMaking.Models;

namespace MarketMaking.Simulation.Recordings.Binance;

/// <summary>
/// Keeps an <see cref="OrderBook"/> in sync with Binance diff-depth streams and REST depth snapshots: Binance's rules
/// (<see href="https://developers.binance.com/docs/binance-spot-api-docs/web-socket-streams"/>, "How to manage a local
/// order book correctly"), as implemented by <see cref="UpdateIdDepthSynchronizer"/>.
/// </summary>
public sealed class BinanceDepthSynchronizer : IBookSynchronizer
{
    private readonly UpdateIdDepthSynchronizer _inner;

    /// <summary>Initializes a synchronizer for a book.</summary>
    /// <param name="book">The book.</param>
    /// <param name="bufferCapacity">Diffs held while waiting for a snapshot; the oldest are dropped beyond it.</param>
    /// <exception cref="ArgumentNullException"><paramref name="book"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bufferCapacity"/> is less than 1.</exception>
    public BinanceDepthSynchronizer(OrderBook book, int bufferCapacity = 10_000) => _inner = new UpdateIdDepthSynchronizer(book, bufferCapacity);

    /// <inheritdoc/>
    public OrderBook Book => _inner.Book;

    /// <summary>Gets the number of diffs held until a snapshot.</summary>
    public int BufferedCount => _inner.BufferedCount;

    /// <inheritdoc/>
    public BookUpdateResult OnSnapshot(BookSnapshot snapshot) => _inner.OnSnapshot(snapshot);

    /// <inheritdoc/>
    public BookUpdateResult OnDelta(BookDelta delta) => _inner.OnDelta(delta);
}
