using MarketMaking.Adapters;
using MarketMaking.Models;

namespace MarketMaking.Simulation.Matching;

/// <summary>Builds and reads the simulated venue's refusals: a <see cref="VenueError"/> whose code is a <see cref="SimulatedReject"/>.</summary>
public static class SimulatedRejection
{
    /// <summary>Returns the refusal of a request.</summary>
    /// <param name="reason">Why.</param>
    /// <param name="detail">More, when the reason needs it (which argument is invalid).</param>
    /// <returns>The error: not transient, its kind what the OMS acts on, its code the reason's name.</returns>
    public static VenueError Of(SimulatedReject reason, string? detail = null) =>
        new(KindOf(reason), IsTransient: false, reason.ToString(), detail is null ? $"The simulated venue refused the request: {reason}" : $"The simulated venue refused the request: {reason}: {detail}");

    /// <summary>Returns a failed result.</summary>
    /// <typeparam name="T">The result's value type.</typeparam>
    /// <param name="reason">Why.</param>
    /// <param name="detail">More, when the reason needs it.</param>
    /// <returns>The failure.</returns>
    public static VenueResult<T> Failure<T>(SimulatedReject reason, string? detail = null) => VenueResult<T>.Failure(Of(reason, detail));

    /// <summary>Reads the reason of a refusal made by <see cref="Of"/>.</summary>
    /// <param name="error">The error.</param>
    /// <param name="reason">The reason, when it is one.</param>
    /// <returns>Whether the error is a simulated venue's refusal.</returns>
    public static bool TryRead(VenueError error, out SimulatedReject reason)
    {
        ArgumentNullException.ThrowIfNull(error);
        reason = default;
        return error.VenueCode is { } code && Enum.TryParse(code, out reason) && Enum.IsDefined(reason);
    }

    /// <summary>The detail given with a refusal (the text after the reason), or <see langword="null"/>.</summary>
    /// <param name="error">The error.</param>
    /// <returns>The detail.</returns>
    public static string? DetailOf(VenueError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var marker = $": {error.VenueCode}: ";
        var at = error.Message.IndexOf(marker, StringComparison.Ordinal);
        return at < 0 ? null : error.Message[(at + marker.Length)..];
    }

    private static VenueErrorKind KindOf(SimulatedReject reason) => reason switch
    {
        SimulatedReject.UnknownAccount => VenueErrorKind.AuthenticationFailed,
        SimulatedReject.InvalidArguments or SimulatedReject.Unsupported => VenueErrorKind.InvalidRequest,
        SimulatedReject.UnknownInstrument => VenueErrorKind.UnknownInstrument,
        SimulatedReject.DuplicateOrder => VenueErrorKind.DuplicateClientOrderId,
        SimulatedReject.PostOnlyWouldCross => VenueErrorKind.PostOnlyWouldCross,
        SimulatedReject.InsufficientFunds => VenueErrorKind.InsufficientFunds,
        SimulatedReject.UnknownOrder => VenueErrorKind.UnknownOrder,
        SimulatedReject.TickSize => VenueErrorKind.InvalidPrice,
        SimulatedReject.OrderMinimum or SimulatedReject.CostMinimum => VenueErrorKind.InvalidQuantity,
        _ => VenueErrorKind.Unspecified,
    };
}
