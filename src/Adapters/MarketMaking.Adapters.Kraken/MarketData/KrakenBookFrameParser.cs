using System.Text.Json;
using MarketMaking.Models;

namespace MarketMaking.Adapters.Kraken;

/// <summary>
/// Parses Kraken WebSocket v2 <c>book</c> messages straight from UTF-8 bytes into a reusable <see cref="KrakenBookFrame"/>,
/// allocating nothing for well-formed frames.
/// </summary>
/// <remarks>
/// Message shape (<see href="https://docs.kraken.com/api/docs/websocket-v2/book"/>):
/// <c>{"channel":"book","type":"snapshot"|"update","data":[{"symbol":"BTC/USD","bids":[{"price":29430.2,"qty":0.18967538}],"asks":[...],"checksum":2785033588,"timestamp":"2023-07-30T15:29:58.343415Z"}]}</c>.
/// Prices and quantities are read as exact decimals, never doubles; numbers sent as strings are accepted too.
/// Unknown properties are skipped, so new fields do not break the parser.
/// </remarks>
public static class KrakenBookFrameParser
{
    /// <summary>Parses one WebSocket text frame.</summary>
    /// <param name="utf8Frame">The frame's UTF-8 bytes.</param>
    /// <param name="frame">The holder to fill; reset first.</param>
    /// <returns><see cref="KrakenFrameParseStatus.Book"/> when <paramref name="frame"/> holds a book message.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="frame"/> is null.</exception>
    public static KrakenFrameParseStatus Parse(ReadOnlySpan<byte> utf8Frame, KrakenBookFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        frame.Reset();
        try
        {
            return ParseCore(utf8Frame, frame);
        }
        catch (JsonException exception)
        {
            return Fail(frame, $"Not valid JSON: {exception.Message}");
        }
    }

    private static KrakenFrameParseStatus ParseCore(ReadOnlySpan<byte> utf8Frame, KrakenBookFrame frame)
    {
        var reader = new Utf8JsonReader(utf8Frame);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return Fail(frame, "Expected a JSON object");
        }

        bool? isBook = null;
        var hasType = false;
        var hasData = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("channel"u8))
            {
                reader.Read();
                isBook = reader.TokenType == JsonTokenType.String && reader.ValueTextEquals("book"u8);
                if (isBook == false)
                {
                    return KrakenFrameParseStatus.NotBook;
                }
            }
            else if (reader.ValueTextEquals("type"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.String)
                {
                    return Fail(frame, "'type' must be a string");
                }

                frame.IsSnapshot = reader.ValueTextEquals("snapshot"u8);
                hasType = frame.IsSnapshot || reader.ValueTextEquals("update"u8);
                if (!hasType)
                {
                    return Fail(frame, "'type' must be 'snapshot' or 'update'");
                }
            }
            else if (reader.ValueTextEquals("data"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.StartArray)
                {
                    return Fail(frame, "'data' must be an array");
                }

                while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
                {
                    var error = ParseEntry(ref reader, frame.AddEntry());
                    if (error is not null)
                    {
                        return Fail(frame, error);
                    }
                }

                hasData = true;
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (isBook != true)
        {
            return KrakenFrameParseStatus.NotBook;
        }

        if (!hasType || !hasData)
        {
            return Fail(frame, hasType ? "Missing 'data'" : "Missing 'type'");
        }

        return frame.Count == 0 ? Fail(frame, "'data' is empty") : KrakenFrameParseStatus.Book;
    }

    private static string? ParseEntry(ref Utf8JsonReader reader, KrakenBookEntry entry)
    {
        var hasSymbol = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("symbol"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.String || reader.ValueIsEscaped || !entry.TrySetSymbol(reader.ValueSpan))
                {
                    return "'symbol' must be a plain string of at most 64 bytes";
                }

                hasSymbol = true;
            }
            else if (reader.ValueTextEquals("bids"u8))
            {
                var error = ParseLevels(ref reader, entry, Side.Buy);
                if (error is not null)
                {
                    return error;
                }
            }
            else if (reader.ValueTextEquals("asks"u8))
            {
                var error = ParseLevels(ref reader, entry, Side.Sell);
                if (error is not null)
                {
                    return error;
                }
            }
            else if (reader.ValueTextEquals("checksum"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.Number || !reader.TryGetUInt32(out var checksum))
                {
                    return "'checksum' must be an unsigned 32-bit integer";
                }

                entry.SetChecksum(checksum);
            }
            else if (reader.ValueTextEquals("timestamp"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.String
                    || !KrakenTimestamp.TryParseUnixNanoseconds(reader.ValueSpan, out var timestamp))
                {
                    return "'timestamp' must be an RFC 3339 time";
                }

                entry.SetTimestamp(timestamp);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return hasSymbol ? null : "Missing 'symbol'";
    }

    private static string? ParseLevels(ref Utf8JsonReader reader, KrakenBookEntry entry, Side side)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return side == Side.Buy ? "'bids' must be an array" : "'asks' must be an array";
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
        {
            Price price = default;
            Quantity quantity = default;
            var hasPrice = false;
            var hasQuantity = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("price"u8))
                {
                    reader.Read();
                    hasPrice = TryReadDecimal(ref reader, out var value);
                    price = new Price(value);
                }
                else if (reader.ValueTextEquals("qty"u8))
                {
                    reader.Read();
                    hasQuantity = TryReadDecimal(ref reader, out var value) && value >= 0m;
                    quantity = hasQuantity ? new Quantity(value) : default;
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            if (!hasPrice || !hasQuantity)
            {
                return "A book level needs a numeric 'price' and a non-negative numeric 'qty'";
            }

            entry.AddLevel(side, new BookLevel(price, quantity));
        }

        return reader.TokenType == JsonTokenType.EndArray ? null : "Book levels must be objects";
    }

    private static bool TryReadDecimal(ref Utf8JsonReader reader, out decimal value)
    {
        // A JSON number is never escaped, and frames are parsed from one span, so ValueSpan is the whole token.
        if ((reader.TokenType == JsonTokenType.Number || (reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped))
            && Price.TryParse(reader.ValueSpan, out var price))
        {
            value = price.Value;
            return true;
        }

        value = 0m;
        return false;
    }

    private static KrakenFrameParseStatus Fail(KrakenBookFrame frame, string error)
    {
        frame.Error = error;
        return KrakenFrameParseStatus.Malformed;
    }
}
