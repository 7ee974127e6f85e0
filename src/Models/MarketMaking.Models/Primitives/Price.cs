using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace MarketMaking.Models;

/// <summary>
/// A price in quote currency per unit of base currency, stored as an exact <see cref="decimal"/>.
/// </summary>
/// <remarks>
/// <para>Prices may be negative (a price difference or a spread is a <see cref="Price"/> too); venue-ready prices come
/// from <see cref="InstrumentSpec.RoundToTick(Price)"/> and are validated by <see cref="InstrumentSpec.Validate(Price, Quantity)"/>.</para>
/// <para>Parsing and formatting are culture-invariant; formatting never uses an exponent and keeps the scale the value
/// was parsed with (<c>"0.5660"</c> formats as <c>0.5660</c>).</para>
/// <para>Arithmetic result types:</para>
/// <list type="table">
/// <listheader><term>expression</term><description>result</description></listheader>
/// <item><term><c>Price + Price</c>, <c>Price - Price</c></term><description><see cref="Price"/></description></item>
/// <item><term><c>Price * decimal</c>, <c>Price / decimal</c></term><description><see cref="Price"/></description></item>
/// <item><term><c>Price * Quantity</c></term><description><see cref="decimal"/> notional in quote currency</description></item>
/// <item><term><c>-Price</c></term><description><see cref="Price"/></description></item>
/// </list>
/// </remarks>
public readonly struct Price :
    IEquatable<Price>, IComparable<Price>, IComparable, ISpanFormattable, IUtf8SpanFormattable,
    ISpanParsable<Price>, IUtf8SpanParsable<Price>
{
    private readonly decimal _value;

    /// <summary>Initializes a new price from an exact decimal value in quote currency per unit of base.</summary>
    /// <param name="value">The price.</param>
    public Price(decimal value) => _value = value;

    /// <summary>Gets the zero price.</summary>
    public static Price Zero => default;

    /// <summary>Gets the exact value in quote currency per unit of base.</summary>
    public decimal Value => _value;

    /// <summary>Returns <paramref name="value"/> as a <see cref="Price"/>.</summary>
    /// <param name="value">The price in quote currency per unit of base.</param>
    /// <returns>The price.</returns>
    public static Price FromDecimal(decimal value) => new(value);

    /// <summary>Parses a price from invariant-culture text such as <c>29430.2</c> or <c>1e-08</c>.</summary>
    /// <param name="s">The text.</param>
    /// <param name="provider">Ignored: parsing is always invariant.</param>
    /// <returns>The price.</returns>
    /// <exception cref="FormatException"><paramref name="s"/> is not a decimal number.</exception>
    public static Price Parse(string s, IFormatProvider? provider = null)
    {
        ArgumentNullException.ThrowIfNull(s);
        return Parse(s.AsSpan(), provider);
    }

    /// <inheritdoc cref="Parse(string, IFormatProvider?)"/>
    public static Price Parse(ReadOnlySpan<char> s, IFormatProvider? provider = null) =>
        TryParse(s, provider, out var price) ? price : throw new FormatException($"'{s}' is not a valid price.");

    /// <summary>Parses a price from UTF-8 invariant-culture text, the form it has on the wire.</summary>
    /// <param name="utf8Text">The UTF-8 text.</param>
    /// <param name="provider">Ignored: parsing is always invariant.</param>
    /// <returns>The price.</returns>
    /// <exception cref="FormatException"><paramref name="utf8Text"/> is not a decimal number.</exception>
    public static Price Parse(ReadOnlySpan<byte> utf8Text, IFormatProvider? provider = null) =>
        TryParse(utf8Text, provider, out var price)
            ? price
            : throw new FormatException($"'{System.Text.Encoding.UTF8.GetString(utf8Text)}' is not a valid price.");

    /// <summary>Tries to parse a price from invariant-culture text.</summary>
    /// <param name="s">The text.</param>
    /// <param name="provider">Ignored: parsing is always invariant.</param>
    /// <param name="result">The price when parsing succeeds.</param>
    /// <returns><see langword="true"/> when <paramref name="s"/> is a decimal number.</returns>
    public static bool TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, out Price result) =>
        TryParse(s.AsSpan(), provider, out result);

    /// <inheritdoc cref="TryParse(string?, IFormatProvider?, out Price)"/>
    public static bool TryParse(ReadOnlySpan<char> s, IFormatProvider? provider, out Price result)
    {
        var ok = DecimalText.TryParse(s, out var value);
        result = new Price(value);
        return ok;
    }

    /// <summary>Tries to parse a price from UTF-8 invariant-culture text, without allocating.</summary>
    /// <param name="utf8Text">The UTF-8 text.</param>
    /// <param name="provider">Ignored: parsing is always invariant.</param>
    /// <param name="result">The price when parsing succeeds.</param>
    /// <returns><see langword="true"/> when the whole of <paramref name="utf8Text"/> is a decimal number.</returns>
    public static bool TryParse(ReadOnlySpan<byte> utf8Text, IFormatProvider? provider, out Price result)
    {
        var ok = DecimalText.TryParse(utf8Text, out var value);
        result = new Price(value);
        return ok;
    }

    /// <inheritdoc cref="TryParse(ReadOnlySpan{byte}, IFormatProvider?, out Price)"/>
    public static bool TryParse(ReadOnlySpan<byte> utf8Text, out Price result) => TryParse(utf8Text, null, out result);

    /// <summary>Returns the sum of two prices.</summary>
    public static Price operator +(Price left, Price right) => new(left._value + right._value);

    /// <summary>Returns the difference of two prices.</summary>
    public static Price operator -(Price left, Price right) => new(left._value - right._value);

    /// <summary>Returns the negated price.</summary>
    public static Price operator -(Price price) => new(-price._value);

    /// <summary>Returns the price scaled by a factor.</summary>
    public static Price operator *(Price price, decimal factor) => new(price._value * factor);

    /// <summary>Returns the price divided by a divisor.</summary>
    /// <exception cref="DivideByZeroException"><paramref name="divisor"/> is zero.</exception>
    public static Price operator /(Price price, decimal divisor) => new(price._value / divisor);

    /// <summary>Returns the notional value in quote currency of <paramref name="quantity"/> at <paramref name="price"/>.</summary>
    public static decimal operator *(Price price, Quantity quantity) => price._value * quantity.Value;

    /// <summary>Returns whether two prices are equal in value (scale is ignored: 1.10 equals 1.1).</summary>
    public static bool operator ==(Price left, Price right) => left._value == right._value;

    /// <summary>Returns whether two prices differ in value.</summary>
    public static bool operator !=(Price left, Price right) => left._value != right._value;

    /// <summary>Returns whether <paramref name="left"/> is lower than <paramref name="right"/>.</summary>
    public static bool operator <(Price left, Price right) => left._value < right._value;

    /// <summary>Returns whether <paramref name="left"/> is higher than <paramref name="right"/>.</summary>
    public static bool operator >(Price left, Price right) => left._value > right._value;

    /// <summary>Returns whether <paramref name="left"/> is lower than or equal to <paramref name="right"/>.</summary>
    public static bool operator <=(Price left, Price right) => left._value <= right._value;

    /// <summary>Returns whether <paramref name="left"/> is higher than or equal to <paramref name="right"/>.</summary>
    public static bool operator >=(Price left, Price right) => left._value >= right._value;

    /// <summary>Returns the lower of two prices.</summary>
    public static Price Min(Price left, Price right) => left._value <= right._value ? left : right;

    /// <summary>Returns the higher of two prices.</summary>
    public static Price Max(Price left, Price right) => left._value >= right._value ? left : right;

    /// <inheritdoc/>
    public bool Equals(Price other) => _value == other._value;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Price other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => _value.GetHashCode();

    /// <inheritdoc/>
    public int CompareTo(Price other) => _value.CompareTo(other._value);

    /// <inheritdoc/>
    public int CompareTo(object? obj) => obj switch
    {
        null => 1,
        Price other => CompareTo(other),
        _ => throw new ArgumentException("Object must be a Price.", nameof(obj)),
    };

    /// <summary>Formats the price with invariant culture and no exponent.</summary>
    /// <returns>The price text, for example <c>29430.2</c>.</returns>
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
}
