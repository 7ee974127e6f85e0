using MarketMaking.Models;

namespace MarketMaking.Oms;

/// <summary>
/// Makes client order ids that are unique per venue across restarts: a session tag from the start time, then a
/// counter, both in base 36, at most 18 characters (Kraken's limit for free-text <c>cl_ord_id</c>).
/// </summary>
/// <remarks>Example: <c>mm0t5k3w00000001</c> (16 characters). A restart within the same second must continue from the last counter used.</remarks>
public sealed class ClientOrderIdGenerator
{
    private const string Digits = "0123456789abcdefghijklmnopqrstuvwxyz";
    private readonly string _session;
    private long _counter;

    /// <summary>Initializes a generator for a session.</summary>
    /// <param name="sessionStartUnixSeconds">The session's start, which makes the ids of two sessions differ.</param>
    /// <param name="firstCounter">The counter to continue from (the journal's last, on restart).</param>
    public ClientOrderIdGenerator(long sessionStartUnixSeconds, long firstCounter = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sessionStartUnixSeconds);
        ArgumentOutOfRangeException.ThrowIfNegative(firstCounter);
        _session = "mm" + Base36(sessionStartUnixSeconds, 7);
        _counter = firstCounter;
    }

    /// <summary>Gets the last counter used.</summary>
    public long Counter => Interlocked.Read(ref _counter);

    /// <summary>Returns the next id.</summary>
    /// <returns>An id such as <c>mm0t5k3w00000001</c>.</returns>
    public ClientOrderId Next() => ClientOrderId.Create(_session + Base36(Interlocked.Increment(ref _counter), 7));

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
