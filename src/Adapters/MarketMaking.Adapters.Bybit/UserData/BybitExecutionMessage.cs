using System.Globalization;
using System.Text.Json;
using MarketMaking.Models;

namespace MarketMaking.Adapters.Bybit;

/// <summary>
/// Reads a v5 private <c>execution</c> message (<c>{"topic": "execution", "creationTime", "data": [...]}</c>): each
/// <c>Trade</c>, <c>AdlTrade</c> (auto-deleveraging) or <c>BustTrade</c> (liquidation) execution into a
/// <see cref="FillEvent"/> whose trade id is <c>execId</c> (the OMS applies a fill once by it), each <c>Funding</c> into a
/// <see cref="FundingPayment"/>; other execution types (settlement, delivery) give nothing.
/// </summary>
/// <remarks>
/// Source: https://bybit-exchange.github.io/docs/v5/websocket/private/execution. The fee is <c>execFee</c> plus the
/// <c>extraFees</c> charged in the same coin (taxes such as GST). For a funding execution <c>execFee</c> is taken as
/// what the position paid (negative: received), so the payment is its opposite, and <c>feeRate</c> is the funding
/// rate; the docs say so only for the rate (UNCONFIRMED for the sign).
/// </remarks>
public static class BybitExecutionMessage
{
    /// <summary>Reads one message.</summary>
    /// <param name="json">The message's UTF-8 JSON.</param>
    /// <param name="venue">The venue id the events carry.</param>
    /// <param name="receivedAt">When it was received, in ns since the Unix epoch (<see cref="VenueEvent.TsInit"/>).</param>
    /// <returns>The events, in the message's order.</returns>
    /// <exception cref="JsonException">A field an execution needs is missing or of the wrong kind (the text names it).</exception>
    public static IReadOnlyList<VenueEvent> Parse(ReadOnlySpan<byte> json, VenueId venue, long receivedAt)
    {
        var reader = new Utf8JsonReader(json);
        using var document = JsonDocument.ParseValue(ref reader);
        if (!document.RootElement.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array)
        {
            throw new JsonException("An execution message needs the array data");
        }

        var events = new List<VenueEvent>();
        foreach (var execution in data.EnumerateArray())
        {
            var instrument = InstrumentId.Create(Text(execution, "symbol"));
            var time = long.Parse(Text(execution, "execTime"), NumberStyles.None, CultureInfo.InvariantCulture) * 1_000_000;
            switch (Text(execution, "execType"))
            {
                case "Trade" or "AdlTrade" or "BustTrade":
                    events.Add(Fill(execution, venue, instrument, time, receivedAt));
                    break;
                case "Funding":
                    events.Add(new FundingPayment(venue, instrument, -Decimal(execution, "execFee"), AssetId.Create(Text(execution, "feeCurrency")), time, receivedAt)
                    {
                        Rate = Decimal(execution, "feeRate"),
                        MarkPrice = Decimal(execution, "markPrice"),
                    });
                    break;
            }
        }

        return events;
    }

    private static FillEvent Fill(JsonElement execution, VenueId venue, InstrumentId instrument, long time, long receivedAt)
    {
        var feeCoin = Text(execution, "feeCurrency");
        var fee = Decimal(execution, "execFee");
        if (execution.TryGetProperty("extraFees", out var extras) && extras.ValueKind == JsonValueKind.Array)
        {
            fee += extras.EnumerateArray().Where(x => Text(x, "feeCoin") == feeCoin).Sum(x => Decimal(x, "fee"));
        }

        var link = execution.TryGetProperty("orderLinkId", out var id) ? id.GetString() : null;
        return new FillEvent(
            venue,
            instrument,
            VenueOrderId.Create(Text(execution, "orderId")),
            TradeId.Create(Text(execution, "execId")),
            Text(execution, "side") == "Buy" ? Side.Buy : Side.Sell,
            new Price(Decimal(execution, "execPrice")),
            new Quantity(Decimal(execution, "execQty")),
            time,
            receivedAt)
        {
            ClientOrderId = ClientOrderId.TryCreate(link, out var clientId) ? clientId : null,
            Liquidity = execution.TryGetProperty("isMaker", out var maker) && maker.ValueKind == JsonValueKind.True ? LiquiditySide.Maker : LiquiditySide.Taker,
            Fee = fee,
            FeeAsset = string.IsNullOrEmpty(feeCoin) ? null : AssetId.Create(feeCoin),
            OrderStatus = Decimal(execution, "leavesQty") == 0 ? OrderStatus.Filled : OrderStatus.PartiallyFilled,
        };
    }

    private static string Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : throw new JsonException($"An execution needs the text field {name}");

    private static decimal Decimal(JsonElement element, string name) =>
        decimal.TryParse(Text(element, name), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : throw new JsonException($"An execution's {name} is a decimal number as text");
}
