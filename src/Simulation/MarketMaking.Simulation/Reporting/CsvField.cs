namespace MarketMaking.Simulation.Reporting;

/// <summary>A free-text field of the reports' CSV files (orders, sweep results), written as RFC 4180 has it.</summary>
public static class CsvField
{
    /// <summary>Quotes a field when it holds a comma, a quote or a line break (quotes doubled); empty for <see langword="null"/>.</summary>
    /// <param name="field">The text.</param>
    /// <returns>The field as written.</returns>
    public static string Quote(string? field) =>
        field is null ? string.Empty
        : field.AsSpan().IndexOfAny(",\"\r\n") < 0 ? field
        : $"\"{field.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
}
