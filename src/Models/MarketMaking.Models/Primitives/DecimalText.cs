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
        if (TryParsePlain(utf8Text, out value))
        {
            return true;
        }

        // Utf8Parser's default format accepts an exponent ("1e-08"), as venues' JSON numbers may carry one.
        if (Utf8Parser.TryParse(utf8Text, out value, out var consumed) && consumed == utf8Text.Length && consumed > 0)
        {
            return true;
        }

        value = default;
        return false;
    }

    /// <summary>
    /// The common wire form, <c>-?digits[.digits]</c> with at most 19 digits, read straight into the decimal's mantissa
    /// and scale (trailing zeros kept, as <see cref="decimal.Parse(string)"/> keeps them). Several times faster than
    /// <see cref="Utf8Parser"/>, which remains the fallback for exponents and long mantissas.
    /// </summary>
    private static bool TryParsePlain(ReadOnlySpan<byte> utf8Text, out decimal value)
    {
        value = default;
        var negative = utf8Text.Length > 0 && utf8Text[0] == '-';
        var position = negative ? 1 : 0;
        ulong mantissa = 0;
        var digits = 0;
        var scale = 0;
        var seenPoint = false;
        for (; position < utf8Text.Length; position++)
        {
            var c = utf8Text[position];
            var digit = (uint)(c - '0');
            if (digit <= 9)
            {
                if (++digits > 19)
                {
                    return false;
                }

                mantissa = (mantissa * 10) + digit;
                scale += seenPoint ? 1 : 0;
            }
            else if (c == '.' && !seenPoint)
            {
                seenPoint = true;
            }
            else
            {
                return false;
            }
        }

        // "1." and "." are left to the fallback, which decides what they mean.
        if (digits == 0 || (seenPoint && scale == 0))
        {
            return false;
        }

        value = new decimal((int)(uint)mantissa, (int)(uint)(mantissa >> 32), 0, negative, (byte)scale);
        return true;
    }
}
