using System.Diagnostics.CodeAnalysis;

namespace MarketMaking.Models;

/// <summary>The result of a venue call: a value, a failure, or (for order entry) an unknown outcome. Never thrown.</summary>
/// <typeparam name="T">The value's type.</typeparam>
/// <remarks>
/// Expected venue outcomes are values, not exceptions: a rejected order, a rate limit, a timeout. Exceptions remain for
/// bugs and bad arguments. Check <see cref="IsSuccess"/> first; <see cref="Error"/> is set otherwise.
/// </remarks>
public readonly struct VenueResult<T>
{
    private VenueResult(VenueOutcome outcome, T? value, VenueError? error)
    {
        Outcome = outcome;
        Value = value;
        Error = error;
    }

    /// <summary>Gets how the call ended.</summary>
    public VenueOutcome Outcome { get; }

    /// <summary>Gets whether the call succeeded.</summary>
    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Outcome == VenueOutcome.Succeeded;

    /// <summary>Gets whether the request's effect is unknown (order entry only): reconcile before assuming anything.</summary>
    public bool IsOutcomeUnknown => Outcome == VenueOutcome.Unknown;

    /// <summary>Gets the value when <see cref="IsSuccess"/>.</summary>
    public T? Value { get; }

    /// <summary>Gets the error when the call failed or its outcome is unknown.</summary>
    public VenueError? Error { get; }

    /// <summary>Creates a success.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The result.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is null.</exception>
    public static VenueResult<T> Success(T value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new VenueResult<T>(VenueOutcome.Succeeded, value, null);
    }

    /// <summary>Creates a failure: the request had no effect.</summary>
    /// <param name="error">What went wrong.</param>
    /// <returns>The result.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="error"/> is null.</exception>
    public static VenueResult<T> Failure(VenueError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new VenueResult<T>(VenueOutcome.Failed, default, error);
    }

    /// <summary>Creates an unknown outcome: the request may have taken effect.</summary>
    /// <param name="error">Why the outcome is not known (timeout, dropped connection).</param>
    /// <returns>The result.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="error"/> is null.</exception>
    public static VenueResult<T> Unknown(VenueError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new VenueResult<T>(VenueOutcome.Unknown, default, error);
    }

    /// <summary>Returns the same failure or unknown outcome for another value type.</summary>
    /// <typeparam name="TOther">The other value type.</typeparam>
    /// <returns>The result.</returns>
    /// <exception cref="InvalidOperationException">This result is a success.</exception>
    public VenueResult<TOther> WithoutValue<TOther>() => Outcome switch
    {
        VenueOutcome.Failed => VenueResult<TOther>.Failure(Error!),
        VenueOutcome.Unknown => VenueResult<TOther>.Unknown(Error!),
        _ => throw new InvalidOperationException("A successful result has a value to convert, not an error."),
    };

    /// <inheritdoc/>
    public override string ToString() => Outcome switch
    {
        VenueOutcome.Succeeded => $"Succeeded: {Value}",
        VenueOutcome.Failed => $"Failed: {Error}",
        VenueOutcome.Unknown => $"Unknown outcome: {Error}",
        _ => "Unspecified",
    };
}
