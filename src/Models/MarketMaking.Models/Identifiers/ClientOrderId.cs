namespace MarketMaking.Models;

/// <summary>Identifies an order by the id our side gives it (Kraken <c>cl_ord_id</c>, MEXC <c>newClientOrderId</c>); unique per venue. Venues may impose a shorter maximum, checked by their adapters.</summary>
/// <remarks>Printable ASCII without spaces, 1 to <see cref="MaxLength"/> characters, for example <c>mm-1a2b3c</c>.
/// Compared ordinally (case-sensitive).</remarks>
/// <param name="Value">The identifier text.</param>
public readonly record struct ClientOrderId(string Value)
{
    /// <summary>The maximum length in characters.</summary>
    public const int MaxLength = 64;

    /// <summary>Creates the identifier, validating its text.</summary>
    /// <param name="value">The identifier text.</param>
    /// <returns>The identifier.</returns>
    /// <exception cref="ArgumentException"><paramref name="value"/> is empty, longer than <see cref="MaxLength"/>, or not printable ASCII.</exception>
    public static ClientOrderId Create(string value)
    {
        var problem = IdentifierText.Validate(value, MaxLength);
        return problem is null ? new ClientOrderId(value) : throw new ArgumentException($"ClientOrderId {problem}.", nameof(value));
    }

    /// <summary>Tries to create the identifier, validating its text.</summary>
    /// <param name="value">The identifier text.</param>
    /// <param name="id">The identifier when <paramref name="value"/> is valid.</param>
    /// <returns><see langword="true"/> when <paramref name="value"/> is a valid identifier.</returns>
    public static bool TryCreate(string? value, out ClientOrderId id)
    {
        var valid = IdentifierText.Validate(value, MaxLength) is null;
        id = valid ? new ClientOrderId(value!) : default;
        return valid;
    }

    /// <summary>Returns the identifier text.</summary>
    /// <returns>The identifier text, or an empty string for the default value.</returns>
    public override string ToString() => Value ?? string.Empty;
}
