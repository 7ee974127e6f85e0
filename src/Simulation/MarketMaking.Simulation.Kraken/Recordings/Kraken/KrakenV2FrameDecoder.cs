using System.Collections.Immutable;
using System.Text.Json;
using MarketMaking.Adapters.Kraken;
using MarketMaking.Models;

namespace MarketMaking.Simulation.Recordings.Kraken;

/// <summary>
/// Turns Kraken WebSocket v2 frames into normalized events: <c>book</c> (through the adapter's allocation-free
/// parser), <c>trade</c>, <c>ticker</c>, <c>instrument</c>, and the book depth from subscribe acknowledgements.
/// </summary>
internal sealed class KrakenV2FrameDecoder(VenueId venue)
{
    private readonly KrakenBookFrame _bookFrame = new();
    private readonly Dictionary<string, int> _depthBySymbol = new(StringComparer.Ordinal);

    /// <summary>Sets the subscribed depth of a symbol, as a recording's metadata states it.</summary>
    public void SetDepth(string symbol, int depth) => _depthBySymbol[symbol] = depth;

    /// <summary>Decodes one frame, appending its events; returns an error text when the frame is unusable.</summary>
    public string? Decode(ReadOnlySpan<byte> utf8Frame, long tsInit, List<MarketDataEvent> output)
    {
        switch (KrakenBookFrameParser.Parse(utf8Frame, _bookFrame))
        {
            case KrakenFrameParseStatus.Book:
                AddBookEvents(tsInit, output);
                return null;
            case KrakenFrameParseStatus.Malformed:
                return _bookFrame.Error;
        }

        try
        {
            using var document = JsonDocument.Parse(utf8Frame.ToArray());
            return DecodeOther(document.RootElement, tsInit, output);
        }
        catch (JsonException exception)
        {
            return $"Not valid JSON: {exception.Message}";
        }
        catch (Exception exception) when (exception is FormatException or InvalidOperationException or ArgumentException)
        {
            return $"Malformed field: {exception.Message}";
        }
    }

    private void AddBookEvents(long tsInit, List<MarketDataEvent> output)
    {
        for (var i = 0; i < _bookFrame.Count; i++)
        {
            var entry = _bookFrame[i];
            var symbol = entry.GetSymbol();
            var instrument = new InstrumentId(symbol);
            var bids = ImmutableArray.Create(entry.Bids);
            var asks = ImmutableArray.Create(entry.Asks);
            if (_bookFrame.IsSnapshot)
            {
                output.Add(new BookSnapshot(venue, instrument, bids, asks, entry.TimestampNanoseconds, tsInit)
                {
                    Checksum = entry.Checksum,
                    Depth = _depthBySymbol.GetValueOrDefault(symbol),
                });
            }
            else
            {
                output.Add(new BookDelta(venue, instrument, bids, asks, entry.TimestampNanoseconds, tsInit) { Checksum = entry.Checksum });
            }
        }
    }

    private string? DecodeOther(JsonElement root, long tsInit, List<MarketDataEvent> output)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return "Expected a JSON object";
        }

        if (root.TryGetProperty("method", out var method) && method.ValueEquals("subscribe"))
        {
            if (root.TryGetProperty("result", out var result) && result.ValueKind == JsonValueKind.Object
                && result.TryGetProperty("channel", out var channel) && channel.ValueEquals("book")
                && result.TryGetProperty("symbol", out var symbol) && symbol.ValueKind == JsonValueKind.String
                && result.TryGetProperty("depth", out var depth) && depth.TryGetInt32(out var levels))
            {
                _depthBySymbol[symbol.GetString()!] = levels;
            }

            return null;
        }

        if (!root.TryGetProperty("channel", out var channelName) || !root.TryGetProperty("data", out var data))
        {
            return null;
        }

        if (channelName.ValueEquals("instrument"))
        {
            return DecodeInstruments(data, tsInit, output);
        }

        if (data.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        foreach (var item in data.EnumerateArray())
        {
            if (channelName.ValueEquals("trade"))
            {
                output.Add(new Trade(
                    venue,
                    new InstrumentId(item.GetProperty("symbol").GetString()!),
                    new Price(item.GetProperty("price").GetDecimal()),
                    new Quantity(item.GetProperty("qty").GetDecimal()),
                    item.GetProperty("side").ValueEquals("buy") ? Side.Buy : Side.Sell,
                    new TradeId(item.GetProperty("trade_id").GetRawText()),
                    ParseTimestamp(item),
                    tsInit));
            }
            else if (channelName.ValueEquals("ticker"))
            {
                output.Add(new TopOfBook(
                    venue,
                    new InstrumentId(item.GetProperty("symbol").GetString()!),
                    new Price(item.GetProperty("bid").GetDecimal()),
                    new Quantity(item.GetProperty("bid_qty").GetDecimal()),
                    new Price(item.GetProperty("ask").GetDecimal()),
                    new Quantity(item.GetProperty("ask_qty").GetDecimal()),
                    ParseTimestamp(item),
                    tsInit));
            }
        }

        return null;
    }

    private string? DecodeInstruments(JsonElement data, long tsInit, List<MarketDataEvent> output)
    {
        if (data.ValueKind != JsonValueKind.Object || !data.TryGetProperty("pairs", out var pairs) || pairs.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        foreach (var pair in pairs.EnumerateArray())
        {
            if (!KrakenInstrumentParser.TryParsePair(pair, out var spec, out var error))
            {
                return error;
            }

            output.Add(new InstrumentUpdate(venue, spec!.Instrument, spec, 0, tsInit));
        }

        return null;
    }

    private static long ParseTimestamp(JsonElement item) =>
        item.TryGetProperty("timestamp", out var timestamp) && timestamp.ValueKind == JsonValueKind.String
        && KrakenTimestamp.TryParseUnixNanoseconds(System.Text.Encoding.UTF8.GetBytes(timestamp.GetString()!), out var ns)
            ? ns
            : 0;
}
