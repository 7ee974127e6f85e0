using System.Buffers.Text;
using System.Globalization;

namespace MarketMaking.Models;

/// <summary>Culture-invariant decimal parsing shared by <see cref="Price"/> and <see cref="Quantity"/>.</summary>
internal static class DecimalText
{
    // No white space, no thousands separators: wire values are plain numbers, optionally with an exponent.
    private const NumberStyles Styles = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;

    public static bool TryParse(ReadOnlySpan<char> text, out decimal value) =>
        decimal.TryParse(text, Styles, CultureInfo.InvariantCulture, out value);

    public static bool TryParse(ReadOnlySpan<byte> utf8Text, out decimal value)
    {
        // Utf8Parser's default format accepts an exponent ("1e-08"), as venues' JSON numbers may carry one.
        if (Utf8Parser.TryParse(utf8Text, out value, out var consumed) && consumed == utf8Text.Length && consumed > 0)
        {
            return true;
        }

        value = default;
        return false;
    }
}
