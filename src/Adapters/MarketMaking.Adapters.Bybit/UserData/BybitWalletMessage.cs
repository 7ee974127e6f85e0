using System.Text.Json;
using MarketMaking.Models;

namespace MarketMaking.Adapters.Bybit;

/// <summary>
/// Reads a v5 private <c>wallet</c> message (<c>{"topic": "wallet", "creationTime", "data": [{"coin": [...]}]}</c>):
/// each coin into a <see cref="BalanceUpdate"/>, its total the <c>walletBalance</c>, what is free of open orders
/// <c>walletBalance</c> less <c>locked</c> (empty counts as zero).
/// </summary>
/// <remarks>Source: https://bybit-exchange.github.io/docs/v5/websocket/private/wallet.</remarks>
internal static class BybitWalletMessage
{
    /// <summary>Reads one message.</summary>
    /// <param name="json">The message's UTF-8 JSON.</param>
    /// <param name="venue">The venue id the balances carry.</param>
    /// <param name="receivedAt">When it was received, in ns since the Unix epoch; <c>creationTime</c> (ms) is the event time.</param>
    /// <returns>The balances, in the message's order.</returns>
    /// <exception cref="JsonException">A coin's name or wallet balance is missing or not a number (the text names it).</exception>
    public static IReadOnlyList<BalanceUpdate> Parse(ReadOnlySpan<byte> json, VenueId venue, long receivedAt)
    {
        var reader = new Utf8JsonReader(json);
        using var document = JsonDocument.ParseValue(ref reader);
        var root = document.RootElement;
        var (data, time) = BybitJson.PrivateData(root, "wallet", receivedAt);
        var balances = new List<BalanceUpdate>();
        foreach (var account in data.EnumerateArray())
        {
            if (!account.TryGetProperty("coin", out var coins) || coins.ValueKind != JsonValueKind.Array)
            {
                continue;
            }

            foreach (var coin in coins.EnumerateArray())
            {
                var asset = coin.TryGetProperty("coin", out var name) && name.GetString() is { Length: > 0 } text ? text : throw new JsonException("A wallet coin needs its coin");
                var total = Decimal(coin, "walletBalance") ?? throw new JsonException($"The wallet coin {asset} needs its walletBalance");
                balances.Add(new BalanceUpdate(venue, AssetId.Create(asset), total, time, receivedAt) { Available = total - (Decimal(coin, "locked") ?? 0m) });
            }
        }

        return balances;
    }

    private static decimal? Decimal(JsonElement coin, string name) => BybitJson.OptionalDecimal(coin, name, "A wallet coin");
}
