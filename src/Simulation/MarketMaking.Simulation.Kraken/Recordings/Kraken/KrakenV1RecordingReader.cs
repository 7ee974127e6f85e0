using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using MarketMaking.Models;

namespace MarketMaking.Simulation.Recordings.Kraken;

/// <summary>
/// Reads Kraken WebSocket v1 captures in cryptofeed's format: <c>&lt;receive unix seconds&gt;: &lt;raw frame&gt;</c> per line,
/// with connection marker lines (<c>wss://… &lt;-&gt; ts</c>, <c>wss://… &lt;- ts: {subscribe}</c>) skipped.
/// </summary>
/// <remarks>
/// Frames (<see href="https://docs.kraken.com/api/docs/guides/spot-ws-book-v1"/>): <c>subscriptionStatus</c> events give
/// each channel's pair and book depth; <c>[channelID, {"as":[…],"bs":[…]}, "book-N", pair]</c> is a snapshot;
/// <c>[channelID, {"a":[…]}, {"b":[…],"c":"crc"}, "book-N", pair]</c> an update (one or two dicts, the checksum on the
/// last); levels are <c>[price, volume, timestamp(, "r")]</c> with prices and volumes as strings, kept with the
/// decimals as sent. <c>trade</c> frames become <see cref="Trade"/> (v1 trades carry no id: the reader numbers them
/// in file order) and <c>ticker</c> frames <see cref="TopOfBook"/>.
/// </remarks>
/// <param name="paths">The files, read in order as one stream.</param>
/// <param name="onError">Receives each unusable line; reading goes on.</param>
/// <param name="venue">The venue to stamp on events; <c>kraken</c> by default.</param>
public sealed class KrakenV1RecordingReader(IReadOnlyList<string> paths, Action<RecordingError> onError, VenueId? venue = null)
    : IMarketDataRecordingReader
{
    private readonly VenueId _venue = venue ?? new VenueId("kraken");

    /// <inheritdoc/>
    public IEnumerable<MarketDataEvent> ReadEvents(CancellationToken cancellationToken = default)
    {
        var depthByPair = new Dictionary<string, int>(StringComparer.Ordinal);
        var events = new List<MarketDataEvent>();
        long tradeSequence = 0;
        foreach (var line in RecordingLineSource.ReadLines(paths, onError, cancellationToken))
        {
            if (line.Text.StartsWith("wss://", StringComparison.Ordinal) || line.Text.StartsWith("https://", StringComparison.Ordinal))
            {
                continue;
            }

            var colon = line.Text.IndexOf(": ", StringComparison.Ordinal);
            if (colon <= 0 || !ReceiveTimestamp.TryParseSeconds(line.Text.AsSpan(0, colon), out var tsInit))
            {
                onError(new RecordingError(line.File, line.Number, "Expected '<unix seconds>: <frame>'"));
                continue;
            }

            events.Clear();
            string? error;
            try
            {
                using var document = JsonDocument.Parse(line.Text.AsMemory(colon + 2));
                error = Decode(document.RootElement, tsInit, depthByPair, events, ref tradeSequence);
            }
            catch (JsonException exception)
            {
                error = $"Not valid JSON: {exception.Message}";
            }
            catch (Exception exception) when (exception is FormatException or InvalidOperationException or ArgumentException or IndexOutOfRangeException or KeyNotFoundException)
            {
                error = $"Malformed field: {exception.Message}";
            }

            if (error is not null)
            {
                onError(new RecordingError(line.File, line.Number, error));
                continue;
            }

            foreach (var marketEvent in events)
            {
                yield return marketEvent;
            }
        }
    }

    private string? Decode(JsonElement root, long tsInit, Dictionary<string, int> depthByPair, List<MarketDataEvent> output, ref long tradeSequence)
    {
        if (root.ValueKind == JsonValueKind.Object)
        {
            if (root.TryGetProperty("event", out var kind) && kind.ValueEquals("subscriptionStatus")
                && root.TryGetProperty("pair", out var pair)
                && root.TryGetProperty("subscription", out var subscription)
                && subscription.TryGetProperty("depth", out var depth))
            {
                depthByPair[pair.GetString()!] = depth.GetInt32();
            }

            return null;
        }

        if (root.ValueKind != JsonValueKind.Array || root.GetArrayLength() < 4)
        {
            return "Expected an event object or a channel array";
        }

        var length = root.GetArrayLength();
        var channel = root[length - 2].GetString() ?? string.Empty;
        var instrument = InstrumentId.Create(root[length - 1].GetString()!);
        if (channel.StartsWith("book", StringComparison.Ordinal))
        {
            return DecodeBook(root, length, instrument, tsInit, depthByPair, output);
        }

        if (channel == "trade")
        {
            foreach (var trade in root[1].EnumerateArray())
            {
                output.Add(new Trade(
                    _venue,
                    instrument,
                    Price.Parse(trade[0].GetString()!),
                    Quantity.Parse(trade[1].GetString()!),
                    trade[3].GetString() == "b" ? Side.Buy : Side.Sell,
                    new TradeId((++tradeSequence).ToString(CultureInfo.InvariantCulture)),
                    SecondsToNanoseconds(trade[2].GetString()!),
                    tsInit));
            }
        }
        else if (channel == "ticker")
        {
            var ticker = root[1];
            output.Add(new TopOfBook(
                _venue,
                instrument,
                Price.Parse(ticker.GetProperty("b")[0].GetString()!),
                Quantity.Parse(ticker.GetProperty("b")[2].GetString()!),
                Price.Parse(ticker.GetProperty("a")[0].GetString()!),
                Quantity.Parse(ticker.GetProperty("a")[2].GetString()!),
                0,
                tsInit));
        }

        return null;
    }

    private string? DecodeBook(JsonElement root, int length, InstrumentId instrument, long tsInit, Dictionary<string, int> depthByPair, List<MarketDataEvent> output)
    {
        var bids = ImmutableArray.CreateBuilder<BookLevel>();
        var asks = ImmutableArray.CreateBuilder<BookLevel>();
        uint? checksum = null;
        var isSnapshot = false;
        long tsEvent = 0;
        for (var i = 1; i < length - 2; i++)
        {
            foreach (var member in root[i].EnumerateObject())
            {
                switch (member.Name)
                {
                    case "as":
                    case "bs":
                        isSnapshot = true;
                        tsEvent = Math.Max(tsEvent, AddLevels(member.Value, member.Name == "bs" ? bids : asks));
                        break;
                    case "a":
                    case "b":
                        tsEvent = Math.Max(tsEvent, AddLevels(member.Value, member.Name == "b" ? bids : asks));
                        break;
                    case "c":
                        if (!uint.TryParse(member.Value.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var crc))
                        {
                            return "The checksum 'c' must be an unsigned 32-bit integer string";
                        }

                        checksum = crc;
                        break;
                }
            }
        }

        if (isSnapshot)
        {
            output.Add(new BookSnapshot(_venue, instrument, bids.ToImmutable(), asks.ToImmutable(), tsEvent, tsInit)
            {
                Checksum = checksum,
                Depth = depthByPair.GetValueOrDefault(instrument.Value),
            });
        }
        else
        {
            output.Add(new BookDelta(_venue, instrument, bids.ToImmutable(), asks.ToImmutable(), tsEvent, tsInit) { Checksum = checksum });
        }

        return null;
    }

    private static long AddLevels(JsonElement levels, ImmutableArray<BookLevel>.Builder output)
    {
        long latest = 0;
        foreach (var level in levels.EnumerateArray())
        {
            output.Add(new BookLevel(Price.Parse(level[0].GetString()!), Quantity.Parse(level[1].GetString()!)));
            latest = Math.Max(latest, SecondsToNanoseconds(level[2].GetString()!));
        }

        return latest;
    }

    private static long SecondsToNanoseconds(string seconds) =>
        ReceiveTimestamp.TryParseSeconds(seconds, out var ns) ? ns : throw new FormatException($"'{seconds}' is not Unix seconds");
}
