using MarketMaking.Models;

namespace MarketMaking.Oms;

/// <summary>
/// Makes client order ids that are unique per venue across restarts: a session tag from the start time, then a
/// counter, both in base 36, at most 18 characters (Kraken's limit for free-text <c>cl_ord_id</c>).
/// </summary>
/// <remarks>
/// Example: <c>mm0t5k3w00000001</c> (16 characters). Each start takes a session tag later than any in its journal
/// (<see cref="SessionOf"/>), so that ids stay unique even when a crash lost the journal's last intents; and an id of
/// this shape at the venue that the journal does not know is an order of an earlier session, not someone else's.
/// </remarks>
public sealed class ClientOrderIdGenerator
{
    private const string Digits = "0123456789abcdefghijklmnopqrstuvwxyz";
    private const string Prefix = "mm";
    private const int Width = 7;
    private readonly string _session;
    private long _counter;

    /// <summary>Initializes a generator for a session.</summary>
    /// <param name="sessionStartUnixSeconds">The session's start, which makes the ids of two sessions differ.</param>
    /// <param name="firstCounter">The counter to continue from (the journal's last, on restart).</param>
    public ClientOrderIdGenerator(long sessionStartUnixSeconds, long firstCounter = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sessionStartUnixSeconds);
        ArgumentOutOfRangeException.ThrowIfNegative(firstCounter);
        _session = Prefix + Base36(sessionStartUnixSeconds, Width);
        _counter = firstCounter;
    }

    /// <summary>Gets the last counter used.</summary>
    public long Counter => Interlocked.Read(ref _counter);

    /// <summary>Returns the next id.</summary>
    /// <returns>An id such as <c>mm0t5k3w00000001</c>.</returns>
    public ClientOrderId Next() => ClientOrderId.Create(_session + Base36(Interlocked.Increment(ref _counter), Width));

    /// <summary>Reads the session tag of an id this generator's format made.</summary>
    /// <param name="id">A client order id.</param>
    /// <returns>The session's start in Unix seconds, or <see langword="null"/> for an id of another shape (not ours).</returns>
    public static long? SessionOf(ClientOrderId id)
    {
        var text = id.Value;
        if (text is null || text.Length != Prefix.Length + (2 * Width) || !text.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        long session = 0;
        for (var i = 0; i < Width * 2; i++)
        {
            var digit = Digits.IndexOf(text[Prefix.Length + i], StringComparison.Ordinal);
            if (digit < 0)
            {
                return null;
            }

            if (i < Width)
            {
                session = (session * 36) + digit;
            }
        }

        return session;
    }

    private static string Base36(long value, int width)
    {
        Span<char> text = stackalloc char[13];
        var position = text.Length;
        do
        {
            text[--position] = Digits[(int)(value % 36)];
            value /= 36;
        }
        while (value > 0);

        var digits = text[position..].ToString();
        return digits.Length >= width ? digits : new string('0', width - digits.Length) + digits;
    }
}
