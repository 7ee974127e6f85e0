namespace MarketMaking.Models;

/// <summary>Identifies a trade (a fill or a public print) by the venue's id, unique per venue and instrument.</summary>
/// <remarks>Printable ASCII without spaces, 1 to <see cref="MaxLength"/> characters, for example <c>10218208</c>.
/// Compared ordinally (case-sensitive).</remarks>
/// <param name="Value">The identifier text.</param>
public readonly record struct TradeId(string Value)
{
    /// <summary>The maximum length in characters.</summary>
    public const int MaxLength = 64;

    /// <summary>Creates the identifier, validating its text.</summary>
    /// <param name="value">The identifier text.</param>
    /// <returns>The identifier.</returns>
    /// <exception cref="ArgumentException"><paramref name="value"/> is empty, longer than <see cref="MaxLength"/>, or not printable ASCII.</exception>
    public static TradeId Create(string value)
    {
        var problem = IdentifierText.Validate(value, MaxLength);
        return problem is null ? new TradeId(value) : throw new ArgumentException($"TradeId {problem}.", nameof(value));
    }

    /// <summary>Tries to create the identifier, validating its text.</summary>
    /// <param name="value">The identifier text.</param>
    /// <param name="id">The identifier when <paramref name="value"/> is valid.</param>
    /// <returns><see langword="true"/> when <paramref name="value"/> is a valid identifier.</returns>
    public static bool TryCreate(string? value, out TradeId id)
    {
        var valid = IdentifierText.Validate(value, MaxLength) is null;
        id = valid ? new TradeId(value!) : default;
        return valid;
    }

    /// <summary>Returns the identifier text.</summary>
    /// <returns>The identifier text, or an empty string for the default value.</returns>
    public override string ToString() => Value ?? string.Empty;
}
