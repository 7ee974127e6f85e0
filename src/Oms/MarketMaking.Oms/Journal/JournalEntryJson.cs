using System.Text.Json;

namespace MarketMaking.Oms;

/// <summary>
/// Writes a journal record's JSON as <see cref="JournalJson"/>'s serializer writes it, byte for byte: the members in
/// their declared order, those at their default left out, enums as numbers, decimals with their scale. Written out by
/// hand because the serializer's generated code goes through its converters for each enum and nullable decimal: in a
/// backtest the journal's writer thread spent a third of its time there (about 14 ms of a grid run's 47, `perf`), on
/// the core the recording's reader also needs. <c>JournalEntryJsonTests</c> holds the two to the same bytes.
/// </summary>
internal static class JournalEntryJson
{
    private static readonly JsonEncodedText s_kind = JsonEncodedText.Encode(nameof(JournalEntry.Kind));
    private static readonly JsonEncodedText s_timestamp = JsonEncodedText.Encode(nameof(JournalEntry.Timestamp));
    private static readonly JsonEncodedText s_venue = JsonEncodedText.Encode(nameof(JournalEntry.Venue));
    private static readonly JsonEncodedText s_clientOrderId = JsonEncodedText.Encode(nameof(JournalEntry.ClientOrderId));
    private static readonly JsonEncodedText s_venueOrderId = JsonEncodedText.Encode(nameof(JournalEntry.VenueOrderId));
    private static readonly JsonEncodedText s_instrument = JsonEncodedText.Encode(nameof(JournalEntry.Instrument));
    private static readonly JsonEncodedText s_side = JsonEncodedText.Encode(nameof(JournalEntry.Side));
    private static readonly JsonEncodedText s_orderType = JsonEncodedText.Encode(nameof(JournalEntry.OrderType));
    private static readonly JsonEncodedText s_timeInForce = JsonEncodedText.Encode(nameof(JournalEntry.TimeInForce));
    private static readonly JsonEncodedText s_quantity = JsonEncodedText.Encode(nameof(JournalEntry.Quantity));
    private static readonly JsonEncodedText s_price = JsonEncodedText.Encode(nameof(JournalEntry.Price));
    private static readonly JsonEncodedText s_postOnly = JsonEncodedText.Encode(nameof(JournalEntry.PostOnly));
    private static readonly JsonEncodedText s_strategy = JsonEncodedText.Encode(nameof(JournalEntry.Strategy));
    private static readonly JsonEncodedText s_counter = JsonEncodedText.Encode(nameof(JournalEntry.Counter));
    private static readonly JsonEncodedText s_action = JsonEncodedText.Encode(nameof(JournalEntry.Action));
    private static readonly JsonEncodedText s_outcome = JsonEncodedText.Encode(nameof(JournalEntry.Outcome));
    private static readonly JsonEncodedText s_errorKind = JsonEncodedText.Encode(nameof(JournalEntry.ErrorKind));
    private static readonly JsonEncodedText s_error = JsonEncodedText.Encode(nameof(JournalEntry.Error));
    private static readonly JsonEncodedText s_tradeId = JsonEncodedText.Encode(nameof(JournalEntry.TradeId));
    private static readonly JsonEncodedText s_fee = JsonEncodedText.Encode(nameof(JournalEntry.Fee));
    private static readonly JsonEncodedText s_feeAsset = JsonEncodedText.Encode(nameof(JournalEntry.FeeAsset));
    private static readonly JsonEncodedText s_liquidity = JsonEncodedText.Encode(nameof(JournalEntry.Liquidity));
    private static readonly JsonEncodedText s_event = JsonEncodedText.Encode(nameof(JournalEntry.Event));
    private static readonly JsonEncodedText s_status = JsonEncodedText.Encode(nameof(JournalEntry.Status));
    private static readonly JsonEncodedText s_amount = JsonEncodedText.Encode(nameof(JournalEntry.Amount));
    private static readonly JsonEncodedText s_rate = JsonEncodedText.Encode(nameof(JournalEntry.Rate));

    /// <summary>Writes one record as a JSON object.</summary>
    /// <param name="writer">The writer, its options as the serializer's (the default encoder).</param>
    /// <param name="entry">The record.</param>
    public static void Write(Utf8JsonWriter writer, in JournalEntry entry)
    {
        writer.WriteStartObject();
        String(writer, s_kind, entry.Kind);
        Number(writer, s_timestamp, entry.Timestamp);
        String(writer, s_venue, entry.Venue);
        String(writer, s_clientOrderId, entry.ClientOrderId);
        String(writer, s_venueOrderId, entry.VenueOrderId);
        String(writer, s_instrument, entry.Instrument);
        Number(writer, s_side, (int)entry.Side);
        Number(writer, s_orderType, (int)entry.OrderType);
        Number(writer, s_timeInForce, (int)entry.TimeInForce);
        Decimal(writer, s_quantity, entry.Quantity);
        Decimal(writer, s_price, entry.Price);
        if (entry.PostOnly)
        {
            writer.WriteBoolean(s_postOnly, true);
        }

        String(writer, s_strategy, entry.Strategy);
        Number(writer, s_counter, entry.Counter);
        Number(writer, s_action, (int)entry.Action);
        Number(writer, s_outcome, (int)entry.Outcome);
        Number(writer, s_errorKind, (int)entry.ErrorKind);
        String(writer, s_error, entry.Error);
        String(writer, s_tradeId, entry.TradeId);
        if (entry.Fee != 0)
        {
            writer.WriteNumber(s_fee, entry.Fee);
        }

        String(writer, s_feeAsset, entry.FeeAsset);
        Number(writer, s_liquidity, (int)entry.Liquidity);
        Number(writer, s_event, (int)entry.Event);
        if (entry.Status is { } status)
        {
            writer.WriteNumber(s_status, (int)status);
        }

        Decimal(writer, s_amount, entry.Amount);
        Decimal(writer, s_rate, entry.Rate);
        writer.WriteEndObject();
    }

    private static void String(Utf8JsonWriter writer, JsonEncodedText name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    private static void Number(Utf8JsonWriter writer, JsonEncodedText name, long value)
    {
        if (value != 0)
        {
            writer.WriteNumber(name, value);
        }
    }

    /// <summary>A nullable decimal is at its default only when null: a zero is written.</summary>
    private static void Decimal(Utf8JsonWriter writer, JsonEncodedText name, decimal? value)
    {
        if (value is { } written)
        {
            writer.WriteNumber(name, written);
        }
    }
}
