using System.Globalization;

namespace MarketMaking.Simulation.Latency;

/// <summary>
/// Order latency read from measured round trips, as hftbacktest's interpolated order latency
/// (https://hftbacktest.readthedocs.io/en/latest/latency_models.html): each row a request's send time, the venue's
/// time on its answer and the answer's receive time; a request sent between two rows' send times gets their legs
/// interpolated linearly, one sent before the first or after the last gets that row's.
/// </summary>
/// <remarks>
/// The file is CSV with the header <c>request_ns,exchange_ns,response_ns</c>, times in ns since the Unix epoch, one row
/// a round trip (a live run's order acknowledgements, for instance), in any order. The rows should cover the time the
/// backtest replays: the legs are looked up by the simulated time.
/// </remarks>
public sealed class RecordedOrderLatency : IOrderLatency
{
    /// <summary>The header line the file starts with.</summary>
    public const string Header = "request_ns,exchange_ns,response_ns";

    private readonly long[] _times;
    private readonly long[] _entry;
    private readonly long[] _response;

    private RecordedOrderLatency(long[] times, long[] entry, long[] response) => (_times, _entry, _response) = (times, entry, response);

    /// <summary>Gets how many round trips were read.</summary>
    public int Count => _times.Length;

    /// <summary>Reads a file.</summary>
    /// <param name="path">The CSV file.</param>
    /// <returns>The latency.</returns>
    /// <exception cref="InvalidDataException">The file is not as described (the message names the line), or holds no row.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static RecordedOrderLatency Load(string path)
    {
        using var reader = new StreamReader(path);
        return Parse(reader, path);
    }

    /// <summary>Reads round trips from text.</summary>
    /// <param name="reader">The CSV text, header first.</param>
    /// <param name="name">The name errors give for it (a file's path).</param>
    /// <returns>The latency.</returns>
    /// <exception cref="InvalidDataException">The text is not as described (the message names the line), or holds no row.</exception>
    public static RecordedOrderLatency Parse(TextReader reader, string name)
    {
        ArgumentNullException.ThrowIfNull(reader);
        if (reader.ReadLine()?.Trim() != Header)
        {
            throw new InvalidDataException($"{name}:1: expected the header {Header}");
        }

        var rows = new List<(long Request, long Entry, long Response)>();
        var line = 1;
        while (reader.ReadLine() is { } text)
        {
            line++;
            if (text.Length == 0)
            {
                continue;
            }

            var fields = text.Split(',');
            if (fields.Length != 3 || !TryTime(fields[0], out var request) || !TryTime(fields[1], out var exchange) || !TryTime(fields[2], out var response))
            {
                throw new InvalidDataException($"{name}:{line}: expected three times in ns since the Unix epoch, found '{text}'");
            }

            // A leg below zero is the two clocks disagreeing: a shorter leg cannot be read from it.
            if (exchange < request || response < exchange)
            {
                throw new InvalidDataException($"{name}:{line}: the times must not go back (request {request}, exchange {exchange}, response {response})");
            }

            rows.Add((request, exchange - request, response - exchange));
        }

        if (rows.Count == 0)
        {
            throw new InvalidDataException($"{name}: no round trip after the header");
        }

        rows.Sort((a, b) => a.Request.CompareTo(b.Request));
        return new RecordedOrderLatency([.. rows.Select(r => r.Request)], [.. rows.Select(r => r.Entry)], [.. rows.Select(r => r.Response)]);
    }

    /// <inheritdoc/>
    public long EntryNanoseconds(long sendTime) => Interpolate(_entry, sendTime);

    /// <inheritdoc/>
    public long ResponseNanoseconds(long venueTime) => Interpolate(_response, venueTime);

    private static bool TryTime(string text, out long value) =>
        long.TryParse(text.AsSpan().Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out value);

    private long Interpolate(long[] legs, long time)
    {
        var index = Array.BinarySearch(_times, time);
        if (index >= 0)
        {
            return legs[index];
        }

        var after = ~index;
        if (after == 0)
        {
            return legs[0];
        }

        if (after == _times.Length)
        {
            return legs[^1];
        }

        var before = after - 1;
        var span = _times[after] - _times[before];
        var weight = (double)(time - _times[before]) / span;
        return legs[before] + (long)Math.Round((legs[after] - legs[before]) * weight);
    }
}
