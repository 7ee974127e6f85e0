using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using MarketMaking.Models;

namespace MarketMaking.Adapters.Kraken;

/// <summary>Small helpers shared by the public and private Kraken WebSocket sessions.</summary>
internal static class KrakenWsFrames
{
    private const int ExcerptLength = 200;

    /// <summary>
    /// Whether a frame can be a Kraken v2 message: text starting with <c>{</c>. Cloudflare has been seen sending plain
    /// text such as "CloudFlare WebSocket proxy restarting", which is logged and skipped.
    /// </summary>
    public static bool LooksLikeJson(ReadOnlySpan<byte> message, WebSocketMessageType messageType)
    {
        if (messageType != WebSocketMessageType.Text)
        {
            return false;
        }

        var trimmed = message.TrimStart(" \t\r\n"u8);
        return trimmed.Length > 0 && trimmed[0] == (byte)'{';
    }

    /// <summary>Returns the start of a frame as text for a log line (frames on the public connection carry no secrets).</summary>
    public static string Excerpt(ReadOnlySpan<byte> message)
    {
        var text = Encoding.UTF8.GetString(message[..Math.Min(message.Length, ExcerptLength)]);
        return message.Length > ExcerptLength ? text + "…" : text;
    }

    /// <summary>Turns a request's answer into a subscription acknowledgement.</summary>
    public static VenueResult<bool> ToAcknowledgement(VenueResult<KrakenWsResponse> answer) =>
        !answer.IsSuccess ? answer.WithoutValue<bool>()
        : answer.Value.Success ? VenueResult<bool>.Success(true)
        : VenueResult<bool>.Failure(ToError(answer.Value));

    /// <summary>Maps a failed answer's error string to a <see cref="VenueError"/>.</summary>
    public static VenueError ToError(KrakenWsResponse response)
    {
        var text = response.Error ?? "Kraken answered success: false without an error";
        if (text.StartsWith("Currency pair not supported", StringComparison.Ordinal))
        {
            return new VenueError(VenueErrorKind.UnknownInstrument, IsTransient: false, text, text);
        }

        return text.Length > 0 && text[0] is 'E' or 'W' && text.Contains(':', StringComparison.Ordinal)
            ? KrakenErrors.Map(text)
            : new VenueError(VenueErrorKind.InvalidRequest, IsTransient: false, text, text);
    }

    /// <summary>
    /// Parses a frame as JSON and hands its root to <paramref name="handle"/>. A frame that is not valid JSON, or that
    /// the handler finds not of the documented shape (it throws <see cref="FormatException"/> and the like), is passed
    /// to <paramref name="skip"/> with the problem instead: never fatal.
    /// </summary>
    public static async ValueTask DispatchJsonAsync(ReadOnlyMemory<byte> message, Func<JsonElement, Task> handle, Action<string> skip)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(message);
        }
        catch (JsonException exception)
        {
            skip($"not valid JSON: {exception.Message}");
            return;
        }

        using (document)
        {
            try
            {
                await handle(document.RootElement).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is FormatException or ArgumentException or InvalidOperationException or KeyNotFoundException)
            {
                skip(exception.Message);
            }
        }
    }
}
