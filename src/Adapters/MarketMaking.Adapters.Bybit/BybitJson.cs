using System.Globalization;
using System.Text.Json;

namespace MarketMaking.Adapters.Bybit;

/// <summary>What Bybit v5's messages share: numbers sent as text, and the private topics' envelope.</summary>
/// <remarks>Source: https://bybit-exchange.github.io/docs/v5/websocket/private/wallet (the envelope: <c>id</c>, <c>topic</c>, <c>creationTime</c>, <c>data</c>).</remarks>
internal static class BybitJson
{
    /// <summary>Reads a number sent as text.</summary>
    /// <param name="element">The object holding it.</param>
    /// <param name="name">The field.</param>
    /// <param name="owner">What holds it, for the error: "A position".</param>
    /// <returns>The number; null when the field is missing, not text, or empty.</returns>
    /// <exception cref="JsonException">The text is not a number (the message names the field and the text).</exception>
    public static decimal? OptionalDecimal(JsonElement element, string name, string owner) =>
        !element.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.String || value.GetString() is not { Length: > 0 } text ? null
        : decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? number
        : throw new JsonException($"{owner}'s {name} is a number as text, not '{text}'");

    /// <summary>Reads a private topic's envelope.</summary>
    /// <param name="root">The message.</param>
    /// <param name="topic">The topic, for the error.</param>
    /// <param name="receivedAt">When it was received, in ns since the Unix epoch: the time when <c>creationTime</c> is missing.</param>
    /// <returns>The <c>data</c> array, and <c>creationTime</c> (ms) in ns since the Unix epoch.</returns>
    /// <exception cref="JsonException">The message has no <c>data</c> array.</exception>
    public static (JsonElement Data, long CreatedAt) PrivateData(JsonElement root, string topic, long receivedAt)
    {
        if (!root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array)
        {
            throw new JsonException($"A {topic} message needs the array data");
        }

        return (data, root.TryGetProperty("creationTime", out var created) && created.TryGetInt64(out var milliseconds) ? milliseconds * 1_000_000 : receivedAt);
    }
}
