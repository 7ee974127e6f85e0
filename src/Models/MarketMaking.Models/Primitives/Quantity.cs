using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace MarketMaking.Models;

/// <summary>
/// A non-negative quantity in base units (contracts for inverse futures), stored as an exact <see cref="decimal"/>.
/// </summary>
/// <remarks>
/// <para>Direction is never a sign: it is carried separately by <see cref="Side"/>. Venue-ready quantities come from
/// <see cref="InstrumentSpec.RoundDownToLot(Quantity)"/>.</para>
/// <para>Parsing and formatting are culture-invariant; formatting never uses an exponent.</para>
/// <para>Arithmetic result types:</para>
/// <list type="table">
/// <listheader><term>expression</term><description>result</description></listheader>
/// <item><term><c>Quantity + Quantity</c></term><description><see cref="Quantity"/></description></item>
/// <item><term><c>Quantity - Quantity</c></term><description><see cref="Quantity"/>; throws when the result would be negative</description></item>
/// <item><term><c>Quantity * decimal</c>, <c>Quantity / decimal</c></term><description><see cref="Quantity"/>; throws when negative</description></item>
/// <item><term><c>Price * Quantity</c></term><description><see cref="decimal"/> notional in quote currency</description></item>
/// </list>
/// </remarks>
public readonly struct Quantity :
    IEquatable<Quantity>, IComparable<Quantity>, IComparable, ISpanFormattable, IUtf8SpanFormattable,
    ISpanParsable<Quantity>, IUtf8SpanParsable<Quantity>
{
    private readonly decimal _value;

    /// <summary>Initializes a new quantity in base units.</summary>
    /// <param name="value">The quantity; must not be negative.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is negative.</exception>
    public Quantity(decimal value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        _value = value;
    }

    /// <summary>Gets the zero quantity.</summary>
    public static Quantity Zero => default;

    /// <summary>Gets the exact value in base units.</summary>
    public decimal Value => _value;

    /// <summary>Gets whether the quantity is zero.</summary>
    public bool IsZero => _value == 0m;

    /// <summary>Returns <paramref name="value"/> as a <see cref="Quantity"/>.</summary>
    /// <param name="value">The quantity in base units; must not be negative.</param>
    /// <returns>The quantity.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is negative.</exception>
    public static Quantity FromDecimal(decimal value) => new(value);

    /// <summary>Parses a quantity from invariant-culture text such as <c>0.00100000</c>.</summary>
    /// <param name="s">The text.</param>
    /// <param name="provider">Ignored: parsing is always invariant.</param>
    /// <returns>The quantity.</returns>
    /// <exception cref="FormatException"><paramref name="s"/> is not a non-negative decimal number.</exception>
    public static Quantity Parse(string s, IFormatProvider? provider = null)
    {
        ArgumentNullException.ThrowIfNull(s);
        return Parse(s.AsSpan(), provider);
    }

    /// <inheritdoc cref="Parse(string, IFormatProvider?)"/>
    public static Quantity Parse(ReadOnlySpan<char> s, IFormatProvider? provider = null) =>
        TryParse(s, provider, out var quantity) ? quantity : throw new FormatException($"'{s}' is not a valid quantity.");

    /// <summary>Parses a quantity from UTF-8 invariant-culture text, the form it has on the wire.</summary>
    /// <param name="utf8Text">The UTF-8 text.</param>
    /// <param name="provider">Ignored: parsing is always invariant.</param>
    /// <returns>The quantity.</returns>
    /// <exception cref="FormatException"><paramref name="utf8Text"/> is not a non-negative decimal number.</exception>
    public static Quantity Parse(ReadOnlySpan<byte> utf8Text, IFormatProvider? provider = null) =>
        TryParse(utf8Text, provider, out var quantity)
            ? quantity
            : throw new FormatException($"'{System.Text.Encoding.UTF8.GetString(utf8Text)}' is not a valid quantity.");

    /// <summary>Tries to parse a quantity from invariant-culture text.</summary>
    /// <param name="s">The text.</param>
    /// <param name="provider">Ignored: parsing is always invariant.</param>
    /// <param name="result">The quantity when parsing succeeds.</param>
    /// <returns><see langword="true"/> when <paramref name="s"/> is a non-negative decimal number.</returns>
    public static bool TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, out Quantity result) =>
        TryParse(s.AsSpan(), provider, out result);

    /// <inheritdoc cref="TryParse(string?, IFormatProvider?, out Quantity)"/>
    public static bool TryParse(ReadOnlySpan<char> s, IFormatProvider? provider, out Quantity result) =>
        FromParsed(DecimalText.TryParse(s, out var value), value, out result);

    /// <summary>Tries to parse a quantity from UTF-8 invariant-culture text, without allocating.</summary>
    /// <param name="utf8Text">The UTF-8 text.</param>
    /// <param name="provider">Ignored: parsing is always invariant.</param>
    /// <param name="result">The quantity when parsing succeeds.</param>
    /// <returns><see langword="true"/> when the whole of <paramref name="utf8Text"/> is a non-negative decimal number.</returns>
    public static bool TryParse(ReadOnlySpan<byte> utf8Text, IFormatProvider? provider, out Quantity result) =>
        FromParsed(DecimalText.TryParse(utf8Text, out var value), value, out result);

    /// <inheritdoc cref="TryParse(ReadOnlySpan{byte}, IFormatProvider?, out Quantity)"/>
    public static bool TryParse(ReadOnlySpan<byte> utf8Text, out Quantity result) => TryParse(utf8Text, null, out result);

    /// <summary>Returns the sum of two quantities.</summary>
    public static Quantity operator +(Quantity left, Quantity right) => new(left._value + right._value);

    /// <summary>Returns the difference of two quantities.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="right"/> is larger than <paramref name="left"/>.</exception>
    public static Quantity operator -(Quantity left, Quantity right) => new(left._value - right._value);

    /// <summary>Returns the quantity scaled by a non-negative factor.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="factor"/> is negative.</exception>
    public static Quantity operator *(Quantity quantity, decimal factor) => new(quantity._value * factor);

    /// <summary>Returns the quantity divided by a positive divisor.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="divisor"/> is negative.</exception>
    /// <exception cref="DivideByZeroException"><paramref name="divisor"/> is zero.</exception>
    public static Quantity operator /(Quantity quantity, decimal divisor) => new(quantity._value / divisor);

    /// <summary>Returns whether two quantities are equal in value (scale is ignored).</summary>
    public static bool operator ==(Quantity left, Quantity right) => left._value == right._value;

    /// <summary>Returns whether two quantities differ in value.</summary>
    public static bool operator !=(Quantity left, Quantity right) => left._value != right._value;

    /// <summary>Returns whether <paramref name="left"/> is smaller than <paramref name="right"/>.</summary>
    public static bool operator <(Quantity left, Quantity right) => left._value < right._value;

    /// <summary>Returns whether <paramref name="left"/> is larger than <paramref name="right"/>.</summary>
    public static bool operator >(Quantity left, Quantity right) => left._value > right._value;

    /// <summary>Returns whether <paramref name="left"/> is smaller than or equal to <paramref name="right"/>.</summary>
    public static bool operator <=(Quantity left, Quantity right) => left._value <= right._value;

    /// <summary>Returns whether <paramref name="left"/> is larger than or equal to <paramref name="right"/>.</summary>
    public static bool operator >=(Quantity left, Quantity right) => left._value >= right._value;

    /// <summary>Returns the smaller of two quantities.</summary>
    public static Quantity Min(Quantity left, Quantity right) => left._value <= right._value ? left : right;

    /// <summary>Returns the larger of two quantities.</summary>
    public static Quantity Max(Quantity left, Quantity right) => left._value >= right._value ? left : right;

    /// <inheritdoc/>
    public bool Equals(Quantity other) => _value == other._value;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Quantity other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => _value.GetHashCode();

    /// <inheritdoc/>
    public int CompareTo(Quantity other) => _value.CompareTo(other._value);

    /// <inheritdoc/>
    public int CompareTo(object? obj) => obj switch
    {
        null => 1,
        Quantity other => CompareTo(other),
        _ => throw new ArgumentException("Object must be a Quantity.", nameof(obj)),
    };

    /// <summary>Formats the quantity with invariant culture and no exponent.</summary>
    /// <returns>The quantity text, for example <c>0.00100000</c>.</returns>
    public override string ToString() => _value.ToString(CultureInfo.InvariantCulture);

    /// <inheritdoc/>
    public string ToString(string? format, IFormatProvider? formatProvider) =>
        _value.ToString(format, formatProvider ?? CultureInfo.InvariantCulture);

    /// <inheritdoc/>
    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider) =>
        _value.TryFormat(destination, out charsWritten, format, provider ?? CultureInfo.InvariantCulture);

    /// <inheritdoc/>
    public bool TryFormat(Span<byte> utf8Destination, out int bytesWritten, ReadOnlySpan<char> format, IFormatProvider? provider) =>
        _value.TryFormat(utf8Destination, out bytesWritten, format, provider ?? CultureInfo.InvariantCulture);

    private static bool FromParsed(bool parsed, decimal value, out Quantity result)
    {
        if (parsed && value >= 0m)
        {
            result = new Quantity(value);
            return true;
        }

        result = default;
        return false;
    }
}
