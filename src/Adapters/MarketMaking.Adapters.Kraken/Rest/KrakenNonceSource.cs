using MarketMaking.Models;

namespace MarketMaking.Adapters.Kraken;

/// <summary>
/// Nonces for one API key that strictly increase across threads: <c>max(previous + 1, now in ns)</c>.
/// </summary>
/// <remarks>
/// Kraken rejects a nonce not above the previous one for the key (<c>EAPI:Invalid nonce</c>) and suggests
/// nanosecond-resolution values so that bursts stay increasing
/// (<see href="https://docs.kraken.com/api/docs/guides/spot-rest-auth"/>). Nanoseconds are the largest scale in use,
/// so a key never sees a smaller nonce after switching to this client. Requests must also reach Kraken in nonce
/// order: the REST client sends private calls one at a time per key.
/// </remarks>
public sealed class KrakenNonceSource
{
    private readonly TimeProvider _timeProvider;
    private long _last;

    /// <summary>Initializes a nonce source.</summary>
    /// <param name="timeProvider">The clock.</param>
    /// <exception cref="ArgumentNullException"><paramref name="timeProvider"/> is null.</exception>
    public KrakenNonceSource(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _timeProvider = timeProvider;
    }

    /// <summary>Returns the next nonce.</summary>
    /// <returns>A value above every nonce returned before.</returns>
    public long Next()
    {
        var now = _timeProvider.GetUnixNanoseconds();
        while (true)
        {
            var last = Volatile.Read(ref _last);
            var next = Math.Max(last + 1, now);
            if (Interlocked.CompareExchange(ref _last, next, last) == last)
            {
                return next;
            }
        }
    }
}
