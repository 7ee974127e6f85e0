using System.Text;
using System.Text.Json;
using MarketMaking.Models;

namespace MarketMaking.Simulation.Recordings.Kraken;

/// <summary>
/// Reads Kraken WebSocket v2 captures: the project's recording format (one raw frame per line, optionally prefixed by
/// the receive time in ns and a space); the <c>{meta, snapshot, updates}</c> document of
/// <c>tests/fixtures/kraken/ws-book-sequence-btcusd.json</c> and a JSON array of frames, both streamed element by
/// element; and a file holding one pretty-printed frame, as Kraken's documentation shows them.
/// </summary>
/// <remarks>The <c>meta</c> object's <c>symbol</c>, <c>depth</c>, <c>price_precision</c> and <c>qty_precision</c> become an
/// <see cref="InstrumentUpdate"/> and the snapshot's depth.</remarks>
/// <param name="paths">The files, read in order as one stream.</param>
/// <param name="onError">Receives each unusable line; reading goes on.</param>
/// <param name="venue">The venue to stamp on events; <c>kraken</c> by default.</param>
public sealed class KrakenV2RecordingReader(IReadOnlyList<string> paths, Action<RecordingError> onError, VenueId? venue = null)
    : IMarketDataRecordingReader
{
    private readonly VenueId _venue = venue ?? new VenueId("kraken");

    /// <inheritdoc/>
    public IEnumerable<MarketDataEvent> ReadEvents(CancellationToken cancellationToken = default)
    {
        var decoder = new KrakenV2FrameDecoder(_venue);
        var events = new List<MarketDataEvent>();
        foreach (var path in paths)
        {
            var source = DetectLayout(path) switch
            {
                Layout.Document => ReadDocument(path, decoder, events, cancellationToken),
                Layout.SingleFrame => ReadSingleFrame(path, decoder, events),
                _ => ReadLines(path, decoder, events, cancellationToken),
            };
            foreach (var marketEvent in source)
            {
                yield return marketEvent;
            }
        }
    }

    private IEnumerable<MarketDataEvent> ReadLines(string path, KrakenV2FrameDecoder decoder, List<MarketDataEvent> events, CancellationToken cancellationToken)
    {
        foreach (var line in RecordingLineSource.ReadLines([path], onError, cancellationToken))
        {
            if (!ReceiveTimestamp.TrySplitInteger(line.Text, out var tsInit, out var payloadStart))
            {
                onError(new RecordingError(line.File, line.Number, "The receive timestamp must be 19 digits (ns) or 16 digits (µs)"));
                continue;
            }

            events.Clear();
            var error = decoder.Decode(Encoding.UTF8.GetBytes(line.Text, payloadStart, line.Text.Length - payloadStart), tsInit, events);
            if (error is not null)
            {
                onError(new RecordingError(line.File, line.Number, error));
            }

            foreach (var marketEvent in events)
            {
                yield return marketEvent;
            }
        }
    }

    private IEnumerable<MarketDataEvent> ReadDocument(string path, KrakenV2FrameDecoder decoder, List<MarketDataEvent> events, CancellationToken cancellationToken)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        using var members = JsonMemberStreamer.ReadMembers(stream, cancellationToken).GetEnumerator();
        while (true)
        {
            string? failure = null;
            try
            {
                if (!members.MoveNext())
                {
                    yield break;
                }
            }
            catch (JsonException exception)
            {
                failure = exception.Message;
            }

            if (failure is not null)
            {
                onError(new RecordingError(path, 0, $"Stopped reading: {failure}"));
                yield break;
            }

            var (property, index, value) = members.Current;
            var where = index >= 0 ? $"{property}[{index}]" : property;
            events.Clear();
            var error = property == "meta" ? DecodeMeta(value, decoder, events) : decoder.Decode(value, 0, events);
            if (error is not null)
            {
                onError(new RecordingError(path, 0, $"{where}: {error}"));
            }

            foreach (var marketEvent in events)
            {
                yield return marketEvent;
            }
        }
    }

    private IEnumerable<MarketDataEvent> ReadSingleFrame(string path, KrakenV2FrameDecoder decoder, List<MarketDataEvent> events)
    {
        // One message spread over several lines: it is a single frame, so it is read whole.
        events.Clear();
        var error = decoder.Decode(File.ReadAllBytes(path), 0, events);
        if (error is not null)
        {
            onError(new RecordingError(path, 0, error));
        }

        return [.. events];
    }

    private string? DecodeMeta(byte[] value, KrakenV2FrameDecoder decoder, List<MarketDataEvent> events)
    {
        try
        {
            using var document = JsonDocument.Parse(value);
            var meta = document.RootElement;
            var symbol = meta.GetProperty("symbol").GetString()!;
            if (meta.TryGetProperty("depth", out var depth))
            {
                decoder.SetDepth(symbol, depth.GetInt32());
            }

            if (meta.TryGetProperty("price_precision", out var pricePrecision) && meta.TryGetProperty("qty_precision", out var qtyPrecision))
            {
                var spec = InstrumentSpec.FromPrecision(InstrumentId.Create(symbol), pricePrecision.GetInt32(), qtyPrecision.GetInt32());
                events.Add(new InstrumentUpdate(_venue, spec.Instrument, spec, 0, 0));
            }

            return null;
        }
        catch (Exception exception) when (exception is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or ArgumentException)
        {
            return $"Invalid 'meta': {exception.Message}";
        }
    }

    private static Layout DetectLayout(string path)
    {
        // Lines start with a frame or a timestamp; a document starts with '[' or {"meta"; a lone '{' on the
        // first line is a pretty-printed frame.
        try
        {
            using var reader = new StreamReader(path);
            var first = reader.ReadLine()?.Trim() ?? string.Empty;
            if (first.StartsWith('['))
            {
                return Layout.Document;
            }

            if (first == "{")
            {
                var second = reader.ReadLine()?.Trim() ?? string.Empty;
                return second.StartsWith("\"meta\"", StringComparison.Ordinal) ? Layout.Document : Layout.SingleFrame;
            }

            return first.StartsWith("{\"meta\"", StringComparison.Ordinal) ? Layout.Document : Layout.Lines;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return Layout.Lines;
        }
    }

    private enum Layout
    {
        Lines,
        Document,
        SingleFrame,
    }
}
