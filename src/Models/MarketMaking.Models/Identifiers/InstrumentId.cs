namespace MarketMaking.Models;

/// <summary>Identifies an instrument by its venue-native symbol, such as <c>BTC/USD</c> on Kraken WebSocket v2 or <c>BTCUSDT</c> on Binance and MEXC.</summary>
/// <remarks>Printable ASCII without spaces, 1 to <see cref="MaxLength"/> characters, for example <c>BTC/USD</c>.
/// Compared ordinally (case-sensitive).</remarks>
/// <param name="Value">The identifier text.</param>
public readonly record struct InstrumentId(string Value)
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
    public bool Equals(InstrumentId other) => string.Equals(Value, other.Value, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override int GetHashCode() => _hash;

    /// <summary>The maximum length in characters.</summary>
    public const int MaxLength = 64;

    /// <summary>Creates the identifier, validating its text.</summary>
    /// <param name="value">The identifier text.</param>
    /// <returns>The identifier.</returns>
    /// <exception cref="ArgumentException"><paramref name="value"/> is empty, longer than <see cref="MaxLength"/>, or not printable ASCII.</exception>
    public static InstrumentId Create(string value)
    {
        var problem = IdentifierText.Validate(value, MaxLength);
        return problem is null ? new InstrumentId(value) : throw new ArgumentException($"InstrumentId {problem}.", nameof(value));
    }

    /// <summary>Tries to create the identifier, validating its text.</summary>
    /// <param name="value">The identifier text.</param>
    /// <param name="id">The identifier when <paramref name="value"/> is valid.</param>
    /// <returns><see langword="true"/> when <paramref name="value"/> is a valid identifier.</returns>
    public static bool TryCreate(string? value, out InstrumentId id)
    {
        var valid = IdentifierText.Validate(value, MaxLength) is null;
        id = valid ? new InstrumentId(value!) : default;
        return valid;
    }

    /// <summary>Returns the identifier text.</summary>
    /// <returns>The identifier text, or an empty string for the default value.</returns>
    public override string ToString() => Value ?? string.Empty;
}
