using System.Text.Json.Serialization;

namespace MarketMaking.Oms;

/// <summary>
/// The journal's JSON, generated at compile time: a record is written by straight-line code instead of the serializer's
/// reflection-built metadata looked up per call (a backtest writes a record per venue answer). Same options as before:
/// members at their default left out, enums as numbers, so that journals written earlier read back.
/// </summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingDefault)]
[JsonSerializable(typeof(JournalEntry))]
[JsonSerializable(typeof(JournalEntry?))]
internal sealed partial class JournalJson : JsonSerializerContext;
