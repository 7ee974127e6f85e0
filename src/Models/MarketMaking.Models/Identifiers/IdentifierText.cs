namespace MarketMaking.Models;

/// <summary>The rule every strong identifier shares: non-empty printable ASCII without spaces, up to a maximum length.</summary>
internal static class IdentifierText
{
    /// <summary>The hash an identifier keeps: the text's ordinal hash, 0 for none (the default identifier).</summary>
    public static int Hash(string? value) => value is null ? 0 : string.GetHashCode(value, StringComparison.Ordinal);

    public static string? Validate(string? value, int maxLength)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "must not be empty";
        }

        if (value.Length > maxLength)
        {
            return $"must be at most {maxLength} characters, was {value.Length}";
        }

        foreach (var c in value)
        {
            if (c is < '!' or > '~')
            {
                return $"must be printable ASCII without spaces, found U+{(int)c:X4}";
            }
        }

        return null;
    }
}
