namespace MarketMaking.Models;

/// <summary>Identifies a trading venue, such as <c>kraken</c> or <c>mexc-spot</c>.</summary>
/// <remarks>Printable ASCII without spaces, 1 to <see cref="MaxLength"/> characters, for example <c>kraken</c>.
/// Compared ordinally (case-sensitive).</remarks>
/// <param name="Value">The identifier text.</param>
public readonly record struct VenueId(string Value)
{
    // The text's hash, taken once: ids key the loop's maps and are looked up for every event (string hashing was
    // about 3 % of a backtest).
    private readonly int _hash = IdentifierText.Hash(Value);

    /// <summary>Gets the identifier text.</summary>
    public string Value
    {
        get;
        init
        {
            field = value;
            _hash = IdentifierText.Hash(value);
        }
    } = Value;

    /// <summary>Whether both identifiers have the same text, compared ordinally.</summary>
    /// <param name="other">The other identifier.</param>
    /// <returns><see langword="true"/> when the texts are equal.</returns>
    public bool Equals(VenueId other) => string.Equals(Value, other.Value, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override int GetHashCode() => _hash;

    /// <summary>The maximum length in characters.</summary>
    public const int MaxLength = 32;

    /// <summary>Creates the identifier, validating its text.</summary>
    /// <param name="value">The identifier text.</param>
    /// <returns>The identifier.</returns>
    /// <exception cref="ArgumentException"><paramref name="value"/> is empty, longer than <see cref="MaxLength"/>, or not printable ASCII.</exception>
    public static VenueId Create(string value)
    {
        var problem = IdentifierText.Validate(value, MaxLength);
        return problem is null ? new VenueId(value) : throw new ArgumentException($"VenueId {problem}.", nameof(value));
    }

    /// <summary>Tries to create the identifier, validating its text.</summary>
    /// <param name="value">The identifier text.</param>
    /// <param name="id">The identifier when <paramref name="value"/> is valid.</param>
    /// <returns><see langword="true"/> when <paramref name="value"/> is a valid identifier.</returns>
    public static bool TryCreate(string? value, out VenueId id)
    {
        var valid = IdentifierText.Validate(value, MaxLength) is null;
        id = valid ? new VenueId(value!) : default;
        return valid;
    }

    /// <summary>Returns the identifier text.</summary>
    /// <returns>The identifier text, or an empty string for the default value.</returns>
    public override string ToString() => Value ?? string.Empty;
}
