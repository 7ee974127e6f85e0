using System.Collections.Immutable;
using System.Text.Json;

namespace MarketMaking.Adapters.Mexc;

/// <summary>
/// One JSON text frame of MEXC Spot's WebSocket: <c>{"id":n,"code":0,"msg":"..."}</c>. The <c>msg</c> decides what it
/// is: <c>PONG</c>; the channels subscribed, comma-joined; or "Not Subscribed successfully! [channels]. Reason: ..." —
/// a refusal that still says <c>code: 0</c>, so the code is never trusted alone.
/// </summary>
/// <param name="Kind">What the frame is.</param>
/// <param name="Id">The request id echoed (0 when MEXC echoes none).</param>
/// <param name="Code">MEXC's code.</param>
/// <param name="Message">The <c>msg</c> text.</param>
/// <param name="Channels">The channels the frame names (acknowledged or refused).</param>
/// <remarks>Source: MEXC Spot v3 docs, "Websocket Market Streams" (subscribe, PING); <c>docs/protocol/mexc.md</c> §3.1, and the refused-subscription frames in <c>tests/fixtures/mexc/spot/ws/control-frames.json</c>.</remarks>
public sealed record MexcControlFrame(MexcControlFrameKind Kind, long Id, int Code, string Message, ImmutableArray<string> Channels)
{
    private const string RefusedPrefix = "Not Subscribed successfully";

    /// <summary>Reads a text frame.</summary>
    /// <param name="utf8">The frame.</param>
    /// <returns>The frame, or <see langword="null"/> when it is not a MEXC control frame.</returns>
    public static MexcControlFrame? TryRead(ReadOnlySpan<byte> utf8)
    {
        try
        {
            var reader = new Utf8JsonReader(utf8);
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("msg", out var msgElement) || msgElement.ValueKind != JsonValueKind.String)
            {
                return null;
            }

            var message = msgElement.GetString()!;
            var id = root.TryGetProperty("id", out var idElement) && idElement.TryGetInt64(out var number) ? number : 0;
            var code = root.TryGetProperty("code", out var codeElement) && codeElement.TryGetInt32(out var c) ? c : 0;
            if (message == "PONG")
            {
                return new MexcControlFrame(MexcControlFrameKind.Pong, id, code, message, []);
            }

            if (message.StartsWith(RefusedPrefix, StringComparison.OrdinalIgnoreCase))
            {
                var open = message.IndexOf('[', StringComparison.Ordinal);
                var close = message.IndexOf(']', StringComparison.Ordinal);
                var channels = open >= 0 && close > open ? Split(message[(open + 1)..close]) : [];
                return new MexcControlFrame(MexcControlFrameKind.Refused, id, code, message.Trim(), channels);
            }

            return code == 0
                ? new MexcControlFrame(MexcControlFrameKind.Acknowledged, id, code, message, Split(message))
                : new MexcControlFrame(MexcControlFrameKind.Error, id, code, message, []);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static ImmutableArray<string> Split(string text) =>
        [.. text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
}
