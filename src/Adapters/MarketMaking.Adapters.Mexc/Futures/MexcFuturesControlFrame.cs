using System.Text.Json;

namespace MarketMaking.Adapters.Mexc;

/// <summary>
/// One control frame of MEXC Futures' WebSocket: <c>{"channel":"pong","data":ms}</c>, an answer
/// <c>{"channel":"rs.&lt;method&gt;","data":"success"}</c> (subscriptions, login, personal filter), or
/// <c>{"channel":"rs.error","data":"&lt;text&gt;"}</c>. Pushes (<c>push.*</c>) are not control frames.
/// </summary>
/// <param name="Kind">Pong, an acknowledgement (<see cref="MexcControlFrameKind.Acknowledged"/>; <see cref="MexcControlFrameKind.Refused"/> when its data is not <c>success</c>), or an error.</param>
/// <param name="Channel">The channel, such as <c>rs.sub.deal</c>.</param>
/// <param name="Data">The data as text (<c>success</c>, the error, the pong's time).</param>
/// <remarks>Source: MEXC contract v1 docs, "WebSocket API"; <c>docs/protocol/mexc.md</c> §5.5.</remarks>
public sealed record MexcFuturesControlFrame(MexcControlFrameKind Kind, string Channel, string Data)
{
    /// <summary>Reads a frame.</summary>
    /// <param name="root">The frame.</param>
    /// <returns>The control frame, or <see langword="null"/> for a push or anything else.</returns>
    public static MexcFuturesControlFrame? TryRead(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("channel", out var c) || c.GetString() is not { } channel)
        {
            return null;
        }

        var data = root.TryGetProperty("data", out var d) ? d.ToString() : string.Empty;
        return channel switch
        {
            "pong" => new MexcFuturesControlFrame(MexcControlFrameKind.Pong, channel, data),
            "rs.error" => new MexcFuturesControlFrame(MexcControlFrameKind.Error, channel, data),
            _ when channel.StartsWith("rs.", StringComparison.Ordinal) =>
                new MexcFuturesControlFrame(data == "success" ? MexcControlFrameKind.Acknowledged : MexcControlFrameKind.Refused, channel, data),
            _ => null,
        };
    }
}
