namespace MarketMaking.Models;

/// <summary>Identifies an asset (a currency or token), such as <c>BTC</c> or <c>USD</c>, in the platform's canonical naming.</summary>
/// <remarks>Printable ASCII without spaces, 1 to <see cref="MaxLength"/> characters, for example <c>BTC</c>.
/// Compared ordinally (case-sensitive).</remarks>
/// <param name="Value">The identifier text.</param>
public readonly record struct AssetId(string Value)
{
    /// <summary>The maximum length in characters.</summary>
    public const int MaxLength = 32;

    /// <summary>Creates the identifier, validating its text.</summary>
    /// <param name="value">The identifier text.</param>
    /// <returns>The identifier.</returns>
    /// <exception cref="ArgumentException"><paramref name="value"/> is empty, longer than <see cref="MaxLength"/>, or not printable ASCII.</exception>
    public static AssetId Create(string value)
    {
        var problem = IdentifierText.Validate(value, MaxLength);
        return problem is null ? new AssetId(value) : throw new ArgumentException($"AssetId {problem}.", nameof(value));
    }

    /// <summary>Tries to create the identifier, validating its text.</summary>
    /// <param name="value">The identifier text.</param>
    /// <param name="id">The identifier when <paramref name="value"/> is valid.</param>
    /// <returns><see langword="true"/> when <paramref name="value"/> is a valid identifier.</returns>
    public static bool TryCreate(string? value, out AssetId id)
    {
        var valid = IdentifierText.Validate(value, MaxLength) is null;
        id = valid ? new AssetId(value!) : default;
        return valid;
    }

    /// <summary>Returns the identifier text.</summary>
    /// <returns>The identifier text, or an empty string for the default value.</returns>
    public override string ToString() => Value ?? string.Empty;
}
